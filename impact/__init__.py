"""impact: the pure core of the economic-impact calculator.

Numbers in, numbers out: no web framework, no database, no I/O beyond loading
the data shipped in ``seeds/``. Every formula lives here once; ``api/`` calls it.
"""

__version__ = "0.1.0"
