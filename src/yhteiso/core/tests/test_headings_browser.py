"""Headings on a phone (issue 13): at 390 px no heading word is split except at a soft hyphen the server put in
(the browser has no Finnish dictionary; words broke anywhere), nothing scrolls sideways, and the page language is
declared. Measured in Chromium: each character's line box, so a line that starts inside a word must follow a soft
hyphen."""

import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# [path, heading, start of the mid-word line, the characters before it] for each line that begins inside a word
# without a soft hyphen before it
SPLITS_JS = """() => {
  const out = [];
  const letter = /[\\p{L}\\p{N}]/u;
  for (const h of document.querySelectorAll('h1, h2, h3')) {
    if (!h.offsetParent && getComputedStyle(h).position !== 'fixed') continue;  // hidden
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    let prev = null, prevTop = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        // a soft hyphen not used and a space at a line's end have no box: they still separate words
        // a letter right after a used soft hyphen has a second box: the last one is where it is drawn
        const box = rects.length ? rects[rects.length - 1] : null;
        if (!box || box.width === 0) { if (!letter.test(node.data[i])) prev = node.data[i]; continue; }
        const top = box.top, ch = node.data[i];
        if (prevTop !== null && top > prevTop + 2 && prev !== null && letter.test(prev) && letter.test(ch)) {
          out.push([h.textContent.trim().slice(0, 80), node.data.slice(Math.max(0, i - 8), i + 8)]);
        }
        prev = ch; prevTop = top;
      }
    }
  }
  return out;
}"""


@pytest.fixture
def espoo(transactional_db):
    from yhteiso.areas import demo as areas_demo
    from yhteiso.knowledge import demo as knowledge_demo
    from yhteiso.programme import demo as programme_demo

    areas_demo.load(io.StringIO())
    knowledge_demo.load(io.StringIO())
    programme_demo.load(io.StringIO())


def test_headings_break_only_at_soft_hyphens_at_390_px(live_server, browser_page, espoo):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_navigation_timeout(120_000)  # the first request of a page builds its figures (slow when busy)
    paths = ["/", "/ohjelma/", "/tietopohja/", "/tietopohja/alue/0491000000/", "/tietopohja/alue/02770/",
             "/kyselyt/", "/osallistuva-budjetointi/"]
    soft_hyphens = 0
    for lang in ("fi", "sv"):
        page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
        for path in paths:
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == lang, path
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, (lang, path)
            assert page.evaluate(SPLITS_JS) == [], (lang, path)
            soft_hyphens += page.evaluate(
                "() => [...document.querySelectorAll('h1, h2, h3')].filter(h => h.textContent.includes('\\u00ad'))"
                ".length")
    assert soft_hyphens > 0  # the check above measured hyphenated headings, not only short words
    # the smallest phones: here the words themselves no longer fit ("Saavutettavuusseloste", "Tillgänglighetsutlåtande")
    page.set_viewport_size({"width": 320, "height": 700})
    for lang in ("fi", "sv"):
        page.context.add_cookies([{"name": "yhteiso_language", "value": lang, "url": live_server.url}])
        for path in ("/saavutettavuus/", "/tietopohja/", "/"):
            page.goto(live_server.url + path)
            assert page.evaluate(SPLITS_JS) == [], (lang, path, 320)
