"""The ``impact`` command line: the core (:mod:`impact`) on local files, no server."""
