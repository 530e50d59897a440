"""Query values that look like numbers to ``str.isdigit`` but not to ``int`` ("²"), and year ranges without end, are
read as no value instead of a server error or unbounded work (found by core/tests/test_bad_input_crawl.py)."""

from __future__ import annotations

import time

import pytest
from django import forms

from yhteiso.programme.forms import FollowupForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["0-9999999999", "²-³", "²", "1-2", "2016-", "-2016", "99999", "2017-2016"])
def test_year_text_that_is_no_range_of_four_digit_years_is_refused_at_once(text):
    started = time.monotonic()
    with pytest.raises(forms.ValidationError):
        FollowupForm.parse_years(text)
    assert time.monotonic() - started < 0.5


def test_years_are_still_read_as_single_years_ranges_and_lists():
    assert FollowupForm.parse_years("2016") == [2016]
    assert FollowupForm.parse_years("2015–2017") == [2015, 2016, 2017]
    assert FollowupForm.parse_years("2015, 2017") == [2015, 2017]


@pytest.mark.parametrize("query", ["before=0-9999999999", "after=%C2%B2-%C2%B3", "before=%C2%B2"])
def test_the_follow_up_page_answers_odd_old_year_links_quickly(client, query):
    started = time.monotonic()
    response = client.get(f"/ohjelma/vaikutukset/?{query}")
    assert response.status_code == 200
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("year", ["%C2%B2", "1" * 5000, "99999999999999999999"])
def test_the_targeting_and_map_pages_take_an_odd_year_as_no_year(client, year):
    assert client.get(f"/ohjelma/kohdentaminen/?year={year}").status_code == 200
    assert client.get(f"/tietopohja/kartta/?year={year}").status_code == 200


def test_a_new_progress_report_ignores_a_superscript_period(staff_client, project):
    response = staff_client.get(f"/ohjelma/projektit/{project.pk}/raportit/uusi/?period=%C2%B2")
    assert response.status_code == 200


def test_an_impact_assessment_ignores_a_superscript_agenda_item(staff_client, goals):
    assert staff_client.get("/ohjausryhma/vaikutusarvioinnit/uusi/?item=%C2%B2").status_code == 200


def test_a_narrative_for_a_goal_that_is_not_a_number_is_not_found(staff_client, goals):
    for goal in ("abc", "%C2%B2", "1" * 30):
        response = staff_client.get(f"/raportit/arviot/uusi/?section=goal_assessment&year=2026&goal={goal}")
        assert response.status_code == 404, goal
