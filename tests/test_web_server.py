"""web/server.py and web/page.py without a browser: the page's escaping, the /chat proxy's
checks and its answers when the assistant is fine, broken, slow or gone.

A small stand-in for Rasa's REST webhook plays the assistant here, because these tests are
about the proxy's behaviour at the edges; the real model is driven in tests/browser/.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import socket
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from markupsafe import escape

from core.chat_request import MAX_MESSAGE_CHARS
from core.content import load_content
from core.page import parse_page
from core.paths import PAGE_FILE
from core.settings import Settings
from core.site import Site
from web.page import render_page, tel_href
from web.server import MAX_BODY_BYTES, WebConfig, clean_bot_messages, make_app

SENDER = "web-0123456789abcdef"
def site(hospital_name: str | None = None, appointment_phone: str | None = None) -> Site:
    return Site(load_content().site, Settings(hospital_name, appointment_phone))


NO_PHONE = site()


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fake_rasa(behaviour: str) -> web.Application:
    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        if behaviour == "slow":
            await asyncio.sleep(2)
        if behaviour == "error":
            return web.Response(status=500, text="boom")
        if behaviour == "not-json":
            return web.Response(text="<html>proxy error page</html>")
        return web.json_response([
            {"recipient_id": body["sender"], "text": f"you said: {body['message']}",
             "buttons": [{"title": "Book an appointment", "payload": "/request_appointment", "type": "postback"}]},
            {"recipient_id": body["sender"], "image": "http://elsewhere.example/x.png"},
        ])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    return app


def run(behaviour: str | None, check: Callable[[TestClient], Awaitable[None]], timeout: float = 5) -> None:
    """Runs `check` against the page server, in front of a stand-in Rasa (None: nothing listening)."""

    async def main() -> None:
        rasa = TestServer(fake_rasa(behaviour or "ok"))
        await rasa.start_server()
        try:
            rasa_url = str(rasa.make_url("")).rstrip("/") if behaviour else f"http://127.0.0.1:{_unused_port()}"
            app = make_app(WebConfig(rasa_url=rasa_url, timeout=timeout), "<p>page</p>")
            async with TestClient(TestServer(app)) as client:
                await check(client)
        finally:
            await rasa.close()

    # A thread of its own: asyncio.run() refuses to start where another loop runs (a test
    # plugin's or Playwright's), and this keeps these tests independent of test order.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, main()).result()


async def post_chat(client: TestClient, payload: Any) -> tuple[int, Any]:
    response = await client.post("/chat", json=payload)
    return response.status, await response.json()


def test_a_question_goes_to_rasa_and_only_text_and_buttons_come_back() -> None:
    async def check(client: TestClient) -> None:
        status, body = await post_chat(client, {"sender": SENDER, "message": "  what is ALL?  "})
        assert status == 200
        assert body == [{"text": "you said: what is ALL?",
                         "buttons": [{"title": "Book an appointment", "payload": "/request_appointment"}]}]

    run("ok", check)


@pytest.mark.parametrize(("payload", "problem"), [
    ("not an object", "JSON object"),
    ({"message": "hi"}, "'sender'"),
    ({"sender": "<script>", "message": "hi"}, "'sender'"),
    ({"sender": SENDER, "message": "   "}, "non-empty"),
    ({"sender": SENDER, "message": 42}, "non-empty text"),
    ({"sender": SENDER, "message": "x" * (MAX_MESSAGE_CHARS + 1)}, f"at most {MAX_MESSAGE_CHARS}"),
])
def test_malformed_requests_get_a_400_saying_what_is_wrong(payload: Any, problem: str) -> None:
    async def check(client: TestClient) -> None:
        status, body = await post_chat(client, payload)
        assert status == 400
        assert problem in body["error"]

    run("ok", check)


def test_a_body_that_is_not_json_or_too_big_is_refused_clearly() -> None:
    async def check(client: TestClient) -> None:
        response = await client.post("/chat", data=b"\xff\xfe not json")
        assert response.status == 400
        assert "must be JSON" in (await response.json())["error"]
        response = await client.post("/chat", data=b"{" + b" " * MAX_BODY_BYTES + b"}")
        assert response.status == 413
        assert "too long" in (await response.json())["error"]

        async def trickle() -> Any:  # a big body in small chunks, with no Content-Length
            for _ in range(MAX_BODY_BYTES // 100 + 2):
                yield b" " * 100

        response = await client.post("/chat", data=trickle())
        assert response.status == 413

        async def slowly() -> Any:  # a valid body split across chunks is read whole
            body = json.dumps({"sender": SENDER, "message": "what is ALL?"}).encode()
            for start in range(0, len(body), 7):
                yield body[start:start + 7]
                await asyncio.sleep(0)

        response = await client.post("/chat", data=slowly(), headers={"Content-Type": "application/json"})
        assert response.status == 200

    run("ok", check)


@pytest.mark.parametrize(("behaviour", "status", "words"), [
    (None, 502, "can't be reached"),
    ("error", 502, "can't be reached"),
    ("not-json", 502, "can't be reached"),
    ("slow", 504, "took too long"),
])
def test_a_broken_slow_or_missing_assistant_is_a_clear_5xx(behaviour: str | None, status: int, words: str) -> None:
    async def check(client: TestClient) -> None:
        got, body = await post_chat(client, {"sender": SENDER, "message": "hello"})
        assert got == status
        assert words in body["error"]

    run(behaviour, check, timeout=0.5)


def test_every_response_carries_the_content_security_policy() -> None:
    async def check(client: TestClient) -> None:
        for path in ("/", "/static/widget.js", "/static/widget.css", "/static/missing.js", "/health"):
            response = await client.get(path)
            policy = response.headers.get("Content-Security-Policy", "")
            assert "script-src 'self'" in policy and "default-src 'self'" in policy, path
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert (await client.get("/static/../server.py")).status in (403, 404)

    run("ok", check)


def test_clean_bot_messages_drops_anything_but_text_and_well_formed_buttons() -> None:
    raw = [{"text": "a", "buttons": [{"title": 1, "payload": "/x"}, {"title": "t", "payload": "/p"}]},
           {"custom": {"html": "<b>"}}, "junk"]
    assert clean_bot_messages(raw) == [{"text": "a", "buttons": [{"title": "t", "payload": "/p"}]}]
    with pytest.raises(ValueError):
        clean_bot_messages({"text": "not a list"})


def test_the_page_shows_the_contents_text_escaped() -> None:
    raw = copy.deepcopy(yaml.safe_load(PAGE_FILE.read_text()))
    raw["sections"][1]["paragraphs"][0][0]["text"] = "Ages <script>alert(1)</script> & more"
    raw["sections"][1]["paragraphs"][0][0].pop("terms", None)
    raw["source"]["reviewer"] = 'Dr "Quote" <b>'
    html = render_page(parse_page(raw), site("A & B Hospital", "<b>1</b>"))
    assert "<script>alert" not in html and "Ages &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert str(escape('Dr "Quote" <b>')) in html
    assert "A &amp; B Hospital" in html and "<b>1</b>" not in html


def test_the_page_has_every_section_list_item_and_the_call_to_action() -> None:
    page = load_content().page
    html = render_page(page, NO_PHONE)
    for section in page.sections:
        assert f'id="{section.id}"' in html
        for bullet_list in section.lists:
            for item in bullet_list.items:
                assert f"<li>{escape(item.text)}</li>" in html
    for line in page.source.call_to_action:
        assert escape(line) in html
    assert escape(page.source.next_topic) in html


def test_without_a_configured_number_the_page_invents_none() -> None:
    html = render_page(load_content().page, NO_PHONE)
    assert "tel:" not in html
    assert escape(NO_PHONE.call_us()) in html
    assert not re.search(r"\d{3}[-.) ]+\d{3}", html)  # no number of any shape
    with_phone = render_page(load_content().page, site(None, "(602) 555-0134"))
    assert f'href="{tel_href("(602) 555-0134")}"' in with_phone and tel_href("(602) 555-0134") == "tel:6025550134"


def test_an_answers_source_passes_to_the_widget_as_plain_strings_only() -> None:
    source = {"text": "Source: a section", "title": "a section", "anchor": "overview", "updated": "2023-08-11"}
    raw = [{"text": "Source: a section"}, {"custom": {"source": {**source, "html": "<b>x</b>"}}},
           {"custom": {"source": {**source, "title": 3}}}, {"custom": {"other": "thing"}}]
    assert clean_bot_messages(raw) == [{"text": "Source: a section"}, {"custom": {"source": source}}]
