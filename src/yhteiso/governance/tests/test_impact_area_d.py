"""An impact assessment naming a larger area shows the area's own dissimilarity index D over its small areas (issue
16, session 5 item 3), with its year and the stand-in it is computed from, on the page (fi/sv), in the API and in
the agenda PDF — next to the other figures, which carry their stand-in notes too. Constructed test geography and
figures (the knowledge base's ``hierarchy`` fixture)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.urls import reverse

from yhteiso.areas.models import Area
from yhteiso.governance import selectors_impact
from yhteiso.governance.models import AgendaItem, ImpactAssessment, Meeting
from yhteiso.governance.tests.test_impact import _create
from yhteiso.knowledge.tests.conftest import hierarchy  # noqa: F401 - a fixture
from yhteiso.knowledge.tests.test_rolled_indices import _counts
from yhteiso.knowledge.tests.test_rolled_indices import _import as import_small_areas
from yhteiso.reports.meeting_documents import render_meeting_document
from yhteiso.reports.selectors import pdf_text

pytestmark = pytest.mark.django_db


def _d(x, t):
    x, t = np.asarray(x, float), np.asarray(t, float)
    return 0.5 * np.abs(x / x.sum() - (t - x) / (t - x).sum()).sum()


@pytest.fixture
def major(hierarchy):  # noqa: F811
    import_small_areas()
    return Area.objects.get(code=hierarchy["majors"][0].code)


def _expected_d():
    part = _counts()[:6]
    return _d([r["foreign"] for r in part], [r["pop"] for r in part])


def test_the_figures_of_a_major_district_include_its_own_d_with_year_and_stand_in(major):
    figures = selectors_impact.assessment_figures([major])
    row = figures["areas"][0]
    within = {d["group"]: d for d in row["segregation_within"]}
    d = within["foreign_language"]
    assert d["value"] == pytest.approx(_expected_d(), rel=1e-9) and d["year"] == 2024
    assert (d["parts_used"], d["parts_total"]) == (6, 6)
    # computed from foreign-language speakers, the stand-in for residents of foreign background: said in fi/sv/en
    assert "vieraskieliset" in d["note"]["fi"].lower() and "främmandespråkiga" in d["note"]["sv"].lower()
    assert d["note"]["en"]
    # the status index of the district carries its note (no income variable in this file: a component missing)
    status = next(i for i in row["indices"] if i["key"] == "status_index")
    assert status["note"]["fi"].startswith("Ei vielä ohjelmasuunnitelman määritelmä")
    # a small area has no D of its own
    small = selectors_impact.assessment_figures([Area.objects.get(code="p03")])
    assert small["areas"][0]["segregation_within"] == []


def test_the_assessment_page_and_the_api_show_the_d(major, client, staff, member_user):
    assessment = _create(staff, [major])
    client.force_login(member_user)
    url = reverse("governance:assessment-detail", args=[assessment.pk])
    shown = f"{_expected_d():.3f}".replace(".", ",")
    fi = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Erilaisuusindeksi D alueen sisällä" in fi and shown in fi and "6/6 pienaluetta" in fi
    assert "korvaavalla muuttujalla" in fi
    client.cookies["yhteiso_language"] = "sv"
    sv = client.get(url).content.decode()
    assert "Olikhetsindex D inom området" in sv and "6/6 småområden" in sv
    data = client.get(f"/api/v1/impact-assessments/{assessment.pk}").json()
    within = data["areas"][0]["segregation_within"]
    assert within[0]["group"] == "foreign_language" and within[0]["year"] == 2024
    assert within[0]["value"] == pytest.approx(_expected_d(), rel=1e-9) and within[0]["note"]


def test_the_agenda_pdf_shows_the_d_of_the_named_area(major):
    meeting = Meeting.objects.create(date=dt.date(2026, 12, 10), start_time=dt.time(14), place="Kaupungintalo")
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Nuorisotila", presenter="Emma Aalto",
                                     proposal="Ohjausryhmä hyväksyy.")
    ImpactAssessment.objects.create(
        title="Nuorisotilan arvio", agenda_item=item, status="submitted",
        figures=selectors_impact.assessment_figures([major]), population_groups=["young_people"],
        mixing_effect="more", services_effect="strengthens", catchment_effect="none", mixing_reasons="x",
        services_reasons="x", catchment_reasons="x", prepared_by_name="Emma Aalto",
        followup_date=dt.date(2027, 12, 1))
    text = " ".join(pdf_text(render_meeting_document(meeting, which="agenda", fmt="pdf", language="fi")).split())
    assert "Erilaisuusindeksi D nimettyjen alueiden sisällä" in text
    assert f"{_expected_d():.3f}".replace(".", ",") in text and "6/6" in text
    assert "korvaavalla muuttujalla" in text
    sv = " ".join(pdf_text(render_meeting_document(meeting, which="agenda", fmt="pdf", language="sv")).split())
    assert "Olikhetsindex D inom de namngivna områdena" in sv
