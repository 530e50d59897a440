import io
import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups
from yhteiso.mapsurveys import demo, geo, services
from yhteiso.mapsurveys.models import MapAnswer, MapSurvey, Moderation


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


LEPPAVAARA = [24.813, 60.219]  # inside Suur-Leppävaara
HELSINKI = [24.945, 60.170]  # outside Espoo


@pytest.fixture
def staff(db):
    from django.contrib.auth.models import Group

    ensure_role_groups()
    user = get_user_model().objects.create_user("mod", password="pw-123456-x")
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    return user


@pytest.fixture
def survey(db, staff):
    s = services.mapsurvey_create(actor=staff, title={c: f"Kartta {c}" for c in RESPONDENT_LANGUAGES},
                                  languages=list(RESPONDENT_LANGUAGES))
    return services.mapsurvey_publish(survey=s, actor=staff)


def _post(client, pk, answers, language="fi", submission_id=None):
    body = {"submission_id": submission_id or str(uuid.uuid4()), "language": language, "answers": answers}
    return client.post(f"/api/v1/mapsurveys/{pk}/answers", data=json.dumps(body), content_type="application/json")


def test_a_point_is_placed_in_its_district_and_stored_once(client, survey):
    sid = str(uuid.uuid4())
    assert _post(client, survey.pk, {"category": "safe", "point": LEPPAVAARA}, submission_id=sid).status_code == 201
    assert _post(client, survey.pk, {"category": "safe", "point": LEPPAVAARA}, submission_id=sid).status_code == 200
    answer = MapAnswer.objects.get()
    assert answer.area_code == "1" and answer.moderation == Moderation.APPROVED  # no comment: nothing to moderate


@pytest.mark.parametrize(("answers", "bad_key"), [
    ({"category": "lovely", "point": LEPPAVAARA}, "category"),
    ({"category": "safe", "point": HELSINKI}, "point"),
    ({"category": "safe", "point": ["x", 60.2]}, "point"),
    ({"category": "safe", "area": "99"}, "area"),
    ({"category": "safe"}, "point"),
    ({"category": "idea", "address": "Tapiontori", "comment": "x" * 1001}, "comment"),
    ({"category": "idea", "address": "y" * 201}, "address"),
    ({"category": "idea", "area": "1", "colour": "red"}, "colour"),
    ({"category": "idea", "geometry": {"type": "LineString", "coordinates": [LEPPAVAARA, HELSINKI]}}, "geometry"),
])
def test_bad_map_answers_are_refused_with_the_key_and_nothing_is_stored(client, survey, answers, bad_key):
    resp = _post(client, survey.pk, answers, language="en")
    assert resp.status_code == 400
    assert bad_key in resp.json()["errors"]
    assert MapAnswer.objects.count() == 0


def test_the_non_map_ways_work_a_district_or_an_address(client, survey):
    assert _post(client, survey.pk, {"category": "important", "area": "2"}).status_code == 201
    assert _post(client, survey.pk, {"category": "unsafe", "address": "Leppävaaran asema"}).status_code == 201
    assert sorted(MapAnswer.objects.values_list("area_code", flat=True)) == ["", "2"]


def test_a_drawn_route_inside_espoo_is_accepted(client, survey):
    route = {"type": "LineString", "coordinates": [LEPPAVAARA, [24.80, 60.21]]}
    assert _post(client, survey.pk, {"category": "idea", "geometry": route}).status_code == 201


def test_comments_wait_for_moderation_and_are_shown_escaped_once_approved(client, survey, staff):
    script = "<script>alert('x')</script> Lisää valoa"
    _post(client, survey.pk, {"category": "unsafe", "point": LEPPAVAARA, "comment": script})
    answer = MapAnswer.objects.get()
    assert answer.moderation == Moderation.PENDING and answer.comment == script
    page = client.get(f"/karttakyselyt/{survey.pk}/tulokset/").content.decode()
    assert "Lisää valoa" not in page
    assert json.loads(client.get(f"/karttakyselyt/{survey.pk}/paikat.geojson").content)["features"] == []
    client.force_login(staff)
    moderation = client.get(f"/karttakyselyt/hallinta/{survey.pk}/moderointi/").content.decode()
    assert "&lt;script&gt;" in moderation and "<script>alert" not in moderation
    client.post(f"/karttakyselyt/hallinta/{survey.pk}/moderointi/", {"answer": answer.pk, "decision": "approved"})
    for _i in range(5):  # enough places in the same district and category for the cell to be shown
        _post(client, survey.pk, {"category": "unsafe", "point": LEPPAVAARA})
    services.mapsurvey_close(survey=survey, actor=staff)
    page = client.get(f"/karttakyselyt/{survey.pk}/tulokset/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Lisää valoa" in page
    features = json.loads(client.get(f"/karttakyselyt/{survey.pk}/paikat.geojson").content)["features"]
    commented = next(f for f in features if f["properties"]["comment"] == script)
    assert commented["properties"] == {"category": "unsafe", "comment": script}
    lon, lat = commented["geometry"]["coordinates"]
    assert abs(lon - LEPPAVAARA[0]) < 0.002 and abs(lat - LEPPAVAARA[1]) < 0.001


def test_results_per_district_and_category_are_suppressed_everywhere(client, survey):
    for _i in range(7):
        _post(client, survey.pk, {"category": "safe", "point": LEPPAVAARA})
    for _i in range(2):
        _post(client, survey.pk, {"category": "unsafe", "point": LEPPAVAARA})
    services.mapsurvey_close(survey=survey, actor=None)
    api = client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()
    row = next(r for r in api["areas"] if r["area"] == "1")
    assert row["total"] == 9
    assert row["counts"]["unsafe"] is None  # 2 < 5
    assert row["counts"]["safe"] is None  # secondary: 9 − 7 would reveal the hidden 2
    page = client.get(f"/karttakyselyt/{survey.pk}/tulokset/")
    assert page.status_code == 200
    svg, cells = geo.heat_map_svg([tuple(LEPPAVAARA)] * 3, title="t", min_count=5)
    assert cells == [] and "<rect" not in svg
    svg, cells = geo.heat_map_svg([tuple(LEPPAVAARA)] * 6, title="t", min_count=5)
    assert cells[0]["count"] == 6 and 'role="img"' in svg


def test_the_respondent_page_offers_the_map_the_district_list_and_the_address_in_every_language(client, survey):
    for code in RESPONDENT_LANGUAGES:
        html = client.get(f"/karttakyselyt/{survey.pk}/?kieli={code}").content.decode()
        assert f'lang="{code}"' in html and 'id="map"' in html and 'name="area"' in html and 'name="address"' in html
    assert 'dir="rtl"' in client.get(f"/karttakyselyt/{survey.pk}/?kieli=ar").content.decode()


def test_the_html_form_stores_a_place_chosen_from_the_list(survey):
    client = Client()
    page = client.get(f"/karttakyselyt/{survey.pk}/?kieli=sv")
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else ""
    resp = client.post(f"/karttakyselyt/{survey.pk}/", {
        "csrfmiddlewaretoken": token, "submission_id": str(uuid.uuid4()), "language": "sv", "category": "idea",
        "area": "3", "comment": "Fler bänkar"})
    assert resp.status_code == 302
    assert MapAnswer.objects.get().area_code == "3"


def test_a_closed_map_survey_refuses_answers(client, survey, staff):
    services.mapsurvey_close(survey=survey, actor=staff)
    assert _post(client, survey.pk, {"category": "safe", "area": "1"}).status_code == 400
    assert MapAnswer.objects.count() == 0


def test_the_map_demo_is_idempotent_and_open_in_every_language(db):
    demo.load(io.StringIO())
    counts = (MapSurvey.objects.count(), MapAnswer.objects.count())
    demo.load(io.StringIO())
    assert (MapSurvey.objects.count(), MapAnswer.objects.count()) == counts
    survey = MapSurvey.objects.get()
    assert survey.is_open() and survey.is_demo and survey.languages == list(RESPONDENT_LANGUAGES)


def test_a_refused_map_release_is_worded_in_finnish_and_swedish_by_the_respondent_layer(db):
    survey = services.mapsurvey_create(actor=None, title={"fi": "Karttakysely"}, languages=["fi"])
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        services.mapsurvey_release(survey=survey, actor=None)
    assert refused.value.messages == [
        "Endast en öppen enkät kan få delpubliceringar; en stängd enkät har sin slutliga publicering."]
    survey = services.mapsurvey_publish(survey=survey, actor=None)
    with translation.override("fi"), pytest.raises(ValidationError) as refused:
        services.mapsurvey_release(survey=survey, actor=None)
    assert refused.value.messages == [
        "Uuteen julkaisuun tarvitaan vähintään 10 uutta vastausta edellisen julkaisun jälkeen (nyt 0)."]
