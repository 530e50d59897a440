"""E-mail notices, sent by the worker from the real database queue to Django's locmem outbox: who gets what, in
which language, with a real agenda PDF; the signed link that switches a kind off, and forged links refused."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP
from yhteiso.governance import services as governance
from yhteiso.governance.models import Role, SteeringGroupMember
from yhteiso.jobs.testing import run_queued_jobs
from yhteiso.notices.mail import unsubscribe_token
from yhteiso.notices.models import NoticeOptOut, NoticePreference, SentNotice
from yhteiso.notices.tasks import send_reminders
from yhteiso.programme import services as programme
from yhteiso.programme.models import BenefitGoal, DeadlineKind, ReportingDeadline

pytestmark = pytest.mark.django_db


def _user(name, *, email=True, group=None, language=None):
    user = get_user_model().objects.create_user(username=name, password=None,
                                                email=f"{name}@example.org" if email else "")
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    if language:
        NoticePreference.objects.create(user=user, language=language)
    return user


@pytest.fixture
def staff():
    return _user("staff", group=PROGRAMME_STAFF)


@pytest.fixture
def board():
    """A chair (Finnish), her personal deputy (Swedish), a member without e-mail, a member without an account and
    a former member whose term has ended."""
    chair_user = _user("chair", group=STEERING_GROUP)
    deputy_user = _user("deputy", group=STEERING_GROUP, language="sv")
    chair = SteeringGroupMember.objects.create(name="Chair", role=Role.CHAIR, user=chair_user, order=1)
    deputy = SteeringGroupMember.objects.create(name="Deputy", role=Role.DEPUTY, deputy_of=chair, user=deputy_user,
                                                order=2)
    SteeringGroupMember.objects.create(name="No mail", user=_user("nomail", email=False), order=3)
    SteeringGroupMember.objects.create(name="No account", order=4)
    SteeringGroupMember.objects.create(name="Former", user=_user("former"), order=5,
                                       term_start=dt.date(2020, 1, 1), term_end=dt.date(2021, 1, 1))
    return {"chair": chair, "deputy": deputy, "chair_user": chair_user, "deputy_user": deputy_user}


def _meeting(staff, *, send=True):
    date = timezone.localdate() + dt.timedelta(days=8)
    meeting = governance.meeting_create(actor=staff, date=date, start_time=dt.time(14, 0), end_time=dt.time(16, 0),
                                        place="Karaportti 1")
    governance.agenda_item_add(meeting=meeting, actor=staff, title="Hankkeen valinta", proposal="Hyväksytään.")
    if send:
        governance.agenda_send(meeting=meeting, actor=staff)
    return meeting


def _link(message, name):
    return re.search(rf"{re.escape('http://127.0.0.1:8000')}(/ilmoitukset/{name}/[^\s\"<>]+)", message.body)


def test_the_agenda_goes_to_members_and_deputies_in_their_language_with_the_agenda_pdf(staff, board):
    _meeting(staff)
    assert mail.outbox == []  # nothing is sent inside the request: the worker sends
    assert run_queued_jobs() == 1
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"chair@example.org", "deputy@example.org"}
    fi, sv = by_to["chair@example.org"], by_to["deputy@example.org"]
    assert fi.subject.startswith("Ohjausryhmän kokouksen") and "esityslista" in fi.subject
    assert sv.subject.startswith("Föredragningslista för styrgruppens möte")
    assert "Hei," in fi.body and "Hej," in sv.body and fi.extra_headers["Content-Language"] == "fi"
    for message, word in ((fi, "ESITYSLISTA"), (sv, "FÖREDRAGNINGSLISTA")):
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and f'lang="{message.extra_headers["Content-Language"]}"' in html
        assert "<a href=" in html and message.extra_headers["List-Unsubscribe"].startswith("<http")
        [(name, content, pdf_type)] = message.attachments
        assert pdf_type == "application/pdf" and name.endswith(".pdf") and content.startswith(b"%PDF-")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        assert "Hankkeen valinta" in text and word in text.upper()
    assert SentNotice.objects.count() == 2
    run_queued_jobs()
    assert len(mail.outbox) == 2


def test_a_notice_is_never_sent_twice_even_if_its_job_runs_again(staff, board):
    from yhteiso.notices.tasks import deliver_notice

    meeting = _meeting(staff)
    run_queued_jobs()
    deliver_notice.enqueue("agenda_sent", meeting.pk)
    run_queued_jobs()
    assert len(mail.outbox) == 2


def test_the_signed_link_switches_that_kind_off_without_signing_in(client, staff, board):
    _meeting(staff)
    run_queued_jobs()
    message = next(m for m in mail.outbox if m.to == ["deputy@example.org"])
    path = _link(message, "pois").group(1)
    page = client.get(path)
    assert page.status_code == 200 and "Stäng av" in page.content.decode()  # the page is in her language
    assert not NoticeOptOut.objects.exists()  # a GET (e.g. a mail scanner) changes nothing
    done = client.post(path)
    assert done.status_code == 200 and "Meddelandena avstängda" in done.content.decode()
    assert NoticeOptOut.objects.filter(user=board["deputy_user"], kind="agenda_sent").exists()
    mail.outbox.clear()
    _meeting(staff)
    run_queued_jobs()
    assert [m.to for m in mail.outbox] == [["chair@example.org"]]


@pytest.mark.parametrize("tamper", ["forged", "other_user", "truncated", "garbage"])
def test_a_forged_or_altered_link_is_refused_and_changes_nothing(client, staff, board, tamper):
    from django.core import signing

    genuine = unsubscribe_token(board["chair_user"], "agenda_sent")
    token = {
        "forged": signing.dumps({"u": board["chair_user"].pk, "k": "agenda_sent"}, salt="yhteiso.notices.unsubscribe",
                                key="not-the-secret-key"),
        "other_user": None,
        "truncated": genuine[:-3],
        "garbage": "x" * 40,
    }[tamper]
    if tamper == "other_user":  # the deputy's user id with the chair's signature
        payload = signing.b64_encode(
            f'{{"u":{board["deputy_user"].pk},"k":"agenda_sent"}}'.encode()).decode()
        token = payload + ":" + genuine.rsplit(":", 1)[1]
    url = reverse("notices:unsubscribe", args=[token])
    assert client.get(url).status_code == 400
    response = client.post(url)
    assert response.status_code == 400 and "Linkki ei kelpaa" in response.content.decode()
    assert not NoticeOptOut.objects.exists()


def test_minutes_go_to_the_checker_then_to_everyone_when_published(staff, board):
    meeting = _meeting(staff, send=False)
    governance.meeting_update(meeting=meeting, actor=staff, date=timezone.localdate())
    governance.agenda_send(meeting=meeting, actor=staff)
    governance.meeting_record_attendance(meeting=meeting, actor=staff, start_time=dt.time(14, 0),
                                         end_time=dt.time(16, 0),
                                         attendances=[(board["chair"], dt.time(14, 0), dt.time(16, 0))])
    governance.decision_record(item=meeting.items.get(), actor=staff, text="Hyväksyttiin.", outcome="approved")
    run_queued_jobs()
    mail.outbox.clear()
    governance.minutes_draft(meeting=meeting, actor=staff, checker=board["chair"], body="Avattiin.")
    run_queued_jobs()
    meeting.refresh_from_db()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["chair@example.org"], f"Kokouksen {meeting.date.day}.{meeting.date.month}.{meeting.date.year} "
                                "pöytäkirja odottaa tarkastustasi")]
    mail.outbox.clear()
    governance.minutes_approve(meeting=meeting, actor=board["chair_user"])
    governance.minutes_publish(meeting=meeting, actor=staff)
    run_queued_jobs()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert set(subjects) == {"chair@example.org", "deputy@example.org"}
    assert subjects["deputy@example.org"].startswith("Protokollet från") and "/poytakirjat/" in mail.outbox[0].body


def test_a_new_comment_on_a_proposal_tells_the_others_not_the_author(staff, board):
    goal = BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    project = programme.project_create(actor=staff, goals=[goal], name_fi="Kohtaamispaikka")
    run_queued_jobs()
    programme.project_comment_create(project=project, actor=board["chair_user"], body="Hyvä idea <b>kyllä</b>.")
    run_queued_jobs()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["deputy@example.org", "staff@example.org"]  # not the author, nor a former member
    html = next(m for m in mail.outbox if m.to == ["staff@example.org"]).alternatives[0][0]
    assert "&lt;b&gt;kyllä&lt;/b&gt;" in html and "Kohtaamispaikka" in html  # escaped in HTML


def test_the_proposal_is_named_in_the_language_of_each_recipient(staff, board):
    goal = BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    project = programme.project_create(actor=staff, goals=[goal], name_fi="Kohtaamispaikka", name_sv="Mötesplats")
    run_queued_jobs()
    programme.project_comment_create(project=project, actor=board["chair_user"], body="Hyvä idea.")
    run_queued_jobs()
    swedish = next(m for m in mail.outbox if m.to == ["deputy@example.org"])
    finnish = next(m for m in mail.outbox if m.to == ["staff@example.org"])
    assert "förslaget ”Mötesplats”" in swedish.body and "Mötesplats" in swedish.alternatives[0][0]
    assert "Kohtaamispaikka" not in swedish.body and "Kohtaamispaikka" in finnish.body


def test_reporting_deadlines_two_weeks_ahead_remind_the_programme_staff_once(staff, board):
    today = dt.date(2027, 3, 1)
    ReportingDeadline.objects.create(kind=DeadlineKind.COUNCIL_REPORT, title_fi="Valtuustoraportti",
                                     title_sv="Fullmäktigerapport", date=dt.date(2027, 3, 10), year=2027)
    ReportingDeadline.objects.create(kind=DeadlineKind.MID_TERM_REVIEW, title_fi="Väliarvio", date=dt.date(2027, 6, 1),
                                     year=2027)
    NoticePreference.objects.update_or_create(user=staff, defaults={"language": "sv"})
    assert send_reminders(today=today) == {"reporting_deadline": 1}
    [message] = mail.outbox
    assert message.to == ["staff@example.org"] and "Fullmäktigerapport" in message.body and "om 9 dagar" in message.body
    assert send_reminders(today=today + dt.timedelta(days=1)) == {"reporting_deadline": 0}


def test_without_any_address_reminders_are_skipped_quietly(board):
    ReportingDeadline.objects.create(kind=DeadlineKind.COUNCIL_REPORT, title_fi="Valtuustoraportti",
                                     date=dt.date(2027, 3, 10), year=2027)
    assert send_reminders(today=dt.date(2027, 3, 1)) == {"reporting_deadline": 0}
    assert mail.outbox == []


def test_send_reminders_runs_from_the_command_line(staff, capsys):
    from yhteiso.cli import main

    ReportingDeadline.objects.create(kind=DeadlineKind.COUNCIL_REPORT, title_fi="Valtuustoraportti",
                                     date=timezone.localdate() + dt.timedelta(days=14), year=timezone.localdate().year
                                     if (timezone.localdate() + dt.timedelta(days=14)).year
                                     == timezone.localdate().year else timezone.localdate().year + 1)
    assert main(["send-reminders"]) == 0
    assert "reporting_deadline: 1 sent" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_settings_page_sets_language_and_kinds(client, staff):
    client.force_login(staff)
    page = client.get(reverse("notices:preferences")).content.decode()
    assert "staff@example.org" in page and "Ilmoitusasetukset" in page
    response = client.post(reverse("notices:preferences"), {"language": "sv", "enabled": ["agenda_sent"]})
    assert response.status_code == 302
    assert NoticePreference.objects.get(user=staff).language == "sv"
    assert set(NoticeOptOut.objects.filter(user=staff).values_list("kind", flat=True)) == {
        "minutes_to_check", "minutes_published", "reporting_deadline", "proposal_comment", "proposal_outcome"}
    assert client.post(reverse("notices:preferences"), {"language": "xx"}).status_code == 200
    assert NoticePreference.objects.get(user=staff).language == "sv"


@pytest.mark.parametrize(("email_members", "expected"), [("on", 2), ("", 0)])
def test_the_agenda_page_emails_only_when_asked(client, staff, board, email_members, expected):
    meeting = _meeting(staff, send=False)
    client.force_login(staff)
    now = timezone.localtime()
    response = client.post(reverse("governance:agenda-send", args=[meeting.pk]), {
        "sent_date": now.date().isoformat(), "sent_time": now.strftime("%H:%M"), "email_members": email_members})
    assert response.status_code == 302
    run_queued_jobs()
    assert len(mail.outbox) == expected
