"""The real demo on a phone (390 px wide) in Finnish and Swedish, as residents, programme staff and steering-group
members see it: no page scrolls sideways (a wide table scrolls inside its own region instead), and no page shows a
raw code to its reader — a column name such as ``he_0_2`` or ``block_of_flats_dwelling_share_pct``, ``None``,
``nan`` or a template placeholder left untranslated (``%(name)s``, ``{{ … }}``)."""

from __future__ import annotations

import io
import re

import pytest

from yhteiso.core.commands.demo import load_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
PASSWORD = "yhteiso-demo-2026"

# snake_case identifiers, Python/pandas leftovers and untranslated placeholders
RAW = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\bNone\b|\bnan\b|\bNaN\b|%\(\w+\)|\{\{|\{%")
# What may legitimately look like a code: file names, and the statistical table ids named in a source line.
ALLOWED = re.compile(r"\S+\.(csv|xlsx|json|geojson|px|pb|pdf|docx)\b|^(Lähde|Källa|Source)\b.*$", re.M)

PUBLIC = ["/", "/ohjelma/", "/ohjelma/mittarit/1.1/", "/ohjelma/kohdentaminen/", "/ohjelma/vaikutukset/",
          "/tietopohja/", "/tietopohja/kartta/", "/tietopohja/koulut/", "/tietopohja/koulut/virrat/",
          "/tietopohja/koulut/vertailu/", "/kirjaudu/", "/ei-tallaista-sivua/", "/lahteet/",
          "/saavutettavuus/", "/ohjelma/raportointi/"]
STAFF = ["/henkilosto/", "/tietopohja/tuonti/", "/raportit/", "/raportit/valtuustoraportti/avainviestit/",
         "/taustatyot/", "/kyselyt/hallinta/", "/kyselyt/1/tulokset/", "/raportit/puolivalitarkastelu/"]
STEERING = ["/ohjausryhma/kokoukset/", "/ilmoitukset/asetukset/", "/tietopohja/tuonti/"]  # the last one: 403


@pytest.fixture
def demo(transactional_db):
    load_all(stdout=io.StringIO())


def _first_link(page, url: str, pattern: str) -> str | None:
    page.goto(url)
    hrefs = page.eval_on_selector_all("main a[href]", "as => as.map(a => a.getAttribute('href'))")
    return next((h for h in hrefs if re.fullmatch(pattern, h)), None)


def _problems(page, path: str, lang: str) -> list[str]:
    out = []
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > WIDTH:
        out.append(f"{path} [{lang}] scrolls sideways: {scroll} px")
    text = ALLOWED.sub(" ", page.evaluate("document.body.innerText"))
    raw = sorted(set(RAW.findall(text)))
    if raw:
        out.append(f"{path} [{lang}] shows raw codes: {raw[:8]}")
    return out


def _visit(page, base: str, paths: list[str], lang: str) -> list[str]:
    page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": base}])
    problems = []
    for path in paths:
        page.goto(base + path)
        problems += _problems(page, path, lang)
    return problems


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/kirjaudu/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_no_page_of_the_demo_scrolls_sideways_or_shows_raw_codes_on_a_phone(demo, live_server, _playwright_browser):
    base = live_server.url
    problems: list[str] = []
    for role, paths in ((None, PUBLIC), ("ohjelmapaallikko", STAFF), ("ohjausryhma", STEERING)):
        context = _playwright_browser.new_context(viewport={"width": WIDTH, "height": 844})
        page = context.new_page()
        page.set_default_timeout(20_000)
        if role:
            _sign_in(page, base, role)
        found = list(paths)
        if role is None:
            for url, pattern in ((base + "/tietopohja/kartta/", r"/tietopohja/alue/[^/]+/"),
                                 (base + "/tietopohja/koulut/", r"/tietopohja/koulut/koulu/[^/]+/"),
                                 (base + "/kyselyt/", r"/kyselyt/\d+/tulokset/"),
                                 (base + "/karttakyselyt/", r"/karttakyselyt/\d+/tulokset/"),
                                 (base + "/osallistuva-budjetointi/espoo-2026-demo/",
                                  r"/osallistuva-budjetointi/espoo-2026-demo/ehdotukset/[^/]+/")):
                link = _first_link(page, url, pattern)
                assert link, (url, pattern)
                found.append(link)
            found.append("/osallistuva-budjetointi/espoo-2026-demo/")
        else:
            link = _first_link(page, base + "/taustatyot/", r"/taustatyot/[0-9a-f-]{36}/") if role != "ohjausryhma" \
                else _first_link(page, base + "/ohjausryhma/kokoukset/", r"/ohjausryhma/kokoukset/\d+/")
            if link:
                found.append(link)
        for lang in ("fi", "sv"):
            problems += _visit(page, base, found, lang)
        # respondent pages take their language from ?kieli= and offer Arabic (right to left)
        if role is None:
            respondent = [_first_link(page, base + "/kyselyt/", r"/kyselyt/\d+/"),
                          _first_link(page, base + "/karttakyselyt/", r"/karttakyselyt/\d+/")]
            assert all(respondent), respondent
            for lang in ("fi", "sv", "ar"):
                for path in respondent:
                    page.goto(f"{base}{path}?kieli={lang}")
                    problems += _problems(page, f"{path}?kieli={lang}", lang)
        context.close()
        if role is None:
            # an Arabic browser with no choice made: the surveys and the participatory-budgeting round open in
            # Arabic, the survey list (UI catalogues only) in English
            context = _playwright_browser.new_context(viewport={"width": WIDTH, "height": 844}, locale="ar-SA")
            page = context.new_page()
            page.set_default_timeout(20_000)
            for path, lang in [(respondent[0], "ar"), (respondent[1], "ar"), ("/kyselyt/", "en"),
                               ("/osallistuva-budjetointi/espoo-2026-demo/", "ar")]:
                page.goto(base + path)
                assert page.evaluate("document.documentElement.lang") == lang, path
                problems += _problems(page, path, f"Accept-Language: ar → {lang}")
            context.close()
    assert problems == [], "\n".join(problems)


HEADER_MAX = 120  # px: the phone header was about 230 px, a quarter of the screen, before the first heading
SMALLEST_TEXT = 10.5  # px: chart text as drawn on the screen (font size × the SVG's scale)
CHART_PAGES = ["/", "/tietopohja/", "/tietopohja/kartta/", "/ohjelma/", "/ohjelma/mittarit/1.1/",
               "/ohjelma/vaikutukset/", "/tietopohja/koulut/", "/tietopohja/koulut/virrat/",
               "/tietopohja/koulut/vertailu/", "/osallistuva-budjetointi/espoo-2026-demo/", "/ohjelma/talousarvio/"]
# the smallest visible chart text on a page (font size × the SVG's scale on the screen), and which chart it is in
SMALL_TEXT_JS = """() => { let found = null;
  for (const t of document.querySelectorAll('svg text')) {
    if (!t.getBoundingClientRect().width) continue;
    const m = t.ownerSVGElement.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.abs(m.a) : 1);
    if (!found || px < found[0]) found = [px, (t.ownerSVGElement.querySelector('title') || {}).textContent || ''];
  }
  return found; }"""


def test_on_a_phone_the_header_is_compact_and_chart_text_stays_readable(demo, live_server, _playwright_browser):
    base = live_server.url
    problems: list[str] = []
    context = _playwright_browser.new_context(viewport={"width": WIDTH, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    for lang in ("fi", "sv"):
        context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": base}])
        for path in CHART_PAGES:
            page.goto(base + path)
            header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
            if header > HEADER_MAX:
                problems.append(f"{path} [{lang}] header {header:.0f} px tall")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                problems.append(f"{path} [{lang}] scrolls sideways: {width} px")
            smallest = page.evaluate(SMALL_TEXT_JS)
            if smallest and smallest[0] < SMALLEST_TEXT:
                problems.append(f"{path} [{lang}] chart text {smallest[0]:.1f} px in “{smallest[1]}”")
    # the language switch and the sign-in link stay reachable: the switch beside the brand, sign-in in the menu
    page.goto(base + "/")
    switch = page.locator(".lang-switch select").bounding_box()
    button = page.locator(".lang-switch button").bounding_box()
    assert switch and button and switch["height"] >= 24 and button["height"] >= 24 and button["width"] >= 24
    assert switch["y"] + switch["height"] <= HEADER_MAX
    page.locator(".main-nav summary").click()
    login = page.get_by_role("link", name="Logga in")
    assert login.is_visible() and login.bounding_box()["height"] >= 24
    # respondent pages (their own header, ?kieli=), Arabic right to left included
    for lang in ("fi", "ar"):
        page.goto(f"{base}/kyselyt/1/?kieli={lang}")
        header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
        if header > HEADER_MAX:
            problems.append(f"/kyselyt/1/ [{lang}] header {header:.0f} px tall")
    context.close()
    assert problems == [], "\n".join(problems)
