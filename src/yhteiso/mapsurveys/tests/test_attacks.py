"""The attacks of issue 10 on the map survey's outputs: the GeoJSON must not give back suppressed cells, answers'
languages or precise drawings, and nothing is published live. Each test failed on the code before the fix."""

import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import DateField, DateTimeField
from pyproj import Transformer

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.mapsurveys import geo, services
from yhteiso.mapsurveys.models import MapAnswer

LEPPAVAARA = [24.813, 60.219]
TAPIOLA = [24.805, 60.176]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("mapstaff", password="pw-123456-x")


@pytest.fixture
def survey(db, staff):
    s = services.mapsurvey_create(actor=staff, title={c: f"Kartta {c}" for c in RESPONDENT_LANGUAGES},
                                  languages=list(RESPONDENT_LANGUAGES))
    return services.mapsurvey_publish(survey=s, actor=staff)


def _answer(survey, language="fi", **answers):
    _answer_obj, created = services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language=language,
                                                  answers=answers)
    assert created


def _geojson(client, survey):
    return json.loads(client.get(f"/karttakyselyt/{survey.pk}/paikat.geojson").content)


def test_the_geojson_gives_back_no_suppressed_cell_and_no_language(client, survey, staff):
    for _i in range(8):
        _answer(survey, category="safe", point=LEPPAVAARA)
    for i in range(3):  # a small cell: 3 unsafe places in Leppävaara, one answered in Somali
        _answer(survey, language="so" if i == 0 else "fi", category="unsafe", point=[LEPPAVAARA[0] + 0.001 * i,
                                                                                     LEPPAVAARA[1]])
    for _i in range(9):
        _answer(survey, category="important", point=TAPIOLA)
    _answer(survey, category="idea", point=TAPIOLA)  # a small cell: 1
    services.mapsurvey_close(survey=survey, actor=staff)
    table = client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()
    hidden = {(row["area"], c) for row in table["areas"] for c, n in row["counts"].items() if n is None}
    assert hidden  # the table hides some cells ...
    counted: dict = {}
    for feature in _geojson(client, survey)["features"]:
        assert set(feature["properties"]) <= {"category", "comment"}  # no language, district or background
        lon, lat = feature["geometry"]["coordinates"]
        key = (geo.area_of(lon, lat), feature["properties"]["category"])
        counted[key] = counted.get(key, 0) + 1
    assert not set(counted) & hidden  # ... and counting the features gives none of them back


def test_drawn_lines_and_areas_are_exported_on_a_100_m_grid(client, survey, staff):
    line = {"type": "LineString", "coordinates": [[24.81301, 60.21901], [24.81302, 60.21902], [24.8200, 60.2200]]}
    area = {"type": "Polygon", "coordinates": [[[24.80, 60.21], [24.81, 60.21], [24.81, 60.215], [24.80, 60.21]]]}
    for _i in range(6):
        _answer(survey, category="idea", geometry=line)
        _answer(survey, category="idea", geometry=area)
    services.mapsurvey_close(survey=survey, actor=staff)
    to_tm35 = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)
    features = _geojson(client, survey)["features"]
    assert {f["geometry"]["type"] for f in features} == {"LineString", "Polygon"}
    for feature in features:
        coords = feature["geometry"]["coordinates"]
        points = coords[0] if feature["geometry"]["type"] == "Polygon" else coords
        for lon, lat in points:
            x, y = to_tm35.transform(lon, lat)
            assert abs((x - 50) / 100 - round((x - 50) / 100)) < 0.01, (x, y)
            assert abs((y - 50) / 100 - round((y - 50) / 100)) < 0.01, (x, y)


def test_nothing_is_published_while_the_map_survey_is_open(client, survey):
    for _i in range(12):
        _answer(survey, category="safe", point=LEPPAVAARA)
    assert _geojson(client, survey)["features"] == []
    assert client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()["n"] is None


def test_map_answers_keep_no_date_and_no_order(survey):
    for i in range(30):
        _answer(survey, category="safe", area="1", address=f"{i}")
    assert not [f.name for f in MapAnswer._meta.get_fields() if isinstance(f, DateField | DateTimeField)
                and f.name != "moderated_at"]
    by_id = [int(a) for a in MapAnswer.objects.order_by("id").values_list("address", flat=True)]
    assert by_id != list(range(30))


def test_staff_publish_an_interim_release_only_with_enough_new_answers(client, survey, staff):
    from django.contrib.auth.models import Group

    from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups

    ensure_role_groups()
    staff.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    client.force_login(staff)
    for _i in range(4):
        _answer(survey, category="safe", point=LEPPAVAARA)
    client.post(f"/karttakyselyt/hallinta/{survey.pk}/julkaise-tulokset/")
    assert survey.releases.count() == 0  # 4 new answers are too few
    for _i in range(6):
        _answer(survey, category="safe", point=LEPPAVAARA)
    client.post(f"/karttakyselyt/hallinta/{survey.pk}/julkaise-tulokset/")
    assert survey.releases.get().new_responses == 10
    assert client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()["n"] == 10
