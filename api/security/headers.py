"""What every response carries, and which browser origins may read them (CORS).

Every response -- answers, problems, 404s of unknown routes, OPTIONS -- gets
:data:`SECURITY_HEADERS` unless the handler set the header itself:

* ``X-Content-Type-Options: nosniff`` -- a browser never guesses a JSON body is HTML;
* ``X-Frame-Options: DENY`` and CSP ``frame-ancestors 'none'`` -- no framing (clickjacking);
* ``Referrer-Policy: no-referrer``;
* ``Content-Security-Policy`` -- everything from our own origin only (``default-src
  'self'``): a self-hosted page with no CDN, no plugins, no foreign forms.

``Strict-Transport-Security`` belongs to whatever terminates TLS in front of the service.

CORS is off unless ``IMPACT_CORS_ORIGINS`` names origins (:func:`cors_config`): then those
origins may call every route from a browser, sending ``Content-Type`` and ``X-API-Key``
(no cookies: the API has none).

The hook also corrects ``Allow`` on automatic ``OPTIONS`` answers: Litestar 2.25 lists
only the methods of the first handler registered for a path when a controller has
several handlers on it (``OPTIONS /v1/plans/{id}`` said ``DELETE, OPTIONS``).
"""

from __future__ import annotations

from typing import Final, Literal

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.routes import HTTPRoute
from litestar.types import Message, Method, Scope

from api.security.keys import API_KEY_HEADER

__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "ResponseHeaders", "cors_config"]

CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Final = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}
_SECURITY_RAW: Final = tuple(
    (name.lower(), (name.lower().encode("latin-1"), value.encode("latin-1")))
    for name, value in SECURITY_HEADERS.items()
)
"""Each of :data:`SECURITY_HEADERS`: its lower-case name, and the raw header a response holds."""
CORS_METHODS: Final[list[Method | Literal["*"]]] = ["GET", "POST", "PUT", "DELETE", "OPTIONS"]


class ResponseHeaders:
    """``before_send`` hook: security headers on every response; a true ``Allow``."""

    def __init__(self) -> None:
        self._allow: dict[str, str] = {}

    async def __call__(self, message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        # The raw header list, read once (MutableScopeHeaders decodes every header for every
        # lookup: 4 lookups and 4 appends were ≈ 20 µs of each answer's CPU).
        raw = message.get("headers")
        if not isinstance(raw, list):
            raw = message["headers"] = list(raw or ())
        present = {name.decode("latin-1").lower() for name, _ in raw}
        raw.extend(header for name, header in _SECURITY_RAW if name not in present)
        if scope.get("method") == "OPTIONS" and "allow" in present:
            allow = self._allow_of(scope)
            if allow:
                MutableScopeHeaders.from_message(message)["Allow"] = allow

    def _allow_of(self, scope: Scope) -> str | None:
        template = scope.get("path_template")
        if not template:  # absent when no route matched
            return None
        if template not in self._allow:
            app: Litestar = scope["litestar_app"]
            methods: set[str] = set()
            for route in app.routes:
                if isinstance(route, HTTPRoute) and route.path_format == template:
                    methods.update(route.methods)
            self._allow[template] = ", ".join(sorted(methods))
        return self._allow[template] or None


def cors_config(origins: tuple[str, ...]) -> CORSConfig | None:
    """CORS for ``origins`` (``IMPACT_CORS_ORIGINS``); ``None`` -- CORS off -- when empty."""
    if not origins:
        return None
    allowed = ["*"] if "*" in origins else list(origins)
    return CORSConfig(
        allow_origins=allowed,
        allow_methods=CORS_METHODS,
        allow_headers=["Content-Type", API_KEY_HEADER, "If-Match"],
        expose_headers=["Location", "Retry-After", "ETag"],
        allow_credentials=False,
        max_age=600,
    )
