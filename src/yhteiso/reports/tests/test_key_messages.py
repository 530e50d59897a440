"""Key messages written by staff appear on the report's summary page, in the snapshot and every format."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP
from yhteiso.reports import renderers
from yhteiso.reports.models import KeyMessages
from yhteiso.reports.selectors import build_snapshot
from yhteiso.reports.tests.conftest import AS_OF, ON
from yhteiso.reports.tests.test_views import make_user

pytestmark = pytest.mark.django_db

URL = reverse("reports:key-messages")
PARAMS = {"kind": "annual", "as_of": AS_OF.isoformat(), "lang": "fi"}


def test_staff_write_key_messages_and_they_reach_every_format(programme, client):
    client.force_login(make_user("staff", PROGRAMME_STAFF))
    page = client.get(URL, PARAMS)
    assert page.status_code == 200 and "Keskeiset viestit" in page.content.decode()
    response = client.post(URL, {**PARAMS, "text_fi": "Osallisuus kasvaa.\n\nBudjetti pitää.",
                                 "text_sv": ""})
    assert response.status_code == 302
    item = KeyMessages.objects.get(kind="annual", as_of=AS_OF)
    assert AuditEvent.objects.filter(action="report.key_messages").count() == 1
    try:
        fi = build_snapshot(as_of=AS_OF, language="fi", on=ON)
        assert fi["key_messages"] == [{"text": "Osallisuus kasvaa.", "lang": ""},
                                      {"text": "Budjetti pitää.", "lang": ""}]
        sv = build_snapshot(as_of=AS_OF, language="sv", on=ON)
        assert sv["key_messages"][0] == {"text": "Osallisuus kasvaa.", "lang": "fi"}  # no Swedish yet: marked
        from docx import Document
        from pypdf import PdfReader

        doc = Document(io.BytesIO(renderers.render(fi, "docx")))
        assert "Budjetti pitää." in [p.text for p in doc.paragraphs]
        reader = PdfReader(io.BytesIO(renderers.render(fi, "pdf")))
        summary = reader.pages[2].extract_text()
        assert "Keskeiset viestit" in summary and "Osallisuus kasvaa." in summary
    finally:
        item.delete()


def test_a_steering_member_cannot_write_key_messages(programme, client):
    client.force_login(make_user("member", STEERING_GROUP))
    response = client.post(URL, {**PARAMS, "text_fi": "Hyökkäys", "text_sv": ""})
    assert response.status_code in (302, 403)
    assert not KeyMessages.objects.exists()
    anonymous = Client().post(URL, {**PARAMS, "text_fi": "Hyökkäys", "text_sv": ""})
    assert anonymous.status_code in (302, 403) and not KeyMessages.objects.exists()
