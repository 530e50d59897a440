"""The schools pages: the example is labelled on every page in every language, small numbers are hidden, the
import page and the approval of proposed measurements are for programme staff only (with CSRF), and approving a
figure makes it a measurement of the programme's indicator."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from yhteiso.core.models import AuditEvent
from yhteiso.programme.models import BenefitGoal, Indicator, IndicatorCell, Measurement
from yhteiso.schools.models import IndicatorProposal, PupilCount, School
from yhteiso.schools.services import school_data_import

pytestmark = pytest.mark.django_db

PAGES = ["schools:index", "schools:flows", "schools:peers"]


@pytest.fixture
def imported(example_files):
    return school_data_import(files=example_files)


@pytest.mark.parametrize("lang,banner", [("fi", "Esimerkkiaineisto — ei Espoon lukuja"),
                                         ("sv", "Exempeldata — inte Esbos siffror"),
                                         ("en", "Example data — not Espoo's figures")])
def test_every_school_page_says_the_data_are_a_constructed_example(imported, client, lang, banner):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    for url in [reverse("schools:index"), reverse("schools:flows"),
                reverse("schools:school", args=["EX-FI-05"])]:
        r = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert r.status_code == 200, url
        assert banner in r.content.decode(), (url, lang)


def test_the_overview_shows_goal_3_between_school_indices_and_mixed_schools(imported, client):
    html = client.get(reverse("schools:index"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Lähikoulua käyvien oppilaiden osuus" in html
    assert "M suuralueiden sisällä" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Sekoittunut" in html


def test_a_small_group_is_hidden_on_the_school_page(imported, client):
    school = School.objects.get(code="EX-FI-05")
    PupilCount.objects.filter(school=school, year=2025, group="sv").delete()
    PupilCount.objects.create(school=school, year=2025, grade=1, dimension="language", group="sv", count=3,
                              source=imported.source)
    html = client.get(reverse("schools:school", args=["EX-FI-05"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = re.search(r"<td>Swedish speakers</td><td class=\"num\">([^<]*)</td>", html)
    assert row is not None and row.group(1) == "–"
    assert ">3<" not in html.split("Pupils by language group and year")[1].split("</table>")[0]


def test_the_peer_city_page_shows_espoo_next_to_the_five_others(client):
    html = client.get(reverse("schools:peers"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    for name in ("Esbo", "Helsingfors", "Vanda", "Tammerfors", "Åbo", "Uleåborg"):
        assert name in html
    assert "Förbehåll om områdesindelningen" in html


def test_the_import_page_is_for_programme_staff_only(client, plain_user, example_files):
    url = reverse("schools:upload")
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    files = [_upload(n, d) for n, d in example_files.items()]
    assert client.post(url, {"files": files}).status_code == 403
    assert not School.objects.exists()


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_staff_import_through_the_page_and_a_bad_file_is_reported_in_finnish(client, staff_user, example_files):
    client.force_login(staff_user)
    url = reverse("schools:upload")
    bad = example_files | {"pupils.csv": example_files["pupils.csv"].replace(b",language,fi,", b",language,fi,x", 1)}
    r = client.post(url, {"files": [_upload(n, d) for n, d in bad.items()]}, HTTP_ACCEPT_LANGUAGE="fi")
    html = r.content.decode()
    assert r.status_code == 200 and "Mitään ei tuotu" in html and "pupils.csv, rivi 2" in html
    assert not School.objects.exists()
    r = client.post(url, {"files": [_upload(n, d) for n, d in example_files.items()], "is_example": "on"})
    assert r.status_code == 302
    assert School.objects.count() == 42


def test_the_import_page_refuses_a_post_without_the_csrf_token(staff_user, example_files):
    c = Client(enforce_csrf_checks=True)
    c.force_login(staff_user)
    r = c.post(reverse("schools:upload"), {"files": [_upload(n, d) for n, d in example_files.items()]})
    assert r.status_code == 403
    assert not School.objects.exists()


@pytest.fixture
def indicator_cells(db):
    goal = BenefitGoal.objects.create(number=3, name_fi="Lähikoulujen vetovoima kasvaa")
    ind = Indicator.objects.create(goal=goal, code="3.3", name_fi="Lähikoulua käyvien osuus", unit="percent")
    return IndicatorCell.objects.create(indicator=ind, label_fi="Suomenkieliset peruskoulut",
                                        baseline_value=Decimal("76.82"), baseline_year=2026)


def test_staff_approve_a_proposed_figure_and_it_becomes_a_measurement(imported, client, staff_user,
                                                                      indicator_cells):
    proposal = IndicatorProposal.objects.get(indicator_code="3.3", cell_label_fi="Suomenkieliset peruskoulut",
                                             year=2025)
    client.force_login(staff_user)
    page = client.get(reverse("programme:school-proposals")).content.decode()
    assert "Hyväksy mittaukseksi" in page or "Approve as a measurement" in page
    # Autumn 2025 is before the programme period (2026–2028): refused with the reason, nothing stored.
    r = client.post(reverse("programme:school-proposal-decide", args=[proposal.pk]), {"decision": "approve"})
    assert r.status_code == 302 and not Measurement.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    IndicatorProposal.objects.filter(pk=proposal.pk).update(year=2026)  # the autumn 2026 statistics
    proposal.refresh_from_db()
    r = client.post(reverse("programme:school-proposal-decide", args=[proposal.pk]), {"decision": "approve"})
    assert r.status_code == 302
    m = Measurement.objects.get(cell=indicator_cells)
    assert m.value == proposal.value and m.measured_on.year == 2026
    assert m.state == "proposed"  # and it still needs a second person's approval before it counts publicly
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.measurement_id == m.pk
    assert indicator_cells.baseline_value == Decimal("76.82")
    assert AuditEvent.objects.filter(action="schools.proposal.approve").exists()
    # a second approval does not make a second measurement
    client.post(reverse("programme:school-proposal-decide", args=[proposal.pk]), {"decision": "approve"})
    assert Measurement.objects.filter(cell=indicator_cells).count() == 1


def test_only_programme_staff_may_approve_a_figure(imported, client, plain_user, indicator_cells):
    proposal = IndicatorProposal.objects.filter(indicator_code="3.3").first()
    url = reverse("programme:school-proposal-decide", args=[proposal.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 302  # to the login page
    client.force_login(plain_user)
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert not Measurement.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_the_school_years_are_read_without_fetching_every_pupil_row(imported):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yhteiso.schools import selectors

    with CaptureQueriesContext(connection) as queries:
        assert selectors.years() == [2023, 2024, 2025]
    assert len(queries) == 2
    for q in queries.captured_queries:  # DISTINCT over the year alone: no join to the schools, no other column
        assert "schools_school" not in q["sql"], q["sql"]


def test_the_overview_reads_each_table_once_however_many_years_there_are(imported, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yhteiso.schools import selectors

    with CaptureQueriesContext(connection) as queries:
        series = selectors.goal3_series([2023, 2024, 2025])
    assert [s["year"] for s in series] == [2023, 2024, 2025]
    assert len(queries) == 5  # catchments, schools, flows, applications, cohorts
    for s in series:
        assert s["local_fi"] == selectors.local_share(s["year"], "fi")
        assert s["local_sv"] == selectors.local_share(s["year"], "sv")
        assert s["applications"] == selectors.application_rate(s["year"])
        assert s["applications_7"] == selectors.application_rate(s["year"], (7,))
