"""The steering group's agenda and minutes show the segregation impact assessments attached to an item (issue 16
item 7): the expected effects, mitigations and the knowledge base's figures as frozen at submission — never a draft;
an item that requires an assessment without one says so."""

from __future__ import annotations

import datetime as dt

import pytest

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.governance.models import AgendaItem, ImpactAssessment, Meeting
from yhteiso.reports.meeting_documents import render_meeting_document
from yhteiso.reports.selectors import pdf_text

pytestmark = pytest.mark.django_db

FIGURES = {"as_of": "2026-11-20T10:00:00+00:00", "dissimilarity": [], "in_weakest_decile": [], "catchments": [],
           "areas": [{"id": 1, "code": "0491000000", "level": "suuralue",
                      "level_label": {"fi": "suuralue", "sv": "storområde", "en": "major district"},
                      "name_fi": "Suur-Leppävaara", "name_sv": "Stor-Alberga",
                      "population": {"value": 81603.0, "year": 2025, "source": "testi", "licence": "CC BY 4.0"},
                      "indices": [{"key": "sum_index", "label": {"fi": "summaindeksi", "sv": "summaindex",
                                                                 "en": "sum index"},
                                   "value": 104.26, "year": 2025, "source": "testi"}],
                      "weakest_decile": None, "rank": None}]}


@pytest.fixture
def agenda(db):
    Area.objects.create(level=AreaLevel.MAJOR_DISTRICT, code="0491000000", name_fi="Suur-Leppävaara")
    meeting = Meeting.objects.create(date=dt.date(2026, 12, 10), start_time=dt.time(14), place="Kaupungintalo")
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Nuorisotila Leppävaaraan",
                                     presenter="Emma Aalto", proposal="Ohjausryhmä hyväksyy.")
    other = AgendaItem.objects.create(meeting=meeting, number=2, title="Koulujen yhteistyö", presenter="Emma Aalto",
                                      requires_impact_assessment=True)
    common = {"population_groups": ["young_people"], "mixing_effect": "more", "services_effect": "strengthens",
              "catchment_effect": "none", "mixing_reasons": "Nuoret eri alueilta kohtaavat.",
              "services_reasons": "Palvelu lähelle.", "catchment_reasons": "Ei vaikutusta.",
              "prepared_by_name": "Emma Aalto", "followup_date": dt.date(2027, 12, 1)}
    ImpactAssessment.objects.create(title="Nuorisotilan arvio", agenda_item=item, status="submitted",
                                    figures=FIGURES, **common)
    ImpactAssessment.objects.create(title="Keskeneräinen luonnos", agenda_item=other, status="draft", **common)
    return meeting


def test_the_agenda_pdf_shows_the_submitted_assessment_with_its_frozen_figures(agenda):
    text = " ".join(pdf_text(render_meeting_document(agenda, which="agenda", fmt="pdf", language="fi")).split())
    assert "Segregaatiovaikutusten arviointi: Nuorisotilan arvio" in text
    assert "Odotettu vaikutus väestöryhmien kohtaamiseen: lisää kohtaamista. Nuoret eri alueilta kohtaavat." in text
    # the table row (the narrow name column breaks after the hyphen)
    assert "Leppävaara suuralue 81 603 104,3 – –" in text
    # a draft is not the group's business yet; the item that needs one says it has none
    assert "Keskeneräinen luonnos" not in text
    assert "Tämä asia edellyttää segregaatiovaikutusten arvioinnin; sitä ei ole toimitettu." in text


def test_the_swedish_agenda_and_the_minutes_show_it_too(agenda):
    sv = " ".join(pdf_text(render_meeting_document(agenda, which="agenda", fmt="pdf", language="sv")).split())
    assert "Bedömning av segregationskonsekvenser: Nuorisotilan arvio" in sv and "Stor-Alberga" in sv
    minutes = render_meeting_document(agenda, which="minutes", fmt="docx", language="fi")
    import io

    from docx import Document

    doc = Document(io.BytesIO(minutes))
    assert any(p.text == "Segregaatiovaikutusten arviointi: Nuorisotilan arvio" for p in doc.paragraphs)
