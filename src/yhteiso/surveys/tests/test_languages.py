"""A survey opens in the browser's language when it is one the survey offers (Accept-Language, as browsers send
it), unless the person has chosen a language (``?kieli=`` or the language cookie); the choice is remembered and
always on the page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ARABIC_BROWSER = "ar-SA,ar;q=0.9,en-US;q=0.8,en;q=0.7"


def _html_tag(response) -> str:
    match = re.search(r"<html[^>]*>", response.content.decode())
    assert match, response.content[:200]
    return match.group(0)


def test_an_arabic_browser_gets_the_survey_in_arabic_right_to_left(survey):
    response = Client(HTTP_ACCEPT_LANGUAGE=ARABIC_BROWSER).get(f"/kyselyt/{survey.pk}/")
    assert response.status_code == 200
    assert _html_tag(response) == '<html lang="ar" dir="rtl">'
    assert response["Content-Language"] == "ar"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    assert "إرسال الإجابات" in response.content.decode()  # "Send answers"


@pytest.mark.parametrize(("header", "expected"), [
    ("sv-FI,sv;q=0.9,fi;q=0.8", "sv"),
    ("ru-RU,ru;q=0.9", "ru"),
    ("so", "so"),
    ("et-EE,en;q=0.5", "et"),
    ("de-DE,de;q=0.9,en;q=0.8", "en"),  # German is not offered: the next language the browser names
    ("de-DE", "fi"),  # nothing offered: Finnish
    ("", "fi"),
    ("ar;q=0, sv", "sv"),  # q=0: "not Arabic"
])
def test_the_survey_opens_in_the_first_offered_language_of_the_browser(survey, header, expected):
    response = Client(HTTP_ACCEPT_LANGUAGE=header).get(f"/kyselyt/{survey.pk}/")
    assert f'lang="{expected}"' in _html_tag(response)


def test_a_language_chosen_in_the_address_wins_over_the_browser_and_is_remembered(survey):
    client = Client(HTTP_ACCEPT_LANGUAGE=ARABIC_BROWSER)
    chosen = client.get(f"/kyselyt/{survey.pk}/?kieli=sv")
    assert _html_tag(chosen) == '<html lang="sv" dir="ltr">'
    assert chosen.cookies["yhteiso_language"].value == "sv"
    # the next visit without ?kieli= keeps the choice although the browser still asks for Arabic
    assert _html_tag(client.get(f"/kyselyt/{survey.pk}/")) == '<html lang="sv" dir="ltr">'
    # the rest of the site follows the choice as well
    assert 'lang="sv"' in _html_tag(client.get("/kyselyt/"))


def test_the_language_choice_is_on_every_respondent_page_with_the_current_language_selected(survey):
    html = Client(HTTP_ACCEPT_LANGUAGE=ARABIC_BROWSER).get(f"/kyselyt/{survey.pk}/").content.decode()
    menu = re.search(r'<select id="respondent-language" name="kieli">(.*?)</select>', html, re.S).group(1)
    assert re.search(r'<option value="ar" lang="ar" selected>العربية</option>', menu)
    assert len(re.findall("<option ", menu)) == 8
    assert '<label for="respondent-language">اللغة</label>' in html


def test_a_language_the_survey_does_not_offer_falls_back_to_finnish_without_error(survey):
    survey.languages = ["fi", "sv"]
    survey.save(update_fields=["languages"])
    response = Client(HTTP_ACCEPT_LANGUAGE=ARABIC_BROWSER).get(f"/kyselyt/{survey.pk}/")
    assert response.status_code == 200
    assert _html_tag(response) == '<html lang="fi" dir="ltr">'


def test_an_arabic_browser_reads_the_survey_list_in_english_not_finnish(survey):
    # the list's text comes from the UI catalogues (fi, sv, en): English is the nearest to a reader of Arabic
    response = Client(HTTP_ACCEPT_LANGUAGE=ARABIC_BROWSER).get("/kyselyt/")
    assert 'lang="en"' in _html_tag(response)
    assert response["Content-Language"] == "en"
    # a Finnish browser still gets Finnish
    assert 'lang="fi"' in _html_tag(Client(HTTP_ACCEPT_LANGUAGE="fi-FI,fi;q=0.9").get("/kyselyt/"))


def test_pages_other_than_resident_pages_keep_to_finnish_swedish_and_english(survey):
    response = Client(HTTP_ACCEPT_LANGUAGE="ar").get("/")
    assert 'lang="fi"' in _html_tag(response)
    assert 'lang="sv"' in _html_tag(Client(HTTP_ACCEPT_LANGUAGE="sv").get("/"))


@pytest.mark.parametrize(("language", "city"), [
    ("fi", "Espoon kaupunki"), ("sv", "Esbo stad"), ("en", "City of Espoo"), ("ar", "مدينة إسبو"),
    ("ru", "Город Эспоо"), ("so", "Magaalada Espoo"),
])
def test_the_header_of_a_respondent_page_says_the_city_of_espoo_is_asking(survey, language, city):
    html = Client().get(f"/kyselyt/{survey.pk}/?kieli={language}").content.decode()
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    assert f'<span class="brand-city">{city}</span>' in header


@pytest.mark.parametrize(("header", "city"), [("fi", "Espoon kaupunki"), ("sv", "Esbo stad"),
                                              ("en", "City of Espoo")])
def test_the_header_of_the_survey_list_names_the_city(survey, header, city):
    html = Client(HTTP_ACCEPT_LANGUAGE=header).get("/kyselyt/").content.decode()
    assert f'<span class="brand-city">{city}</span>' in re.search(r"<header.*?</header>", html, re.S).group(0)


@pytest.mark.django_db
def test_the_staff_list_of_surveys_names_the_languages_not_their_codes(client, staff, survey):
    client.force_login(staff)
    client.cookies["yhteiso_language"] = "fi"
    page = client.get(reverse("surveys:manage")).content.decode()
    row = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert '<span lang="fi-x-selko">selkosuomi</span>' in row and '<span lang="ar">العربية</span>' in row
    assert "fi-x-selko," not in row and ", so<" not in row
    assert 'class="table-scroll"' in page  # a narrow screen scrolls the table, not the page
