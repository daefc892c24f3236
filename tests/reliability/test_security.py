"""Security: Rasa's HTTP API is off, CORS allows only the configured origin, pins are exact."""

from __future__ import annotations

import os
import re

import pytest
import requests

from tools.common.paths import PROJECT_DIR
from tools.servers import Assistant, cors_origins

PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9_,-]+\])?==[A-Za-z0-9.+!_-]+$")


@pytest.mark.parametrize("name", ["requirements.txt", "requirements.in"])
def test_every_dependency_is_pinned_to_an_exact_version(name: str) -> None:
    lines = [line.split("#")[0].strip() for line in (PROJECT_DIR / name).read_text().splitlines()]
    requirements = [line for line in lines if line]
    assert requirements, f"{name} lists no dependencies"
    loose = [line for line in requirements if not PIN.match(line)]
    assert not loose, f"{name}: not pinned as name==version: {loose}"


def test_requirements_in_pins_agree_with_requirements_txt() -> None:
    def pins(name: str) -> dict[str, str]:
        lines = (PROJECT_DIR / name).read_text().splitlines()
        pairs = (line.split("#")[0].strip().split("==") for line in lines if "==" in line)
        return {n.lower().replace("_", "-"): v for n, v in pairs}

    full = pins("requirements.txt")
    different = {n: v for n, v in pins("requirements.in").items() if full.get(n) != v}
    assert not different, f"requirements.in pins missing or different in requirements.txt: {different}"


@pytest.mark.conversation
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/conversations/someone/tracker"),
        ("POST", "/conversations/someone/messages"),
        ("POST", "/model/parse"),
        ("PUT", "/model"),
        ("GET", "/status"),
        ("GET", "/domain"),
    ],
)
def test_rasas_http_api_is_off(assistant: Assistant, method: str, path: str) -> None:
    response = requests.request(method, f"{assistant.ports.rasa_url}{path}", json={"text": "hi"}, timeout=10)
    assert response.status_code in (404, 405)


@pytest.mark.conversation
def test_cors_allows_the_web_page_origin_only(assistant: Assistant) -> None:
    url = f"{assistant.ports.rasa_url}/webhooks/rest/webhook"
    body = {"sender": "cors-check", "message": "hello"}
    page = cors_origins(assistant.ports, assistant.extra_env)[0]  # by default http://HOST:WEB_PORT

    allowed = requests.post(url, json=body, headers={"Origin": page}, timeout=30)
    assert allowed.headers.get("Access-Control-Allow-Origin") == page

    for foreign in ("http://evil.example", "http://127.0.0.1:9999", "null"):
        response = requests.post(url, json=body, headers={"Origin": foreign}, timeout=30)
        assert "Access-Control-Allow-Origin" not in response.headers, foreign
        preflight = requests.options(url, headers={
            "Origin": foreign, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }, timeout=10)
        assert "Access-Control-Allow-Origin" not in preflight.headers, foreign


@pytest.mark.conversation
def test_the_website_serves_no_booking_requests_or_reports(assistant: Assistant) -> None:
    """Booking requests are read with the local staff tools only (make bookings)."""
    port = int(os.environ.get("TEST_WEB_PORT", 5180)) + 3  # the browser and fault tests use +0..+2
    web = assistant.web_server(port=port)
    web.start()
    try:
        web.wait_ready()
        base = f"http://{assistant.ports.host}:{port}"
        for path in ("/bookings", "/bookings.csv", "/var/bookings.db", "/static/../var/bookings.db",
                     "/static/%2e%2e/var/bookings.db", "/static/..%2f..%2fvar/bookings.db", "/reports/unanswered.csv",
                     "/admin", "/webhooks/rest/webhook", "/conversations/x/tracker"):
            response = requests.get(base + path, timeout=10)
            assert response.status_code in (403, 404, 405), path
            assert b"SQLite format" not in response.content and b"patient_name" not in response.content, path
    finally:
        web.stop()
