"""What a map survey's page says must be answered is true: not the respondent pages' "all questions are optional"
(a map answer needs the kind of place and where it is, and a survey's own questions may be required), in every
respondent language, with the same "(required)" mark beside each required question."""

from __future__ import annotations

import html
import uuid

import pytest

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.mapsurveys import services
from yhteiso.mapsurveys.models import MapAnswer
from yhteiso.mapsurveys.texts import TEXTS
from yhteiso.respondents.texts import PHRASES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]




def _page(client, survey, language: str) -> str:
    return html.unescape(client.get(f"/karttakyselyt/{survey.pk}/?kieli={language}").content.decode())


def test_the_page_says_the_place_is_required_not_that_everything_is_optional_in_every_language(client, staff):
    survey = services.mapsurvey_create_published(
        actor=staff, title={c: f"Kartta {c}" for c in RESPONDENT_LANGUAGES}, languages=list(RESPONDENT_LANGUAGES))
    for language in RESPONDENT_LANGUAGES:
        page = _page(client, survey, language)
        assert PHRASES["anonymous"][language] not in page, language  # "… All questions are optional."
        assert f"{TEXTS['anonymous'][language]} {TEXTS['required_note'][language]}" in page, language
        # the kind of place and where it is carry the mark the other required questions carry
        mark = f'<span class="required">{TEXTS["required"][language]}</span></legend>'
        assert page.count(mark) == 2, language
    assert "Kaikki kysymykset ovat vapaaehtoisia" not in _page(client, survey, "fi")
    assert "Kerro ainakin, millainen paikka on ja missä se on. Muut kysymykset ovat vapaaehtoisia." in _page(
        client, survey, "fi")


def test_what_the_page_calls_required_is_refused_when_missing_and_what_it_calls_optional_is_not(client, staff):
    survey = services.mapsurvey_create_published(actor=staff, title={"fi": "Kysely"}, languages=["fi"])
    url = f"/karttakyselyt/{survey.pk}/"
    # only a comment: no kind of place, no place
    response = client.post(url, {"submission_id": str(uuid.uuid4()), "language": "fi", "comment": "Hyvä paikka"})
    assert response.status_code == 400 and not MapAnswer.objects.exists()
    # the kind of place and a district, nothing else: saved
    response = client.post(url, {"submission_id": str(uuid.uuid4()), "language": "fi", "category": "safe",
                                 "area": "1"})
    assert response.status_code == 302 and MapAnswer.objects.count() == 1


def test_with_a_required_question_of_its_own_the_page_says_to_answer_the_marked_questions(client, staff):
    questions = [{"key": "q1", "type": "text", "required": False, "text": {"fi": "Mikä tekisi paikasta paremman?"}},
                 {"key": "q2", "type": "text", "required": True, "text": {"fi": "Miksi valitsit paikan?"}}]
    survey = services.mapsurvey_create_published(actor=staff, title={"fi": "Kysely"}, languages=["fi"],
                                                 pin_questions=questions)
    page = _page(client, survey, "fi")
    assert ("Kerro ainakin, millainen paikka on ja missä se on, ja vastaa kysymyksiin, joiden perässä on "
            "(pakollinen). Muut kysymykset ovat vapaaehtoisia.") in page
    assert page.count('<span class="required">(pakollinen)</span>') == 3  # kind, where, q2
    optional_only = services.mapsurvey_create_published(actor=staff, title={"fi": "Toinen"}, languages=["fi"],
                                                        pin_questions=questions[:1])
    assert TEXTS["required_note"]["fi"] in _page(client, optional_only, "fi")


def test_the_notes_are_written_in_every_respondent_language():
    for key in ("anonymous", "required_note", "required_note_questions"):
        for language in RESPONDENT_LANGUAGES:
            text = TEXTS[key][language]
            assert text.strip() and text.endswith("."), (key, language)
            assert ("{required}" in text) == (key == "required_note_questions"), (key, language)
