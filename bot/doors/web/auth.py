"""The token that guards the editors' page: a bearer header for scripts, a login form and a session
cookie for browsers. A request with neither is 401."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "newsbot_session"
OPEN_PATHS = frozenset({"/login"})


def session_value(token: str) -> str:
    """The cookie's value: derived from the token (changing the token ends every session)."""
    return hmac.new(token.encode(), b"newsbot web session", hashlib.sha256).hexdigest()


def token_matches(given: str, token: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


def authorised(request: Request, token: str) -> bool:
    """Whether the request carries the token (``Authorization: Bearer …``) or a session of it."""
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() == "bearer" and token_matches(given.strip(), token):
        return True
    cookie = request.cookies.get(COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), session_value(token).encode())


def guard(
    token: str, refuse: Callable[[Request], Response]
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """An HTTP middleware: every path but the login form needs the token; ``refuse`` says 401."""

    async def check(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.url.path in OPEN_PATHS or authorised(request, token):
            return await call_next(request)
        return refuse(request)

    return check
