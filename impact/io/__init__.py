"""Leontief input-output engine (textbook functions in :mod:`impact.io.iomath`)."""
