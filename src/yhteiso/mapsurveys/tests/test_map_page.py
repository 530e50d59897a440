"""The map survey page in Finnish and Swedish: every number in the SVG map parses as a number (no localised
"365,8"), the interactive map gets the tile settings and the district shapes, and the place search works without
JavaScript: it lists matching areas and sets the point inside the chosen one, saving nothing."""

import io
import json
import re
import uuid
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.test import override_settings

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.mapsurveys import services
from yhteiso.mapsurveys.models import MapAnswer

NUMERIC = ("x", "y", "cx", "cy", "r", "width", "height", "stroke-width")


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def survey(db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups

    ensure_role_groups()
    staff = get_user_model().objects.create_user("kartta", password="pw-123456-x")
    staff.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    s = services.mapsurvey_create(actor=staff, title={c: f"Kartta {c}" for c in RESPONDENT_LANGUAGES},
                                  languages=list(RESPONDENT_LANGUAGES))
    return services.mapsurvey_publish(survey=s, actor=staff)


@pytest.fixture
def small_areas(db):
    from yhteiso.areas import demo as areas_demo

    areas_demo.load(io.StringIO())


def _svg(page: str) -> ET.Element:
    match = re.search(r'<svg id="map".*?</svg>', page, re.S)
    assert match, "no SVG map on the page"
    return ET.fromstring(match.group(0))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_svg_coordinate_parses_as_a_number_in_finnish_and_swedish(client, survey, lang):
    client.cookies["yhteiso_language"] = lang
    page = client.get(f"/karttakyselyt/{survey.pk}/?kieli={lang}", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    root = _svg(page)
    checked = 0
    for el in root.iter():
        for name in NUMERIC:
            if el.get(name) is not None:
                float(el.get(name))  # "365,8" raises ValueError
                checked += 1
    assert checked >= 7 * 2  # at least the seven district labels
    labels = list(root.iter("{http://www.w3.org/2000/svg}text"))
    assert len(labels) == 7
    assert all(float(t.get("x")) > 0 and float(t.get("y")) > 0 for t in labels)
    view_box = [float(v) for v in root.get("viewBox").split()]
    assert len(view_box) == 4
    assert ("Stor-Alberga" if lang == "sv" else "Suur-Leppävaara") in [t.text for t in labels]


@override_settings(YHTEISO_TILE_URL="https://tiles.example.test/{z}/{x}/{y}.png",
                   YHTEISO_TILE_ATTRIBUTION="Taustakartta © Esimerkki")
def test_the_page_hands_the_tile_service_and_the_district_shapes_to_the_interactive_map(client, survey):
    page = client.get(f"/karttakyselyt/{survey.pk}/?kieli=fi").content.decode()
    assert 'data-tile-url="https://tiles.example.test/{z}/{x}/{y}.png"' in page
    assert 'data-tile-attribution="Taustakartta © Esimerkki"' in page
    districts = json.loads(re.search(r'<script id="map-districts" type="application/json">(.*?)</script>',
                                     page, re.S).group(1))
    assert len(districts["features"]) == 7
    assert "Suur-Leppävaara" in {f["properties"]["name"] for f in districts["features"]}
    assert "/static/core/map/leaflet/leaflet.js" in page


def test_the_place_search_lists_areas_and_sets_the_point_without_javascript(client, survey, small_areas):
    base = {"submission_id": str(uuid.uuid4()), "language": "fi", "category": "unsafe", "comment": "Alikulku"}
    listed = client.post(f"/karttakyselyt/{survey.pk}/?kieli=fi", {**base, "paikka": "suvel", "find": "1"})
    assert listed.status_code == 200
    page = listed.content.decode()
    choice = re.search(r'<button type="submit" name="place" value="([0-9.]+),([0-9.]+)"[^>]*>Suvela</button>', page)
    assert choice, "Suvela is not offered"
    assert ">Alikulku</textarea>" in page and 'value="unsafe" checked' in page  # what was typed is kept
    chosen = client.post(f"/karttakyselyt/{survey.pk}/?kieli=fi",
                         {**base, "place": f"{choice.group(1)},{choice.group(2)}"})
    page = chosen.content.decode()
    lon = float(re.search(r'name="lon" id="lon" value="([^"]+)"', page).group(1))
    lat = float(re.search(r'name="lat" id="lat" value="([^"]+)"', page).group(1))
    assert 24.6 < lon < 24.75 and 60.18 < lat < 60.22  # Suvela
    marker = _svg(page).find("{http://www.w3.org/2000/svg}circle[@id='map-marker']")
    assert marker.get("visibility") == "visible" and float(marker.get("cx")) > 0
    assert MapAnswer.objects.count() == 0  # searching saves nothing
    # Then the answer is saved as usual with the point from the search.
    saved = client.post(f"/karttakyselyt/{survey.pk}/?kieli=fi", {**base, "lon": str(lon), "lat": str(lat)})
    assert saved.status_code == 302 and MapAnswer.objects.count() == 1


def test_the_place_search_says_when_nothing_matches_and_ignores_points_outside_espoo(client, survey, small_areas):
    base = {"submission_id": str(uuid.uuid4()), "language": "sv", "category": "safe"}
    page = client.post(f"/karttakyselyt/{survey.pk}/?kieli=sv", {**base, "paikka": "Zzyzx", "find": "1"})
    assert "Ingen plats hittades" in page.content.decode()
    outside = client.post(f"/karttakyselyt/{survey.pk}/?kieli=sv", {**base, "place": "24.945,60.170"})  # Helsinki
    assert 'name="lon" id="lon" value=""' in outside.content.decode()
    swedish = client.post(f"/karttakyselyt/{survey.pk}/?kieli=sv", {**base, "paikka": "hagalund", "find": "1"})
    assert re.search(r'name="place" value="[0-9.]+,[0-9.]+"[^>]*>Hagalund', swedish.content.decode())
    assert MapAnswer.objects.count() == 0
