"""The interactive maps in a real browser: a base map from a tile service (a tiny PNG tile server on loopback,
started here) under the platform's CSP, its attribution shown; a point placed by a click and by the keyboard; the
choropleth's areas drawn over the tiles; no WCAG 2.1 A/AA violations; and without a tile service (the offline
demo) the map still shows land, water and place names. Screenshots with YHTEISO_SCREENSHOTS=dir."""

import io
import os
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("YHTEISO_SCREENSHOTS", "")
TILE_PORT = 8209


def _png(rgb=(214, 228, 200)) -> bytes:
    """A 256×256 single-colour PNG (written by hand: no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * 256 for _ in range(256))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture
def tile_server():
    requests: list[str] = []
    tile = _png()

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", TILE_PORT), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{TILE_PORT}", requests
    server.shutdown()
    server.server_close()


@pytest.fixture
def tiles_configured(settings, tile_server):
    origin, requests = tile_server
    settings.YHTEISO_TILE_URL = origin + "/{z}/{x}/{y}.png"
    settings.YHTEISO_TILE_ATTRIBUTION = "Taustakartta © Testilaatat"
    settings.YHTEISO_CSP = settings.YHTEISO_CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin}")
    return requests


@pytest.fixture
def map_survey(transactional_db):
    from yhteiso.areas import demo as areas_demo
    from yhteiso.mapsurveys import demo as map_demo
    from yhteiso.mapsurveys.models import MapSurvey

    areas_demo.load(io.StringIO())
    map_demo.load(io.StringIO())
    return MapSurvey.objects.get(is_demo=True)


def _shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def _tiles_drawn(page) -> int:
    return page.evaluate("""() => Array.from(document.querySelectorAll('img.leaflet-tile'))
        .filter(i => i.complete && i.naturalWidth === 256).length""")


def test_the_map_survey_draws_tiles_and_places_a_point_by_click_and_keyboard(live_server, browser_page,
                                                                              axe_violations, tiles_configured,
                                                                              map_survey):
    page = browser_page
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(live_server.url + f"/karttakyselyt/{map_survey.pk}/?kieli=fi")
    page.wait_for_function("document.querySelectorAll('img.leaflet-tile-loaded').length > 0")
    assert tiles_configured, "no tile was requested"
    assert all(p.endswith(".png") and p.count("/") == 3 for p in tiles_configured)
    assert _tiles_drawn(page) > 0 and not blocked
    assert "Testilaatat" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.locator("#map-svg").is_hidden()  # the SVG map is the no-JavaScript and print version
    assert page.locator(".leaflet-overlay-pane path").count() == 7  # the districts over the tiles
    box = page.locator(".ymap").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.35)
    lon, lat = float(page.input_value("#lon")), float(page.input_value("#lat"))
    assert 24.4 < lon < 25.0 and 60.0 < lat < 60.4
    # Keyboard: focus the map, pan with the arrow keys, Enter puts the point at the centre.
    page.locator(".ymap").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert float(page.input_value("#lon")) != lon
    page.wait_for_timeout(400)
    dot = page.locator(".leaflet-overlay-pane path.leaflet-interactive").bounding_box()
    frame = page.locator(".ymap").bounding_box()
    assert abs(dot["x"] + dot["width"] / 2 - (frame["x"] + frame["width"] / 2)) < 4  # under the centre ring
    assert abs(dot["y"] + dot["height"] / 2 - (frame["y"] + frame["height"] / 2)) < 4
    assert page.locator("#map-status").inner_text().startswith("Paikka merkitty kartalle")
    assert axe_violations(page) == []
    _shot(page, "map-survey-tiles-fi")
    page.locator("form.survey-form input[name=category] >> nth=0").check()
    page.click("form.survey-form button[type=submit]:not([name])")
    assert "/kiitos/" in page.url


@pytest.mark.parametrize(("lang", "width"), [("fi", 1366), ("sv", 390), ("ar", 390)])
def test_without_a_tile_service_the_map_survey_still_shows_land_water_and_names(live_server, browser_page,
                                                                                axe_violations, map_survey, lang,
                                                                                width, settings):
    settings.YHTEISO_TILE_URL = ""
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + f"/karttakyselyt/{map_survey.pk}/?kieli={lang}")
    page.wait_for_selector(".ymap .ymap-label")
    assert page.locator("img.leaflet-tile").count() == 0
    assert page.locator(".ymap .ymap-label").count() == 7  # the district names
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == [], (lang, width)
    _shot(page, f"map-survey-offline-{lang}-{width}")


def test_the_choropleth_is_drawn_over_the_tiles_with_the_svg_colours(live_server, browser_page, axe_violations,
                                                                     tiles_configured, map_survey):
    from yhteiso.knowledge import demo as knowledge_demo

    knowledge_demo.load(io.StringIO())
    page = browser_page
    path = "/tietopohja/kartta/?level=pienalue&indicator=idx%3Astatus_index"
    page.goto(live_server.url + path)
    page.wait_for_function("document.querySelectorAll('img.leaflet-tile-loaded').length > 0")
    svg_fills = set(page.evaluate("""() => Array.from(document.querySelectorAll('.map-figure > svg path[data-code]'))
        .map(p => p.getAttribute('fill')).filter(f => f.startsWith('#'))"""))
    map_fills = set(page.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))
        .map(p => p.getAttribute('fill'))"""))
    assert map_fills and map_fills <= svg_fills
    assert "Testilaatat" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.locator(".map-legend li").count() >= 3
    assert axe_violations(page) == []
    _shot(page, "choropleth-tiles-1366")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".ymap").bounding_box()["width"] >= 340
    _shot(page, "choropleth-tiles-390")
