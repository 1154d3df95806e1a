"""API keys: write routes need one when ``IMPACT_API_KEYS`` is set; a key changes only its own.

Marking a write route
---------------------
A route that saves, changes or deletes anything declares it with one line in its
decorator; :func:`require_write_key`, one of the app-wide checks (:mod:`api.checks`), does
the rest::

    @post("/v1/scenarios/saved", opt={WRITE: True}, ...)   # WRITE == "write"

The check runs before the body is read. With keys configured, a request without
``X-API-Key`` or with an unknown key is answered 401 (``application/problem+json``,
``WWW-Authenticate: APIKey header="X-API-Key"``); the OpenAPI document of a marked
route lists 401 and 403 automatically (:func:`api.openapi.document_common_responses`).
A route that writes only sometimes (``POST /v1/scenarios`` with ``"save": true``) stays
unmarked, takes the ``caller`` dependency (:class:`Caller`) and calls
:meth:`Caller.require_key` before it saves.

Ownership
---------
A saved thing records the *key id* of its creator (:attr:`Caller.key_id`, the first 16
hex digits of the key's SHA-256) in its ``owner`` column. Only that key may replace or
delete it (:meth:`Caller.may_change`); any other key gets 403. Things with no owner --
the shipped seed plans, and whatever was saved while no keys were configured -- are
read-only while keys are configured.

Without ``IMPACT_API_KEYS`` the service is open: every client may write everything, and
the app logs a warning at start-up saying so.

Keys are never kept: :class:`api.settings.Settings` turns ``IMPACT_API_KEYS`` into
SHA-256 digests when it reads it, a presented key is hashed and compared with every
digest in constant time (:func:`hmac.compare_digest`, no early exit), and neither keys
nor bodies are logged.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException

from api.settings import sha256_hex

__all__ = [
    "API_KEY_HEADER",
    "STATE_KEY",
    "WRITE",
    "ApiKeys",
    "Caller",
    "caller_of",
    "provide_caller",
    "require_write_key",
]

WRITE: Final = "write"
"""Route ``opt`` key marking a route that writes: ``opt={WRITE: True}``."""

API_KEY_HEADER: Final = "X-API-Key"
STATE_KEY: Final = "api_keys"
"""Where the app keeps its :class:`ApiKeys` (``app.state``)."""

KEY_ID_LENGTH: Final = 16
CHALLENGE: Final = {"WWW-Authenticate": f'APIKey header="{API_KEY_HEADER}"'}


class ApiKeys:
    """The SHA-256 digests of the configured keys; no key itself is ever held."""

    def __init__(self, digests: Iterable[str]) -> None:
        self._digests = tuple(sorted(digests))

    @property
    def required(self) -> bool:
        """True when keys are configured, so that write routes need one."""
        return bool(self._digests)

    def identify(self, presented: str | None) -> str | None:
        """The key id of ``presented`` if it is a configured key, else ``None``.

        Every digest is compared, in constant time each, whatever matches first.
        """
        if not presented:
            return None
        digest = sha256_hex(presented)
        found: str | None = None
        for known in self._digests:
            if hmac.compare_digest(known, digest):
                found = known
        return found[:KEY_ID_LENGTH] if found is not None else None


@dataclass(frozen=True)
class Caller:
    """Who is calling: the id of a valid key (or none) and whether keys are required."""

    key_id: str | None
    keys_required: bool
    presented: bool = False

    @property
    def owner(self) -> str | None:
        """What to store in ``owner`` for something this caller creates."""
        return self.key_id

    def may_change(self, owner: str | None) -> bool:
        """Whether this caller may replace or delete something owned by ``owner``."""
        if not self.keys_required:
            return True
        return self.key_id is not None and owner == self.key_id

    def require_key(self) -> None:
        """Raise 401 unless keys are off or this caller presented a valid key."""
        if not self.keys_required or self.key_id is not None:
            return
        if self.presented:
            detail = f"the {API_KEY_HEADER} header does not hold a valid API key"
        else:
            detail = f"this request writes: send an API key in the {API_KEY_HEADER} header"
        raise NotAuthorizedException(
            detail=detail, headers=CHALLENGE, extra={"field": API_KEY_HEADER}
        )


def _keys_of(connection: ASGIConnection[Any, Any, Any, Any]) -> ApiKeys:
    keys = connection.app.state.get(STATE_KEY)
    if not isinstance(keys, ApiKeys):
        msg = f"app.state[{STATE_KEY!r}] holds no ApiKeys: build the app with create_app()"
        raise RuntimeError(msg)
    return keys


def caller_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Caller:
    """The :class:`Caller` of a request, from its ``X-API-Key`` header."""
    keys = _keys_of(connection)
    presented = connection.headers.get(API_KEY_HEADER)
    return Caller(
        key_id=keys.identify(presented) if keys.required else None,
        keys_required=keys.required,
        presented=bool(presented),
    )


def require_write_key(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """App-wide check of a route with ``opt={"write": True}``: a valid key when keys are on."""
    caller_of(connection).require_key()


async def provide_caller(request: ASGIConnection[Any, Any, Any, Any]) -> Caller:
    """Dependency ``caller``: the :class:`Caller` of this request."""
    return caller_of(request)
