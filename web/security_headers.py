"""The security headers every page we serve carries (the hospital page with the widget, and the
staff console), and the middleware that adds them to every response, errors included."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Finish = Callable[[web.Request, web.StreamResponse], None]

# No inline script or style, everything from this origin: a stray bot or visitor text can
# never run as code even if some future change forgot to escape it.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
BASE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def security_middleware(headers: Mapping[str, str], finish: Finish | None = None,
                        raise_from: int = 400) -> Callable[..., Awaitable[web.StreamResponse]]:
    """A middleware that puts `headers` (then whatever `finish` adds) on every response; an
    HTTP error from `raise_from` on is raised again, so aiohttp still renders it."""

    @web.middleware
    async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as error:
            response = error
        response.headers.update(headers)
        if finish is not None:
            finish(request, response)
        if isinstance(response, web.HTTPException) and response.status >= raise_from:
            raise response
        return response

    return security_headers
