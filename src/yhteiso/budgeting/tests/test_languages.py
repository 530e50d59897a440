"""Ballots for everyone (issue 15 item 4): the round, idea and voting pages in all eight respondent languages,
chosen as on the survey pages (``?kieli=``), with the voter's way through the vote keeping the language."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client

from yhteiso.budgeting import services
from yhteiso.budgeting.models import Round
from yhteiso.budgeting.tests.factories import cast, make_round
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


def _finnish_texts() -> set[str]:
    """The Finnish UI texts of the budgeting catalogue (long enough to be recognisable), without placeholders."""
    path = Path(__file__).resolve().parents[1] / "locale" / "fi" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    texts = set()
    for text in catalog.values():
        for part in re.split(r"%\(\w+\)[sd]|%%", text):
            if len(part.strip(" .:;,–()")) >= 12:
                texts.add(part.strip())
    return texts


@pytest.mark.parametrize("lang", ["ru", "et", "ar", "so"])
def test_the_resident_pages_carry_no_finnish_interface_text_in_another_language(client, lang):
    """Every interface text on the way through a vote and its results is translated: no Finnish catalogue text
    shows up (as it would when a string falls back to Finnish). Content (titles) may stay Finnish."""
    finnish = _finnish_texts()
    rnd = make_round(max_projects=2)
    q = f"?kieli={lang}"
    pages = [client.get(f"{BASE}{rnd.slug}/{path}{q}").content.decode()
             for path in ("", "ehdotukset/c1/", "aanesta/", "aanesta/muuta/")]
    (code,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    client.post(f"{BASE}{rnd.slug}/aanesta/{q}", {"code": code})
    pages.append(client.get(f"{BASE}{rnd.slug}/aanesta/lippu/{q}").content.decode())
    ids = [str(p.pk) for p in rnd.proposals.filter(code__in=["c1", "c2", "c3"])]
    pages.append(client.post(f"{BASE}{rnd.slug}/aanesta/lippu/{q}", {"area_pool": "", "project": ids}).content.decode())
    client.post(f"{BASE}{rnd.slug}/aanesta/lippu/{q}", {"area_pool": "", "project": ids[:1]})
    pages.append(client.get(f"{BASE}{rnd.slug}/aanesta/valmis/{q}").content.decode())
    for who in ("v1", "v2"):
        cast(rnd, who, "c2")
    services.round_set_phase(actor=None, round=rnd, phase="results")
    services.round_compute_results(actor=None, round=rnd)
    services.round_publish_results(actor=None, round=rnd)
    pages.append(client.get(f"{BASE}{rnd.slug}/tulokset/{q}").content.decode())
    pages.append(client.get(f"{BASE}{rnd.slug}/ehdotukset/c1/{q}").content.decode())
    for page in pages:
        main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert _html_lang(page)[0] == lang
        leaked = sorted(t for t in finnish if t in main)
        assert not leaked, leaked


def test_amounts_keep_their_reading_order_on_an_arabic_page(client):
    """On a right-to-left page an amount is isolated left to right: '45 000 €' read in Arabic context would
    otherwise be shown as '000 45 €' (the space between the digit groups is direction-neutral)."""
    rnd = make_round(city_budget=45_000, costs=(45_000, 30_000, 20_000))
    ar = client.get(f"{BASE}{rnd.slug}/?kieli=ar").content.decode()
    assert "\u206645\u00a0000\u00a0€\u2069" in ar
    fi = client.get(f"{BASE}{rnd.slug}/?kieli=fi").content.decode()
    assert "45\u00a0000\u00a0€" in fi and "\u2066" not in fi


def test_a_finnish_description_on_an_arabic_page_is_paragraphs_marked_finnish(client):
    rnd = make_round()
    Round.objects.filter(pk=rnd.pk).update(description_fi="Ensimmäinen kappale.\n\nToinen <b>kappale</b>.")
    page = client.get(f"{BASE}{rnd.slug}/?kieli=ar").content.decode()
    assert '<div class="lead" lang="fi"><p>Ensimmäinen kappale.</p>' in page
    assert "Toinen &lt;b&gt;kappale&lt;/b&gt;." in page and "&lt;p&gt;" not in page


def test_descriptions_are_paragraphs_in_finnish_and_when_an_idea_falls_back_to_finnish(client):
    """The shared content tag (programme_tags) writes the paragraphs on every page: in the page's own language
    without a language mark, and marked Finnish when another language falls back to it."""
    rnd = make_round()
    Round.objects.filter(pk=rnd.pk).update(description_fi="Ensimmäinen kappale.\n\nToinen <b>kappale</b>.")
    rnd.proposals.filter(code="c1").update(description_fi="Idean kuvaus.\n\nToinen kappale.", description_sv="",
                                          description_en="")
    fi = client.get(f"{BASE}{rnd.slug}/?kieli=fi").content.decode()
    assert '<div class="lead"><p>Ensimmäinen kappale.</p>' in fi
    assert "Toinen &lt;b&gt;kappale&lt;/b&gt;." in fi and "&lt;p&gt;" not in fi
    idea_fi = client.get(f"{BASE}{rnd.slug}/ehdotukset/c1/?kieli=fi").content.decode()
    assert "<p>Idean kuvaus.</p>\n\n<p>Toinen kappale.</p>" in idea_fi and 'lang="fi"><p>' not in idea_fi
    idea_sv = client.get(f"{BASE}{rnd.slug}/ehdotukset/c1/?kieli=sv").content.decode()
    assert '<div lang="fi"><p>Idean kuvaus.</p>' in idea_sv and "&lt;p&gt;" not in idea_sv
