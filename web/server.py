"""The hospital page with the chat widget, and the widget's way to the assistant.

`python -m web.server` (started by `make run`) serves:
  GET  /          the ALL page, rendered from content/all_page.yml
  GET  /static/*  the widget's JavaScript and CSS (first-party files, nothing from a CDN)
  POST /chat      {"sender": id, "message": text} -> Rasa's REST webhook -> [{"text", "buttons", "metadata",
                  "custom"}]
  GET  /health    for the service manager

Proxying /chat keeps the page and the assistant on one origin (no CORS to open on Rasa),
checks the shape and size of what visitors send before Rasa sees it, and turns "Rasa is
down or slow" into a clear 502/504 that the widget shows as "can't be reached".
Message texts are never logged: they can hold health information.

Settings (environment): WEB_PORT (8080), HOST (127.0.0.1), RASA_URL (default
http://HOST:RASA_PORT, RASA_PORT 5005), CHAT_TIMEOUT seconds (20), and the page's
HOSPITAL_NAME / APPOINTMENT_PHONE (see core/settings.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from core.chat_request import MAX_MESSAGE_CHARS, MAX_PAGE_BODY_BYTES, ChatRequestError, parse_chat_request
from core.checking import ContentError
from core.content import load_content, load_site
from web.page import render_page
from web.security_headers import BASE_HEADERS, security_middleware

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = MAX_PAGE_BODY_BYTES
# The widget makes ids like "web-<32 hex>"; anything id-like is accepted, nothing else.
SENDER_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SECURITY_HEADERS = {**BASE_HEADERS, "Referrer-Policy": "no-referrer"}

log = logging.getLogger("web")

PAGE_HTML = web.AppKey("page_html", str)
CONFIG = web.AppKey("config", "WebConfig")
HTTP = web.AppKey("http", ClientSession)


@dataclass(frozen=True)
class WebConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    rasa_url: str = "http://127.0.0.1:5005"
    timeout: float = 20.0

    @classmethod
    def from_env(cls) -> WebConfig:
        env = os.environ
        host = env.get("HOST", "127.0.0.1")
        rasa_url = env.get("RASA_URL") or f"http://{host}:{env.get('RASA_PORT', '5005')}"
        return cls(
            host=host,
            port=int(env.get("WEB_PORT", "8080")),
            rasa_url=rasa_url.rstrip("/"),
            timeout=float(env.get("CHAT_TIMEOUT", "20")),
        )


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def widget_request(body: bytes) -> tuple[str, str]:
    """The sender id and message of a widget request, or ValueError saying what is wrong.

    The request model and the message limit are core/chat_request.py's (the REST channel's too);
    the page adds the widget's own id shape and refuses what the widget would never send."""
    try:
        request = parse_chat_request(body)
    except ChatRequestError as error:
        raise ValueError(str(error)) from None
    if not SENDER_ID.match(request.sender):
        raise ValueError("'sender' must be 8-64 letters, digits, '-' or '_'.")
    message = request.message.strip()
    if not message:
        raise ValueError("'message' must be non-empty text.")
    if len(message) > MAX_MESSAGE_CHARS:
        raise ValueError(f"Messages can be at most {MAX_MESSAGE_CHARS} characters; please shorten yours.")
    return request.sender, message


# What the widget reads of a reply's metadata, and nothing else: the booking form's state and
# the kind of answer its question expects (domain/booking.yml), as short strings, and whether
# a prompt goes away once the visitor moves on (domain/feedback.yml).
METADATA_TEXT_FIELDS = {
    "form": ("name", "step"),
    "input": ("label", "placeholder", "inputmode", "autocomplete"),
}
METADATA_FLAGS = ("ephemeral",)
MAX_METADATA_TEXT = 120


def clean_metadata(raw: Any) -> dict[str, Any]:
    """The known parts of a reply's metadata, as plain short strings and booleans."""
    if not isinstance(raw, dict):
        return {}
    cleaned: dict[str, Any] = {}
    for key, fields in METADATA_TEXT_FIELDS.items():
        part = raw.get(key)
        if isinstance(part, dict):
            kept = {f: part[f] for f in fields if isinstance(part.get(f), str) and len(part[f]) <= MAX_METADATA_TEXT}
            if kept:
                cleaned[key] = kept
    cleaned.update({flag: True for flag in METADATA_FLAGS if raw.get(flag) is True})
    return cleaned


SOURCE_KEYS = ("text", "title", "anchor", "updated")


def clean_bot_messages(raw: Any) -> list[dict[str, Any]]:
    """Only what the widget shows (text, buttons, the metadata it reads and an answer's
    source) passes on."""
    if not isinstance(raw, list):
        raise ValueError("the assistant's reply is not a list")
    messages = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        message: dict[str, Any] = {}
        if isinstance(item.get("text"), str):
            message["text"] = item["text"]
        buttons = [
            {"title": b["title"], "payload": b["payload"]}
            for b in item.get("buttons") or []
            if isinstance(b, dict) and isinstance(b.get("title"), str) and isinstance(b.get("payload"), str)
        ]
        if buttons:
            message["buttons"] = buttons
        source = (item.get("custom") or {}).get("source") if isinstance(item.get("custom"), dict) else None
        if isinstance(source, dict) and all(isinstance(source.get(k), str) for k in SOURCE_KEYS):
            # Where a page answer comes from (core/replies.py, answer_source): the widget links it.
            message["custom"] = {"source": {k: source[k] for k in SOURCE_KEYS}}
        if message and (metadata := clean_metadata(item.get("metadata"))):
            message["metadata"] = metadata
        if message:
            messages.append(message)
    return messages


async def chat(request: web.Request) -> web.Response:
    try:
        body = await request.read()  # whole body, refused past client_max_size (MAX_BODY_BYTES)
    except web.HTTPRequestEntityTooLarge:
        return _error(413, "That message is too long; please shorten it.")
    try:
        sender, message = widget_request(body)
    except ValueError as error:
        return _error(400, str(error))
    config = request.app[CONFIG]
    url = f"{config.rasa_url}/webhooks/rest/webhook"
    try:
        async with request.app[HTTP].post(url, json={"sender": sender, "message": message}) as response:
            if response.status != 200:
                log.warning("Rasa answered HTTP %s", response.status)
                return _error(502, "The assistant can't be reached right now.")
            messages = clean_bot_messages(await response.json(content_type=None))
    except asyncio.TimeoutError:
        log.warning("Rasa did not answer within %.0f s", config.timeout)
        return _error(504, "The assistant took too long to answer.")
    except (ClientError, ValueError) as error:
        log.warning("Rasa at %s can't be reached: %s", config.rasa_url, type(error).__name__)
        return _error(502, "The assistant can't be reached right now.")
    return web.json_response(messages)


async def index(request: web.Request) -> web.Response:
    return web.Response(text=request.app[PAGE_HTML], content_type="text/html", charset="utf-8")


async def health(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def _revalidate_static(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-cache"  # revalidate, so a widget update shows at once


security_headers = security_middleware(SECURITY_HEADERS, _revalidate_static)


async def _client_session(app: web.Application) -> Any:
    app[HTTP] = ClientSession(timeout=ClientTimeout(total=app[CONFIG].timeout))
    yield
    await app[HTTP].close()


def make_app(config: WebConfig, page_html: str) -> web.Application:
    app = web.Application(middlewares=[security_headers], client_max_size=MAX_BODY_BYTES)
    app[CONFIG] = config
    app[PAGE_HTML] = page_html
    app.cleanup_ctx.append(_client_session)
    app.router.add_get("/", index)
    app.router.add_get("/health", health)
    app.router.add_post("/chat", chat)
    app.router.add_static("/static/", STATIC_DIR, follow_symlinks=False)
    return app


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    config = WebConfig.from_env()
    try:
        page_html = render_page(load_content().page, load_site())
    except ContentError as error:
        print(f"The page can't be built from the content:\n{error}", file=sys.stderr)
        return 1
    print(f"Serving the page on http://{config.host}:{config.port} (assistant at {config.rasa_url})", flush=True)
    # The access log leaves out visitors' addresses and browsers: request line, status, time.
    web.run_app(make_app(config, page_html), host=config.host, port=config.port, print=None,
                access_log_format='"%r" %s %Tfs')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
