"""Ballots for everyone (issue 15 item 4): the round, idea and voting pages in all eight respondent languages,
chosen as on the survey pages (``?kieli=``), with the voter's way through the vote keeping the language."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from yhteiso.budgeting import services
from yhteiso.budgeting.models import Round
from yhteiso.budgeting.tests.factories import make_round
from yhteiso.core.languages import RESPONDENT_LANGUAGES

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"


def _html_lang(page: str) -> tuple[str, str]:
    m = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', page)
    assert m, page[:300]
    return m.group(1), m.group(2)


@pytest.mark.parametrize("lang", list(RESPONDENT_LANGUAGES))
def test_every_resident_page_opens_in_each_respondent_language(client, lang):
    rnd = make_round()
    Round.objects.filter(pk=rnd.pk).update(is_test=True)
    direction = "rtl" if lang == "ar" else "ltr"
    for path in ("", "ehdotukset/c1/", "aanesta/", "aanesta/muuta/", "tulokset/"):
        page = client.get(f"{BASE}{rnd.slug}/{path}?kieli={lang}").content.decode()
        assert _html_lang(page) == (lang, direction), path
        assert f'<option value="{lang}" lang="{lang}" selected>' in page  # the language menu shows the choice


def test_arabic_is_right_to_left_and_the_links_keep_the_language(client):
    rnd = make_round()
    page = client.get(f"{BASE}{rnd.slug}/?kieli=ar").content.decode()
    assert _html_lang(page) == ("ar", "rtl")
    assert f'href="{BASE}{rnd.slug}/aanesta/?kieli=ar"' in page
    assert f'href="{BASE}{rnd.slug}/ehdotukset/c1/?kieli=ar"' in page


def test_the_voter_s_way_keeps_the_chosen_language_from_code_to_receipt(client):
    rnd = make_round()
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    r = client.post(f"{BASE}{rnd.slug}/aanesta/?kieli=so", {"code": code})
    assert r.status_code == 302 and r["Location"] == f"{BASE}{rnd.slug}/aanesta/lippu/?kieli=so"
    page = client.get(r["Location"]).content.decode()
    assert _html_lang(page) == ("so", "ltr") and 'name="kieli" value="so"' in page  # the area form keeps it
    r = client.post(r["Location"], {"area_pool": "", "project": [str(rnd.proposals.get(code="c1").pk)]})
    assert r.status_code == 302 and r["Location"] == f"{BASE}{rnd.slug}/aanesta/valmis/?kieli=so"
    done = client.get(r["Location"]).content.decode()
    assert _html_lang(done) == ("so", "ltr") and 'class="pb-receipt"' in done


def test_without_a_choice_the_page_speaks_the_ui_language_and_links_stay_plain(client):
    rnd = make_round()
    page = client.get(f"{BASE}{rnd.slug}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert _html_lang(page) == ("sv", "ltr") and "?kieli=" not in page.split("</header>")[1]


def test_an_unknown_language_falls_back_to_the_ui_language(client):
    rnd = make_round()
    page = client.get(f"{BASE}{rnd.slug}/?kieli=xx", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert _html_lang(page) == ("fi", "ltr")


def test_a_test_round_says_so_in_the_chosen_language(client):
    rnd = make_round()
    Round.objects.filter(pk=rnd.pk).update(is_test=True)
    assert "ليست تصويتًا في إسبو" in client.get(f"{BASE}{rnd.slug}/?kieli=ar").content.decode()
    assert "Ma aha codbixin Espoo" in client.get(f"{BASE}{rnd.slug}/?kieli=so").content.decode()


def test_a_second_client_is_not_affected_by_another_s_choice():
    rnd = make_round()
    assert _html_lang(Client().get(f"{BASE}{rnd.slug}/?kieli=ar").content.decode())[0] == "ar"
    assert _html_lang(Client().get(f"{BASE}{rnd.slug}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode())[0] == "fi"
