"""The API documentation is served from the platform's own static files: no external host, no inline script."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.test import Client


def _docs_html(client: Client) -> tuple[str, str]:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    return response.content.decode(), response.get("Content-Security-Policy", "")


@pytest.mark.django_db
def test_docs_reference_no_external_host_and_assets_load():
    client = Client()
    html, csp = _docs_html(client)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
    assert any(u.endswith("swagger-ui.css") for u in urls)
    for url in urls:
        parsed = urlparse(url)
        assert not parsed.netloc and not url.startswith("//"), f"external reference {url}"
    assert "cdn" not in html.lower()
    for url in urls:
        if url.startswith("/static/"):
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert len(body) > 1000 or url.endswith(".js"), url
    assert "script-src 'self'" in csp


@pytest.mark.django_db
def test_docs_have_no_inline_script():
    html, _ = _docs_html(Client())
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attributes and not body.strip(), f"inline script: {attributes}"


@pytest.mark.browser
def test_docs_render_offline_under_csp(live_server, browser_page):
    """Every request leaving the live server is refused; the docs still render and the CSP reports nothing."""
    page = browser_page
    origin = live_server.url
    external: list[str] = []

    def route(route_):
        if route_.request.url.startswith(origin):
            route_.continue_()
        else:
            external.append(route_.request.url)
            route_.abort()

    page.route("**/*", route)
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{origin}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=30000)
    assert page.locator(".opblock").count() > 10
    assert external == []
    assert violations == []
