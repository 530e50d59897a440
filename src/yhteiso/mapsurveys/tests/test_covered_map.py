"""A map survey that covers only some districts draws (and fits its view to) only those, in the no-JavaScript SVG
map and in the data of the interactive map; the other districts are faint context; a point outside them is still
refused (issue 15)."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from yhteiso.mapsurveys import geo, services
from yhteiso.respondents.submissions import SubmissionError

pytestmark = pytest.mark.django_db

TAPIOLA = [24.805, 60.176]  # area "2"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _survey(areas):
    staff = get_user_model().objects.create_user(f"alue{len(areas)}", password="pw-123456-x")
    return services.mapsurvey_create_published(actor=staff, title={"fi": "Alueet"}, languages=["fi"], areas=areas)


def _view_box(page: str) -> list[float]:
    found = re.search(r'<svg id="map"[^>]*viewBox="([^"]+)"', page)
    assert found, "the page has no map"
    return [float(x) for x in found.group(1).split()]


def test_only_the_covered_districts_are_drawn_and_the_view_fits_them(client):
    page = client.get(f"/karttakyselyt/{_survey(['1']).pk}/").content.decode()
    whole = client.get(f"/karttakyselyt/{_survey([]).pk}/").content.decode()
    assert page.count('class="district"') == 1 and page.count('class="district-other"') == 6
    assert whole.count('class="district"') == 7 and 'class="district-other"' not in whole
    p = geo.projection()
    assert _view_box(whole) == [0, 0, p["width"], p["height"]]
    x, y, w, h = _view_box(page)
    assert w * h < 0.5 * p["width"] * p["height"]  # Suur-Leppävaara fills the view, not the whole city
    leppavaara = geo.to_svg(24.813, 60.219)
    assert x <= leppavaara[0] <= x + w and y <= leppavaara[1] <= y + h
    svg = re.search(r'<svg id="map".*?</svg>', page, re.S).group(0)
    assert len(re.findall(r"<text ", svg)) == 1  # only the covered district is named
    covered = json.loads(re.search(r'id="map-districts"[^>]*>(.*?)</script>', page, re.S).group(1))
    others = json.loads(re.search(r'id="map-others"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert len(covered["features"]) == 1 and len(others["features"]) == 6
    assert 'data-others="map-others"' in page and "map-others" not in whole


def test_a_point_outside_the_covered_districts_is_still_refused(client):
    survey = _survey(["1"])
    with pytest.raises(SubmissionError) as exc:
        services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language="fi",
                               answers={"category": "safe", "point": TAPIOLA})
    assert exc.value.errors["point"][0] == "outside_area"


def test_the_results_heat_map_fits_the_covered_districts_too():
    survey = _survey(["1"])
    svg, _cells = geo.heat_map_svg([], title="t", covered=survey.areas)
    whole, _cells = geo.heat_map_svg([], title="t")
    p = geo.projection()
    assert f'viewBox="0 0 {p["width"]} {p["height"]}"' in whole
    assert f'viewBox="{geo.view_box(["1"])}"' in svg and geo.view_box(["1"]) != f"0 0 {p['width']} {p['height']}"
    assert svg.count('fill="#ececec"') == 6 and 'fill="#ececec"' not in whole
