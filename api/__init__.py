"""The REST service: a thin Litestar layer over :mod:`impact`."""
