"""Bad input never gives a server error: every URL pattern of the project (``get_resolver()``), with the demo's real
objects and with nonsense in its path, with odd query parameters, as an anonymous visitor, a resident, a
steering-group member and programme staff; every form found on the pages posted back empty and with garbage in
each field (files: binary, wrong encoding, a fake spreadsheet, a zip bomb); every write of /api/v1/ sent invalid
JSON, arrays, ``NaN``/``Infinity``, numbers as strings, deep nesting and wrong content types.

No answer may have a status of 500 or more, show a traceback or take unbounded time. Each request runs in a
transaction that is rolled back afterwards, so one garbage post cannot change what the next request sees. The
inputs are sampled (each URL gets a rotating few of the odd values), not the full cross product, to keep the run
short on SQLite; ``YHTEISO_CRAWL_FULL=1`` runs every combination (see :data:`FULL`)."""

from __future__ import annotations

import functools
import io
import itertools
import os
import re
import time
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urldefrag, urljoin, urlparse

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from yhteiso.core.commands.demo import load_all

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
BAD_PATH = {
    "int": [HUGE, "2147483648"],
    "str": [HUGE, "ÄÅö-😀", "x" * 3000, "%00", "'\""],
    "slug": [HUGE, "x" * 3000],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
}
LONG = "x" * 10_000
ODD_QUERIES = [
    "programme=", "programme=nope", "ohjelma=nope", "page=-1", "page=abc", f"page={HUGE}", "year=99999",
    "year=-5", "year=abc", "as_of=2026-13-45", "as_of=9999-12-31", "format=xml", "kieli=xx", "language=xx",
    "area=%C3%85%F0%9F%98%80", "area=" + LONG, "q=" + LONG, "page=1&page=2&page=x", "level=nope", "index=nope",
    "sort=-nope", "order=%00", "next=https://evil.example/", "status=nope&status=", "fmt=xml", "id=NaN",
    "from=2026-02-30&to=1900-01-01", "group=nope", "lang=%00", "kind=nope", "item=%C2%B2", "period=%C2%B2",
    f"goal={HUGE}", f"area={HUGE}", f"project={HUGE}", f"item={HUGE}", "goal=abc", "section=goal_assessment&goal=abc",
    "before=0-9999999999", "after=%C2%B2-%C2%B3", "review=2026-02-30", "sivu=-1", "type=%00", "basis_area=x",
]
ODD_VALUES = ["", "-1", HUGE, "abc", "NaN", "Infinity", "2026-13-45", "ÄÅ😀", "%00", LONG, "1e308", "0x10",
              "<script>alert(1)</script>", "1,5", " 1 ", "-0", "²", "1" * 5000, "0001-01-01T00:00"]
JSON_BODIES = [
    ("application/json", b""), ("application/json", b"not json"), ("application/json", b"[]"),
    ("application/json", b"[1, 2]"), ("application/json", b"null"), ("application/json", b'"text"'),
    ("application/json", b"{}"), ("application/json", b'{"value": NaN, "cell": Infinity}'),
    ("application/json", b'{"value": "NaN", "cell": "1", "year": "2026", "amount": "1e999"}'),
    ("application/json", b'{"value": 1e999, "cell": -1, "year": 99999999999999999999, "status": "nope"}'),
    ("application/json", b'{"answers": [], "language": "xx", "lat": "NaN", "lon": 1e999}'),
    ("application/json", b'{"answers": {"1": ["x"]}, "point": [1, 2, 3], "geometry": "nope"}'),
    ("application/json", b"[" * 50_000 + b"]" * 50_000),
    ("application/json", b'{"a": ' * 50_000 + b"1" + b"}" * 50_000),
    ("application/json", b"\xff\xfe\x00garbage"),
    ("text/plain", b"value=1"), ("application/x-www-form-urlencoded", b"value=NaN&cell=x"),
    ("application/xml", b"<a>1</a>"),
]
ODD_HEADERS = [
    {"HTTP_ACCEPT_LANGUAGE": "xx;q=nan, sv;q=inf, ;q=, fi;q=-1, " + "x" * 5000},
    {"HTTP_ACCEPT_LANGUAGE": "*;q=0.5,ar;q=1e400"},
    {"HTTP_X_REQUEST_ID": "\u00e4" * 300},
    {"HTTP_COOKIE": "yhteiso_language=" + "x" * 4000},
    {"HTTP_COOKIE": "yhteiso_language=%00; sessionid=nope"},
    {"HTTP_X_FORWARDED_FOR": "999.1.1.1, nonsense"},
    {"HTTP_RANGE": "bytes=99999999999999999999-"},
    {"HTTP_IF_MODIFIED_SINCE": "Tue, 99 Foo 99999 99:99:99 GMT"},
]
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"/[^\"]+\.py\", line \d+")
SKIP_ROUTE = re.compile(r"^(admin/|static/|media/)")
SLOW_SECONDS = 10.0
FULL = os.environ.get("YHTEISO_CRAWL_FULL") == "1"
"""The full crawl (every user, odd value and form field; about 7 700 requests, 6–7 minutes on SQLite) instead of
the sampled one that runs by default (each route with a rotating few of them)."""


@functools.cache
def _zip_bomb() -> bytes:
    """A small .xlsx-looking zip whose one member expands to 64 MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024 * 1024))
    return buf.getvalue()


@functools.cache
def _formula_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "year", "value", "=1+1"])
    sheet.append(["=HYPERLINK(\"http://x\")", "=NOW()", "=1/0", "NaN"])
    sheet.append([None, "abc", "1e999", "x" * 5000])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _png_bomb() -> bytes:
    """The header of a PNG image of 60 000 × 60 000 pixels (3.6 gigapixels) with no image data."""
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk


def _bad_files() -> list[tuple[str, bytes]]:
    return [
        ("tyhja.csv", b""),
        ("binaari.csv", bytes(range(256)) * 64),
        ("latin1.csv", "koodi;vuosi;arvo\nÄänekoski;2024;1,5\n".encode("latin-1")),
        ("sarakkeet.csv", b"foo,bar\n1,2\n"),
        ("kaavat.xlsx", _formula_xlsx()),
        ("pommi.xlsx", _zip_bomb()),
        ("rikki.xlsx", b"PK\x03\x04 not really a zip"),
        ("vaara.pb", b"META\nkey;value\nnum_projects;99999999999999999999\nPROJECTS\nproject_id;cost\n1;NaN\n"),
        ("kuva.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
        ("jattikuva.png", _png_bomb()),
        ("aareton.pb", b"META\nkey;value\nbudget;1e999999999\nPROJECTS\nproject_id;cost\na;Infinity\n"
                       b"VOTES\nvoter_id;vote\n1;a\n"),
        ("x.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null}]}'),
    ]


# --- the URLconf ---------------------------------------------------------------------------------------------
PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def _route_text(pattern) -> str:
    """A route as ``path()`` writes it, with regex groups rewritten as ``<re:name>`` converters."""
    text = str(pattern.pattern)
    if not hasattr(pattern.pattern, "_route"):  # a re_path
        text = REGEX_GROUP.sub(lambda m: f"<re_{'|'.join(re.findall(r'[A-Za-z]+', m['body'])) or 'int'}:{m['name']}>",
                               text)
        text = text.lstrip("^").rstrip("$").replace("\\.", ".").replace("\\Z", "")
    return text


def all_routes() -> list[str]:
    """Every route of the project's URLconf (admin, static files and media left out)."""
    routes: list[str] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            text = prefix + _route_text(entry)
            if SKIP_ROUTE.match(text):
                continue
            if isinstance(entry, URLResolver):
                walk(entry, text)
            elif isinstance(entry, URLPattern):
                routes.append(text)

    walk(get_resolver(), "")
    return sorted(set(routes))


def fill(route: str, values: dict[str, str]) -> str:
    def one(match):
        conv, name = match["conv"] or "str", match["name"]
        if name in values:
            return quote(values[name], safe="%")
        if conv.startswith("re_"):
            options = [o for o in conv[3:].split("|") if o != "pdf"] or ["1"]
            return options[0] if options[0] != "d" else "1"
        return {"int": "1", "uuid": "00000000-0000-0000-0000-000000000001"}.get(conv, "x")

    return "/" + PARAM.sub(one, route)


def _converter(conv: str | None) -> str:
    conv = conv or "str"
    if conv.startswith("re_"):
        return "int" if conv in ("re_int", "re_d") else "str"
    return conv if conv in BAD_PATH else "str"


# --- pages and their forms -----------------------------------------------------------------------------------
@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


class _Page(HTMLParser):
    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            action = urldefrag(urljoin(self.url, a.get("action") or self.url))[0]
            self._form = Form(action=action, method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and a.get("name"):
            name = a["name"]
            if tag == "input":
                kind = (a.get("type") or "text").lower()
                if kind == "file":
                    self._form.files.append(name)
                elif kind in ("checkbox", "radio"):
                    if "checked" in a or name not in self._form.fields:
                        self._form.fields[name] = a.get("value", "on")
                elif kind not in ("submit", "button", "image", "reset"):
                    self._form.fields[name] = a.get("value") or ""
                self._form.kinds[name] = kind
            elif tag == "select":
                self._select = name
                self._form.fields.setdefault(name, "")
                self._form.kinds[name] = "select"
            elif tag == "textarea":
                self._form.fields[name] = ""
                self._form.kinds[name] = "textarea"
                self._textarea = name
            elif tag == "button" and name not in self._form.fields:  # the first of the form's named buttons
                self._form.fields[name] = a.get("value", "")
                self._form.kinds[name] = "select"
        elif (tag == "option" and self._form is not None and self._select
              and ("selected" in a or not self._form.fields.get(self._select))):
            self._form.fields[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _route_of(path: str) -> tuple[str, dict] | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    route = match.route
    if not route or SKIP_ROUTE.match(route):
        return None
    return route, match.kwargs


# --- the crawler ---------------------------------------------------------------------------------------------
class Crawl:
    def __init__(self):
        self.problems: list[tuple] = []
        self.requests = 0
        self.slowest: list[tuple[float, str]] = []
        self.by_status: dict[int, int] = defaultdict(int)

    def request(self, client: Client, method: str, url: str, who: str, label: str = "", **kwargs):
        """One request, rolled back afterwards; any exception, status >= 500 or traceback is a problem."""
        session = client.cookies.get(settings.SESSION_COOKIE_NAME)
        session_value = session.value if session else None
        start = time.monotonic()
        response = None
        try:
            with transaction.atomic():
                response = getattr(client, method)(url, **kwargs)
                if hasattr(response, "streaming_content"):
                    body = b"".join(response.streaming_content)
                else:
                    body = response.content  # (the test client has closed the response: no second close,
                # whose request_finished signal would close the database connection inside this transaction)
                transaction.set_rollback(True)
        except Exception as exc:  # the test client re-raises what the view raised
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            where = f"{tb.tb_frame.f_code.co_filename.split('/src/')[-1]}:{tb.tb_lineno}" if tb else "?"
            self.problems.append((who, method.upper(), url[:200], label,
                                  f"{type(exc).__name__}: {str(exc)[:200]} at {where}"))
            body = b""
        finally:
            elapsed = time.monotonic() - start
            self.requests += 1
            self.slowest = sorted([*self.slowest, (elapsed, f"{who} {method.upper()} {url[:120]}")])[-8:]
            if session_value is not None:
                client.cookies[settings.SESSION_COOKIE_NAME] = session_value
            client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        if elapsed > SLOW_SECONDS:
            self.problems.append((who, method.upper(), url[:200], label, f"took {elapsed:.1f} s"))
        if response is None:
            return None, b""
        self.by_status[response.status_code] += 1
        if response.status_code >= 500:
            self.problems.append((who, method.upper(), url[:200], label, f"status {response.status_code}: "
                                  f"{body[:200]!r}"))
        elif TRACEBACK.search(body[:200_000].decode("utf-8", "replace")):
            self.problems.append((who, method.upper(), url[:200], label, "traceback in the answer"))
        return response, body


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # what the migrations put in the database (the default programme, the role groups, ...): the flush at the
        # end removes it with the demo, and the later tests of the session need it back
        migrated = connection.creation.serialize_db_to_string()
        load_all(stdout=io.StringIO())
        users = get_user_model().objects
        resident, _ = users.get_or_create(username="asukas-crawl")
        staff = users.get(username="ohjelmapaallikko")
        member = users.get(username="ohjausryhma")
        assert staff.groups.exists() and member.groups.exists()
        assert Group.objects.exists()
        yield {"anonymous": None, "resident": resident, "steering": member, "staff": staff}
        from django.core.management import call_command

        # as Django's serialized rollback does: keep the sequences (the restored rows keep their ids) and let the
        # restored rows, not post_migrate, bring back content types and permissions
        call_command("flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(migrated)
        cache.clear()


def _clients(demo) -> dict[str, Client]:
    clients = {}
    for who, user in demo.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[who] = client
    return clients


def _discover(crawl: Crawl, client: Client, routes: list[str]):
    """Real path values per route and the forms of the pages: a breadth-first walk as programme staff from every
    parameterless page, visiting at most two pages of each route."""
    real: dict[str, list[dict]] = defaultdict(list)
    queries: dict[str, list[dict]] = defaultdict(list)
    forms: list[Form] = []
    visited_per_route: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    queue = ["/" + r for r in routes if not PARAM.search(r)] + ["/henkilosto/"]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        found = _route_of(urlparse(url).path)
        if found is None:
            continue
        route, kwargs = found
        if kwargs and kwargs not in real[route]:
            real[route].append({k: str(v) for k, v in kwargs.items()})
        query = dict(parse_qsl(urlparse(url).query, keep_blank_values=True))
        if query and len(queries[route]) < 3 and set(query) not in [set(q) for q in queries[route]]:
            queries[route].append(query)
        if visited_per_route[route] >= (2 if FULL else 1) or "kirjaudu-ulos" in route:
            continue
        visited_per_route[route] += 1
        response, body = crawl.request(client, "get", url, "staff")
        if response is None or response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page(url)
        page.feed(body.decode("utf-8", "replace"))
        forms.extend(page.forms)
        for href in page.links + [f.action for f in page.forms]:
            target = urldefrag(urljoin(url, href))[0]
            parsed = urlparse(target)
            if parsed.scheme in ("", "http") and parsed.netloc in ("", "testserver"):
                queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return real, queries, forms


def _openapi_key(route: str) -> str:
    """The route as the OpenAPI document writes it: ``api/v1/projects/{project_id}``."""
    return PARAM.sub(lambda m: "{" + m["name"] + "}", route)


def _fallbacks(route: str) -> dict[str, str]:
    """Real values for routes the walk did not reach (the API's paths), from the demo's objects."""
    from yhteiso.budgeting.models import Round
    from yhteiso.governance.models import ImpactAssessment, Meeting
    from yhteiso.mapsurveys.models import MapSurvey
    from yhteiso.programme.models import BudgetYear, Measurement, Project
    from yhteiso.reports.models import PublishedReport
    from yhteiso.surveys.models import Survey

    def first(model, attr="pk"):
        obj = model.objects.order_by("pk").first()
        return str(getattr(obj, attr)) if obj is not None else "1"

    values = {
        "project_id": first(Project), "meeting_id": first(Meeting), "assessment_id": first(ImpactAssessment),
        "report_id": first(PublishedReport), "measurement_id": first(Measurement), "year": first(BudgetYear, "year"),
        "slug": first(Round, "slug"),
        "survey_id": first(MapSurvey) if "mapsurveys" in route else first(Survey),
    }
    if "areas/" in route:
        from yhteiso.areas.models import Area

        values["code"] = first(Area, "code")
    return values


ODD_JSON = ["", "²", "NaN", "Infinity", 1e308, -1, 0, 99999999999999999999, -99999999999999999999, True, None, [],
            {}, [1, [2, [3]]], {"a": "b"}, "x" * 10_000, "2026-13-45", "0001-01-01", "9999-12-31", "1e999999",
            "a\x00b", {"lon": "NaN", "lat": 1e308}, {"lon": 24.65, "lat": 60.2}, {"area": "x" * 500},
            {"address": "\x00"}, ["x"] * 500, 12.5, "12,5", -0.0, float("nan"), float("inf")]
_TYPICAL = {"integer": 1, "number": 1, "string": "x", "boolean": False, "array": [], "object": {}}


def _schema_bodies(operation: dict, components: dict):
    """Bodies for an operation of the OpenAPI document: typical values, with each property in turn odd."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    props = schema.get("properties", {})

    def typical(spec):
        if spec.get("format") == "date":
            return "2026-01-15"
        if spec.get("format") == "uuid":
            return "6b0c1c3e-3a57-4b8e-9c1e-2f1d3f4a5b6c"
        kinds = [a.get("type") for a in spec.get("anyOf", [])] or [spec.get("type")]
        return _TYPICAL.get(next((k for k in kinds if k and k != "null"), "string"), "x")

    base = {name: typical(spec) for name, spec in props.items()}
    for i, name in enumerate(props):
        for j in range(3):
            yield {**base, name: ODD_JSON[(i * 3 + j) % len(ODD_JSON)]}


def _answer_bodies(questions: list[dict]):
    """Survey and map-survey answers: each question in turn answered with odd values."""
    for i, question in enumerate(questions):
        for j in range(4):
            yield {"submission_id": f"00000000-0000-4000-8000-{i * 10 + j:012d}", "language": "fi",
                   "answers": {question["key"]: ODD_JSON[(i * 4 + j) % len(ODD_JSON)]}}


ODD_BY_KIND = {
    "date": ["0001-01-01", "9999-12-31", "2026-02-30", "²"],
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T25:61"],
    "time": ["25:61", "24:00"],
    "number": [HUGE, "1e308", "NaN", "²", "1" * 5000, "-1"],
    "select": ["nope", HUGE, "²"],
    "hidden": ["NaN", "inf", HUGE, "²", "-1", "a\x00b"],
    "checkbox": ["nope"],
    "radio": ["nope"],
    "text": [LONG, "a\x00b", "0001-01-01T00:00", "1e308"],
    "textarea": [LONG * 10, "a\x00b"],
}
_odd_counter = itertools.count()


def _odd_for(form: Form, name: str, how_many: int) -> list[str]:
    """Odd values suited to the field: dates for date inputs, numbers for number inputs, …; date-like and
    number-like names get those too."""
    kind = form.kinds.get(name, "text")
    if kind not in ODD_BY_KIND:
        kind = "text"
    if kind in ("text", "hidden") and re.search(r"(date|_at$|_on$|closes|opens|when|day)", name):
        kind = "datetime-local" if name.endswith("_at") else "date"
    elif kind in ("text", "hidden") and re.search(r"(cost|amount|value|count|number|year|budget|sum|euro)", name):
        kind = "number"
    pool = ODD_BY_KIND[kind]
    if kind in ("date", "datetime-local"):
        return pool
    start = next(_odd_counter)
    return [pool[(start + k) % len(pool)] for k in range(min(how_many, len(pool)))]


def _garbage_posts(form: Form):
    """(label, data) pairs: the form empty, all fields garbage, then the form as shown with one field odd in
    turn (values suited to the field), files replaced by malformed ones."""
    files = _bad_files()
    yield "empty", {}
    yield "all garbage", {name: ODD_VALUES[i % len(ODD_VALUES)] for i, name in enumerate(form.fields)}
    for i, name in enumerate(list(form.fields)[:14]):
        if name in ("csrfmiddlewaretoken",):
            continue
        for odd in _odd_for(form, name, 2):
            data: dict[str, object] = dict(form.fields)
            data[name] = odd
            for j, file_field in enumerate(form.files):
                fname, content = files[(i + j) % len(files)]
                data[file_field] = SimpleUploadedFile(fname, content)
            yield f"{name}={odd[:30]!r}", data
    for fname, content in files if form.files else []:
        data = dict[str, object](form.fields)
        for file_field in form.files:
            data[file_field] = SimpleUploadedFile(fname, content)
        yield f"file {fname}", data


def _pick(items: list, n: int, offset: int, full: int | None = None) -> list:
    """``n`` of ``items`` (``full`` of them in the full crawl, default all) starting at ``offset``, round."""
    n = (len(items) if full is None else full) if FULL else n
    if n >= len(items):
        return list(items)
    return [items[(offset + k) % len(items)] for k in range(n)]


def test_no_url_of_the_project_answers_bad_input_with_a_server_error(demo):
    crawl = Crawl()
    clients = _clients(demo)
    users = list(clients)
    routes = all_routes()
    assert len(routes) > 150, routes
    if os.environ.get("YHTEISO_CRAWL_ONLY"):  # while fixing: only the routes matching this regular expression
        routes = [r for r in routes if re.search(os.environ["YHTEISO_CRAWL_ONLY"], r)]
    started = time.monotonic()

    real, queries, forms = _discover(crawl, clients["staff"], routes)
    from yhteiso.api.urls import api

    schema = api.get_openapi_schema()
    api_writes: dict[str, list[str]] = defaultdict(list)
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in ("post", "patch", "put"):
                api_writes[path.lstrip("/")].append(method)
    counts: dict[str, int] = defaultdict(int)

    for n, route in enumerate(routes):
        params = PARAM.findall(route)
        is_api = route.startswith("api/v1/")
        values = real[route][0] if real.get(route) else _fallbacks(route)
        url = fill(route, values)
        # the real object as each kind of visitor (sampled: staff and one other in turn), each in another language
        for who in [*_pick(users[:3], n % 2, n, full=3), "staff"]:
            clients[who].cookies[settings.LANGUAGE_COOKIE_NAME] = ["fi", "sv", "en"][n % 3]
            crawl.request(clients[who], "get", url, who)
            counts["real GET"] += 1
        # odd headers (languages, cookies, request ids) and odd query parameters, in turn
        for headers in _pick(ODD_HEADERS, 1 if n % 3 == 0 else 0, n, full=1):
            crawl.request(clients["anonymous"], "get", url, "anonymous", label=str(headers)[:60], **headers)
            counts["odd header"] += 1
        for k, query in enumerate(_pick(ODD_QUERIES, 1, n * 5, full=5)):
            who = users[(n + k) % len(users)]
            crawl.request(clients[who], "get", f"{url}?{query}", who)
            counts["odd query"] += 1
        # the query parameters its links carry, each in turn with an odd value
        for query in queries.get(route, []):
            for k, name in enumerate(query):
                odd = ODD_VALUES[(n + k) % len(ODD_VALUES)]
                crawl.request(clients["staff"], "get", url, "staff", data={**query, name: odd})
                counts["link query"] += 1
        # nonsense in each path parameter
        for conv, name in params:
            for bad in _pick(BAD_PATH[_converter(conv)], 1, n):
                bad_url = fill(route, {**values, name: bad})
                for who in ("staff", "anonymous") if FULL else ("staff",):
                    crawl.request(clients[who], "get", bad_url, who)
                    counts["bad path"] += 1
        # writes: an empty post to every HTML route; malformed JSON bodies to every write of the API
        if is_api:
            for method in api_writes.get(_openapi_key(route), []):
                for content_type, body in _pick(JSON_BODIES, 6, n):
                    crawl.request(clients["staff"], method, url, "staff", data=body, content_type=content_type)
                    counts["API body"] += 1
        else:
            crawl.request(clients["staff"], "post", url, "staff", data={})
            counts["empty POST"] += 1
            if FULL:
                crawl.request(clients["anonymous"], "post", url, "anonymous", data={"x": LONG})
                counts["empty POST"] += 1

    # the API's writes: each property of their documented bodies odd in turn; survey answers odd per question
    components = schema.get("components", {}).get("schemas", {})
    for n, (path, operations) in enumerate(schema["paths"].items()):
        for method, operation in operations.items():
            if method not in ("post", "patch", "put") or _openapi_key(path.lstrip("/")) not in map(_openapi_key,
                                                                                                   routes):
                continue
            route = path.lstrip("/")
            url = fill(re.sub(r"\{(\w+)\}", r"<\1>", route), _fallbacks(route))
            bodies = list(_schema_bodies(operation, components))
            if "survey_id" in path:
                survey = clients["anonymous"].get(url.rsplit("/", 1)[0])
                if survey.status_code == 200:
                    bodies += list(_answer_bodies(survey.json().get("questions", [])))
            for body in _pick(bodies, 12, n):
                crawl.request(clients["staff"], method, url, "staff", data=body, content_type="application/json")
                counts["API field"] += 1

    # every form of the walked pages: GET forms (filters) with odd values, POST forms with garbage
    done: set = set()
    for n, form in enumerate(forms):
        parsed = urlparse(form.action)
        found = _route_of(parsed.path) if parsed.netloc in ("", "testserver") else None
        key = (form.method, found[0] if found else form.action, tuple(sorted(form.fields)) if FULL else ())
        if found is None or key in done or found[0] not in routes:
            continue
        done.add(key)
        if form.method == "get":
            base = dict(form.fields)
            for i, name in enumerate(list(base)[:8]):
                query = {**base, name: ODD_VALUES[(i * 3 + 2) % len(ODD_VALUES)]}
                for who in ("staff", "anonymous") if FULL else (users[(n + i) % len(users)],):
                    crawl.request(clients[who], "get", parsed.path, who, data=query)
                    counts["form GET"] += 1
            continue
        posts = list(_garbage_posts(form))
        for label, data in posts if FULL else posts[:2] + _pick(posts[2:], 2, n * 2):
            # followed to the page it leads to, inside the same rolled-back transaction: what was saved is shown
            crawl.request(clients["staff"], "post", parsed.path, "staff", label=label, data=data, follow=True)
            counts["form POST"] += 1

    elapsed = time.monotonic() - started
    print(f"\n{'full' if FULL else 'sampled'} crawl: {len(routes)} routes, {len(real)} with real objects found, "
          f"{len(forms)} forms ({len(done)} distinct); {crawl.requests} requests in {elapsed:.0f} s: {dict(counts)}; "
          f"statuses {dict(sorted(crawl.by_status.items()))}")
    print("slowest:", *(f"{s:.2f}s {u}" for s, u in crawl.slowest), sep="\n  ")
    assert not crawl.problems, "\n".join(map(str, crawl.problems))
