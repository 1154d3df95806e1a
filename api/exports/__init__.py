"""Exports: audits, comparisons and sweeps as CSV or an Excel workbook (``?format=``, or
``Accept: text/csv``); the tables come from :mod:`impact.export`."""
