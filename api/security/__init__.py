"""Who may write, how often anyone may call, and what every response carries.

* :mod:`api.security.keys` -- API keys for write routes (``opt={"write": True}``) and
  the ownership of what a key saved;
* :mod:`api.security.ratelimit` -- a token bucket per client address (429 + ``Retry-After``);
* :mod:`api.security.headers` -- security headers on every response, CORS (off by default).

Request bodies (size, media type, JSON depth) are checked in :mod:`api.body`.
"""
