"""HEAD wherever GET is: every GET route of the app (reader pages, feeds, the sitemap,
staff pages, the API, static files) answers HEAD with the status and headers GET would
give (``content-length`` included) and no body.

FastAPI registers a ``@router.get`` route for GET alone, so HEAD used to get 405; this
middleware hands the app a GET and drops the body of the answer. A HEAD changes nothing
the GET would: the one-time message of a redirect is not used up (``is_head``).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEAD_FLAG = "tarjima.head"  # set in the scope of a HEAD request served as GET


class HeadAsGet:
    """ASGI middleware: a HEAD request is served as GET, without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET", HEAD_FLAG: True}, receive, send_headers_only)


def is_head(scope: Scope) -> bool:
    """Whether a request served as GET was a HEAD, which must change nothing (a one-time
    message stays for the GET that follows)."""
    return bool(scope.get(HEAD_FLAG, False))
