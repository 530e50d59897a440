"""The optional background profile (issue 15 item 6): optional, "prefer not to say" apart from no answer, one form
one profile, unknown codes refused in the respondent's language with nothing stored, and sealed while waiting."""

from __future__ import annotations

import pytest
from django.test import Client

from yhteiso.respondents import profiles
from yhteiso.respondents.models import ParticipantProfile, ProfilePending

pytestmark = pytest.mark.django_db
URL = "/mita-teimme/taustatiedot/"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.YHTEISO_SURVEY_RATE_LIMIT = "0"


def _token(pk: int = 7, role: str = "map_respondent") -> str:
    return profiles.profile_token("mapsurvey", pk, role)


def test_a_profile_is_optional_an_empty_form_stores_nothing():
    response = Client().post(URL, {"token": _token(), "language": "sv"})
    assert response.status_code == 200
    assert "ingenting sparades" in response.content.decode()
    assert ProfilePending.objects.count() == 0 and ParticipantProfile.objects.count() == 0


def test_prefer_not_to_say_is_counted_apart_from_no_answer():
    client = Client()
    for answers in ({"age_group": "unsaid", "language_group": "arabic_speakers"},
                    {"age_group": "young_adults"}, {"home_area": "unsaid", "age_group": "unsaid"}):
        assert client.post(URL, {"token": _token(), "language": "fi", **answers}).status_code == 200
    profiles.profiles_mix(force=True)
    counts = profiles.profile_counts("mapsurvey", 7)
    assert counts["n"] == 3
    assert counts["age_group"] == {"unsaid": 2, "young_adults": 1}
    assert counts["language_group"] == {"arabic_speakers": 1, "": 2}
    assert counts["home_area"] == {"": 2, "unsaid": 1}
    assert counts["roles"] == {"map_respondent": 3}


def test_one_form_gives_one_profile():
    token = _token()
    client = Client()
    assert client.post(URL, {"token": token, "language": "fi", "age_group": "older_people"}).status_code == 200
    again = client.post(URL, {"token": token, "language": "fi", "age_group": "older_people"})
    assert again.status_code == 400
    assert "jo käytetty" in again.content.decode()
    assert ProfilePending.objects.count() == 1


def test_a_forged_token_and_an_unknown_code_are_refused_and_nothing_is_stored():
    client = Client()
    assert client.post(URL, {"token": "forged", "language": "fi", "age_group": "children"}).status_code == 400
    response = client.post(URL, {"token": _token(), "language": "ar", "age_group": "children",
                                 "language_group": "<script>"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert "اختر أحد الخيارات: اللغة الأم أو لغة البيت" in html  # names the question, in Arabic
    assert "<script>" not in html
    assert ProfilePending.objects.count() == 0


def test_a_waiting_profile_is_sealed_and_mixed_only_in_batches():
    for _i in range(profiles.MIX_BATCH - 1):
        profiles.profile_leave(token=_token(), answers={"language_group": "somali_speakers"}, language="fi")
    assert ParticipantProfile.objects.count() == 0  # fewer than a batch: still waiting
    assert b"somali" not in bytes(ProfilePending.objects.first().sealed)
    profiles.profile_leave(token=_token(), answers={"language_group": "somali_speakers"}, language="fi")
    assert ParticipantProfile.objects.count() == profiles.MIX_BATCH
    assert ProfilePending.objects.count() == 0


def test_the_form_offers_prefer_not_to_say_for_every_question_in_every_language():
    for language in ("fi", "fi-x-selko", "sv", "en", "ru", "et", "ar", "so"):
        for field, choices in profiles.options(language).items():
            assert choices[-1][0] == profiles.UNSAID, (language, field)
            assert all(label for _code, label in choices), (language, field)


def test_the_form_drawn_once_carries_a_fresh_token_and_the_pages_csrf_token_each_time():
    """The form's HTML is drawn once per questions and words (issue 12: the ballot confirmation page), but every
    page gets a token of its own, which one profile then uses up, and its own CSRF token."""
    import re

    from django.template import Context, Template
    from django.template.loader import render_to_string

    from yhteiso.respondents.views_profile import profile_form_context

    template = Template('{% load respondents_tags %}{% profile_form "round" 3 "voter" lang %}')
    drawn = [template.render(Context({"lang": "sv", "csrf_token": f"csrf{i}"})) for i in range(2)]
    tokens = [re.search(r'name="token" value="([^"]+)"', html).group(1) for html in drawn]
    assert tokens[0] != tokens[1]
    assert all(profiles.read_profile_token(t)["s"] == 3 for t in tokens)
    assert all(f'name="csrfmiddlewaretoken" value="csrf{i}"' in html for i, html in enumerate(drawn))
    # the same HTML as drawing the template with that page's token
    expected = render_to_string("respondents/_profile_form.html",
                                {**profile_form_context(tokens[1], "sv"), "csrf_token": "csrf1"})
    assert drawn[1] == expected
    response = Client().post(URL, {"token": tokens[0], "language": "sv", "age_group": "unsaid"})
    assert response.status_code == 200 and ProfilePending.objects.count() == 1
