"""Agenda materials: staff attach documents to agenda items before the meeting; members and deputies read them on
the meeting page and get them with the agenda e-mail; nobody else can read them; bad files are refused naming the
file, and nothing is stored."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yhteiso.core.models import AuditEvent
from yhteiso.governance import services
from yhteiso.governance.models import AgendaAttachment
from yhteiso.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def planned(make_meeting):
    return make_meeting(date=timezone.localdate() + dt.timedelta(days=20), send=False, items=2)


def _upload_url(meeting):
    return reverse("governance:agenda-attachments", args=[meeting.pk, meeting.items.first().pk])


def test_staff_attach_a_document_that_members_read_and_others_cannot(client, staff, member_user, plain_user,
                                                                     planned):
    client.force_login(staff)
    response = client.post(_upload_url(planned), {"file": SimpleUploadedFile("Tausta.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    attachment = AgendaAttachment.objects.get()
    assert (attachment.name, attachment.content_type, attachment.size) == ("Tausta.pdf", "application/pdf", len(PDF))
    event = AuditEvent.objects.filter(action="agenda_item.attach").get()
    assert event.actor == staff and event.after["name"] == "Tausta.pdf"

    client.force_login(member_user)
    page = client.get(reverse("governance:meeting-detail", args=[planned.pk])).content.decode()
    download = reverse("governance:attachment-download", args=[attachment.pk])
    assert "Tausta.pdf" in page and download in page
    response = client.get(download)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf" and "Tausta.pdf" in response["Content-Disposition"]
    # a member may read but not attach or remove
    assert client.post(_upload_url(planned), {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 403
    assert client.post(reverse("governance:attachment-delete", args=[attachment.pk])).status_code == 403

    client.force_login(plain_user)
    assert client.get(download).status_code == 403
    client.logout()
    response = client.get(download)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert AgendaAttachment.objects.count() == 1


@pytest.mark.parametrize(("name", "content", "words"), [
    ("ohjelma.exe", b"MZ\x90\x00", ["ohjelma.exe", "not of an accepted type"]),
    ("lasku.pdf", b"MZ\x90\x00 not a pdf", ["lasku.pdf", "does not look like a PDF"]),
    ("tyhja.pdf", b"", ["tyhja.pdf"]),
])
def test_a_bad_file_is_refused_naming_it_and_nothing_is_stored(client, staff, planned, name, content, words):
    client.force_login(staff)
    response = client.post(_upload_url(planned), {"file": SimpleUploadedFile(name, content)},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert AgendaAttachment.objects.count() == 0 and not AuditEvent.objects.filter(action="agenda_item.attach")


def test_a_bad_file_is_refused_in_finnish_on_the_page(client, staff, planned):
    client.force_login(staff)
    response = client.post(_upload_url(planned), {"file": SimpleUploadedFile("lasku.pdf", b"MZ\x90\x00")})
    text = response.content.decode()
    assert response.status_code == 400 and "lasku.pdf" in text and "PDF" in text
    assert 'lang="fi"' in text and "does not look like" not in text


def test_the_materials_of_one_meeting_are_limited_so_that_they_fit_in_the_agenda_mail(staff, planned):
    item = planned.items.first()
    big = PDF + b"0" * (8 * 1024 * 1024)
    services.agenda_attachment_add(actor=staff, item=item, name="a.pdf", content=big)
    with pytest.raises(Exception) as refused:
        services.agenda_attachment_add(actor=staff, item=planned.items.last(), name="b.pdf", content=big)
    assert "b.pdf" in str(refused.value) and "15" in str(refused.value)
    assert AgendaAttachment.objects.count() == 1
    with pytest.raises(Exception) as too_large:
        services.agenda_attachment_add(actor=staff, item=item, name="c.pdf", content=PDF + b"0" * (11 * 1024 * 1024))
    assert "c.pdf" in str(too_large.value) and "too large" in str(too_large.value)


def test_materials_cannot_change_after_the_meeting_is_held(staff, held_meeting):
    item = held_meeting.items.first()
    with pytest.raises(Exception) as refused:
        services.agenda_attachment_add(actor=staff, item=item, name="a.pdf", content=PDF)
    assert "before the meeting is held" in str(refused.value)
    assert AgendaAttachment.objects.count() == 0


def test_staff_remove_a_document_and_the_removal_is_audited(client, staff, planned):
    attachment = services.agenda_attachment_add(actor=staff, item=planned.items.first(), name="a.pdf", content=PDF)
    client.force_login(staff)
    response = client.post(reverse("governance:attachment-delete", args=[attachment.pk]))
    assert response.status_code == 302 and AgendaAttachment.objects.count() == 0
    assert AuditEvent.objects.filter(action="agenda_item.detach", before__name="a.pdf").exists()


def test_the_agenda_mail_carries_the_materials(staff, people, member_user, planned):
    member_user.email = "chair@example.org"
    member_user.save()
    services.agenda_attachment_add(actor=staff, item=planned.items.last(), name="Budjetti.pdf", content=PDF)
    services.agenda_send(meeting=planned, actor=staff)
    run_queued_jobs()
    [message] = [m for m in mail.outbox if m.to == ["chair@example.org"]]
    names = [name for name, _content, _type in message.attachments]
    assert len(names) == 2 and names[0].endswith(".pdf") and names[1] == "2_Budjetti.pdf"
    assert message.attachments[1][1] == PDF


def test_a_members_own_page_lists_the_next_meeting_with_its_materials_and_the_minutes_to_check(
        client, staff, member_user, plain_user, people, planned, held_meeting):
    services.agenda_attachment_add(actor=staff, item=planned.items.first(), name="a.pdf", content=PDF)
    services.decision_record(item=held_meeting.items.get(number=1), actor=staff, outcome="noted",
                             text="Merkittiin tiedoksi.")
    services.minutes_draft(meeting=held_meeting, actor=staff, body="Kokous avattiin.", checker=people["chair"])
    client.force_login(member_user)
    assert reverse("governance:home") in client.get(reverse("governance:meetings")).content.decode()
    page = client.get(reverse("governance:home")).content.decode()
    assert "Chair Person" in page
    assert reverse("programme:to-appraise") in page  # the proposals waiting for the member's appraisal
    assert reverse("governance:meeting-detail", args=[planned.pk]) in page  # the coming meeting
    assert "1 asiakirja liitetty" in page
    check = page.split('id="h-check"')[1].split("</section>")[0]
    assert reverse("governance:meeting-detail", args=[held_meeting.pk]) in check
    client.force_login(plain_user)
    assert client.get(reverse("governance:home")).status_code == 403
