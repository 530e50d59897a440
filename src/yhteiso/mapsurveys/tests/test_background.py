"""Background questions on a map survey (issue 15 item 5): staff switch them on in the builder; the respondent is
asked once per visit (after the first place, never again in the same visit); the answers are kept the way
``respondents.profiles`` keeps every background profile — apart from the places and unlinkable to them; results
by age group are shown suppressed, and only in the final release (page and API)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from yhteiso.mapsurveys import services
from yhteiso.mapsurveys.models import MapAnswer
from yhteiso.respondents import profiles
from yhteiso.respondents.models import ParticipantProfile, ProfilePending

pytestmark = pytest.mark.django_db

LEPPAVAARA = ("24.813", "60.219")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("tausta", password="pw-123456-x")


def _survey(staff, background):
    s = services.mapsurvey_create(actor=staff, title={"fi": "Kartta", "sv": "Karta", "ar": "خريطة"},
                                  languages=["fi", "sv", "ar"], background_fields=background)
    return services.mapsurvey_publish(survey=s, actor=staff)


def _mark(client, survey, *, asked=False, comment=""):
    data = {"submission_id": str(uuid.uuid4()), "language": "fi", "category": "safe", "lon": LEPPAVAARA[0],
            "lat": LEPPAVAARA[1], "comment": comment}
    if asked:
        data["kysytty"] = "1"
    response = client.post(f"/karttakyselyt/{survey.pk}/", data)
    assert response.status_code == 302
    return response["Location"]


def test_only_the_chosen_background_questions_are_asked_once_per_visit(staff):
    survey = _survey(staff, ["age_group"])
    client = Client()
    thanks_url = _mark(client, survey)
    page = client.get(thanks_url).content.decode()
    assert 'name="age_group"' in page and 'name="home_area"' not in page and 'name="language_group"' not in page
    # "mark another place" carries the visit's flag: the next place's thanks page does not ask again
    another = re.search(r'href="([^"]+)"[^>]*>Merkitse toinen paikka', page).group(1).replace("&amp;", "&")
    assert "kysytty=1" in another
    form = client.get(another).content.decode()
    assert 'name="kysytty" value="1"' in form
    second = _mark(client, survey, asked=True)
    assert "kysytty=1" in second
    assert 'name="token"' not in client.get(second).content.decode()


def test_no_background_questions_when_staff_switched_them_off(staff):
    survey = _survey(staff, [])
    page = Client().get(_mark(Client(), survey)).content.decode()
    assert 'name="token"' not in page and "Taustatiedot" not in page


def test_the_background_answer_cannot_be_linked_to_the_place(staff):
    """The profile form names only the survey, the way of taking part and a random nonce; it is posted apart;
    the stored profile has no key, time or content that points at the answer; the thanks address carries nothing
    of the answer either."""
    survey = _survey(staff, list(profiles.FIELDS))
    client = Client()
    thanks_url = _mark(client, survey, comment="Hyvä puisto")
    answer = MapAnswer.objects.get()
    assert str(answer.submission_id) not in thanks_url and str(answer.pk) not in thanks_url
    page = client.get(thanks_url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    data = profiles.read_profile_token(token)
    assert set(data) == {"k", "s", "r", "n"} and (data["k"], data["s"], data["r"]) == ("mapsurvey", survey.pk,
                                                                                       "map_respondent")
    assert str(answer.submission_id) not in str(data) and str(answer.pk) not in str(data)
    response = client.post("/mita-teimme/taustatiedot/", {"token": token, "language": "fi",
                                                             "age_group": "young_adults", "home_area": "1",
                                                             "language_group": "unsaid"})
    assert response.status_code == 200
    pending = ProfilePending.objects.get()
    assert [f.name for f in ProfilePending._meta.get_fields()] == ["id", "sealed"]
    assert str(answer.submission_id).encode() not in bytes(pending.sealed)
    profiles.profiles_mix(force=True)
    profile = ParticipantProfile.objects.get()
    assert (profile.age_group, profile.home_area, profile.language_group) == ("young_adults", "1", "unsaid")
    fields = {f.name for f in ParticipantProfile._meta.get_fields()}
    assert fields == {"id", "kind", "subject_id", "role", "age_group", "home_area", "language_group", "mixed_on"}
    assert profile.pk != answer.submission_id and not hasattr(answer, "profile")
    # the same form gives one profile only
    again = client.post("/mita-teimme/taustatiedot/", {"token": token, "language": "fi",
                                                          "age_group": "older_people"})
    assert again.status_code == 400 and ParticipantProfile.objects.count() == 1


def _profiles(survey, age_group, n):
    ParticipantProfile.objects.bulk_create([
        ParticipantProfile(kind="mapsurvey", subject_id=survey.pk, role="map_respondent", age_group=age_group,
                           language_group="finnish_speakers", mixed_on="2026-12-02") for _ in range(n)])


def test_results_by_age_group_are_suppressed_and_only_in_the_final_release(staff):
    survey = _survey(staff, list(profiles.FIELDS))
    for group in ("young_adults", "working_age", "older_people"):
        _profiles(survey, group, 12)
    _profiles(survey, "children", 2)  # a small cell
    client = Client()
    for _ in range(12):
        services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language="fi",
                               answers={"category": "safe", "point": [24.813, 60.219]})
    services.mapsurvey_release(survey=survey, actor=staff)
    interim = client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()
    assert interim["release"]["final"] is False and interim["background"] is None
    services.mapsurvey_close(survey=survey, actor=staff)
    final = client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()
    rows = {row["code"]: row["count"] for row in final["background"]["age_group"]["rows"]}
    assert rows["children"] is None  # 2 < 5: hidden
    # the rest is shown or hidden by the participation comparison's linked suppression: never a count under 5
    assert all(count is None or count == 0 or count >= 5 for count in rows.values())
    assert final["background"]["n"] == 38
    page = client.get(f"/karttakyselyt/{survey.pk}/tulokset/").content.decode()
    assert "Keitä osallistui" in page and "38 osallistujaa kertoi taustatietonsa" in page
