"""The whole demo, as a visitor and as staff would click through it: every internal link of every page reached
from the front page answers without a server error or a broken link, in Finnish and Swedish."""

from __future__ import annotations

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.contrib.auth import get_user_model

from yhteiso.core.commands.demo import load_all

pytestmark = pytest.mark.django_db

SKIP = re.compile(r"^/(admin|static|media|api/v1/docs)|/(logout|kirjaudu-ulos)/|\.(pdf|docx|xlsx|csv|geojson|pb)$|[?&](format|download)=")
MAX_PAGES = 250


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.labels_for: set[str] = set()
        self.inputs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.labels_for.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit", "button"}:
            self.inputs.append((attrs.get("id") or "", attrs.get("aria-label") or attrs.get("aria-labelledby")))


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_all(stdout=io.StringIO())
        yield
        # Module-scoped data is removed by flushing at the end (the database is shared by later tests).
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def _crawl(client, start: str = "/") -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    problems = []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code >= 500 or response.status_code == 404:
            problems.append((url, response.status_code))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        unlabelled = [i for i, aria in parser.inputs if not aria and i not in parser.labels_for]
        if unlabelled:
            problems.append((url, f"form fields without a label: {unlabelled[:5]}"))
        for href in parser.links:
            target = urldefrag(urljoin(url, href))[0]
            parsed = urlparse(target)
            if parsed.scheme not in ("", "http") or parsed.netloc not in ("", "testserver"):
                continue
            # Query strings (filters, sorting, pages) only vary what a page lists; follow each path once.
            path = parsed.path
            if not SKIP.search(path) and path not in seen:
                queue.append(path)
    assert not problems, problems
    return seen


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_public_page_of_the_demo_answers_and_links_nowhere_broken(demo_loaded, client, language):
    client.cookies["yhteiso_language"] = language
    seen = _crawl(client)
    assert len([s for s in seen.values() if s == 200]) >= 15, seen


def test_every_staff_page_of_the_demo_answers_for_the_programme_manager(demo_loaded, client):
    client.force_login(get_user_model().objects.get(username="ohjelmapaallikko"))
    seen = _crawl(client, "/henkilosto/")
    assert len([s for s in seen.values() if s == 200]) >= 15, seen
