"""The dashboard at a glance (issue 13 item 3): Table 1 in one table, the neutral status, Finnish without doubled
dates or broken grammar; and the programme's figures on the front page."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from yhteiso.governance.models import Meeting

pytestmark = pytest.mark.django_db


def _page(client, url, lang="fi"):
    client.cookies["yhteiso_language"] = lang
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode().replace("\u00ad", "")  # headings' soft hyphens are invisible


def test_table_1_is_one_table_with_a_row_per_indicator(client, demo):
    page = _page(client, reverse("programme:dashboard"))
    assert page.count("<table") == 1
    assert page.count('scope="rowgroup"') == 3 and page.count('scope="row"') == 11
    assert page.count('<th scope="col"') == 5 and "<caption" in page
    for code in ("1.1", "2.2", "3.4"):
        assert reverse("programme:indicator-detail", args=[code]) in page
    # The expected state reads neutrally, not as missing data.
    assert "Lähtötaso mitattu 2026 · seuraava mittaus 2027" in page
    assert "Lähtötaso mitattu 2025 · seuraava mittaus 2027" in page
    assert page.count("status-not_enough_data") < 10


def test_finnish_grammar_and_no_doubled_dates(client, demo):
    page = _page(client, reverse("programme:dashboard"))
    text = re.sub(r"<[^>]+>", " ", page)
    text = re.sub(r"\s+", " ", text)
    assert "eurosta" not in text
    assert "talousarvio 200 000 €" in text
    assert not re.search(r"(\d{1,2}\.\d{1,2}\.\d{4})\W+\1", text), "a date said twice"
    assert re.search(r"\d+ päivää? jäljellä", text)
    assert '<progress max="100" value="0"' in page


def test_swedish_has_no_doubled_dates_either(client, demo):
    text = re.sub(r"<[^>]+>", " ", _page(client, reverse("programme:dashboard"), "sv"))
    assert "31.12.2026 · 2026-12-31" not in text and "Utgångsläget mätt 2026 · nästa mätning 2027" in text


def test_the_front_page_shows_the_programme_figures_and_the_next_meeting(client, demo):
    Meeting.objects.create(date=dt.date.today() + dt.timedelta(days=3), start_time=dt.time(14), is_example=False)
    page = _page(client, "/")
    assert "Mittarit yhdellä silmäyksellä" in page and "Seuraava mittaus tulossa" in page
    assert "Talousarvio" in page and "<progress" in page
    assert "Ohjausryhmän seuraava kokous" in page and "3 päivää jäljellä" in page


def test_the_front_page_works_without_programme_data(client, db):
    page = _page(client, "/")
    assert "Mittarit yhdellä silmäyksellä" not in page and "Yhteisöllinen Espoo" in page
