"""The "what we heard, what we did" pages (issue 15 item 3.2) and the follow-up e-mail (3.3): staff write and
publish a page (audited, roles, CSRF); the public page speaks the survey's languages; the closed survey and the
front page link to it; publishing sends one e-mail per address, once, and deletes the addresses."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from yhteiso.core.models import AuditEvent
from yhteiso.jobs.testing import run_queued_jobs
from yhteiso.respondents import followup
from yhteiso.respondents.feedback import feedback_publish, feedback_save
from yhteiso.respondents.models import Feedback, FollowUpAddress, FollowUpPending
from yhteiso.surveys import services

pytestmark = pytest.mark.django_db
BASE = "/mita-teimme/"
TEXTS = {"heard_fi": "Kuulimme, että puistoon toivotaan valoja.", "heard_sv": "Vi hörde att parken behöver ljus.",
         "heard_en": "We heard that the park needs lights.", "did_fi": "Valot asennettiin syksyllä.",
         "did_sv": "Lamporna installerades i höstas.", "did_en": "The lights were installed in the autumn.",
         "heard_from": "2026-03-01", "heard_until": "2026-04-30", "did_on": "2026-10-15"}


def _form(**extra) -> dict:
    return {**TEXTS, "show_results": "1", **extra}


def _leave(client, survey, email, language="fi"):
    thanks = client.get(f"/kyselyt/{survey.pk}/kiitos/?kieli={language}").content.decode()
    found = re.search(r'name="subject" value="([^"]+)"', thanks)
    assert found is not None
    token = found.group(1)
    return client.post(f"{BASE}seuraa/", {"subject": token, "language": language, "email": email})


def test_staff_write_and_publish_a_page_that_residents_read_in_their_language(client, staff, survey):
    client.force_login(staff)
    url = f"{BASE}hallinta/survey/{survey.pk}/"
    assert client.get(url).status_code == 200
    r = client.post(url, _form(heard_ar="سمعنا أن الحديقة تحتاج إلى أضواء.", did_ar="رُكّبت الأضواء."))
    assert r.status_code == 302
    public = Client()
    assert public.get(f"{BASE}survey/{survey.pk}/").status_code == 404  # not published yet
    assert client.get(f"{BASE}survey/{survey.pk}/").status_code == 200  # staff preview
    assert client.post(f"{url}julkaise/").status_code == 302
    assert Feedback.objects.get().published_at is not None
    assert AuditEvent.objects.filter(action="feedback.save").count() == 1
    assert AuditEvent.objects.filter(action="feedback.publish").count() == 1
    fi = public.get(f"{BASE}survey/{survey.pk}/?kieli=fi").content.decode()
    assert "Mitä kuulimme" in fi and "puistoon toivotaan valoja" in fi and "15.10.2026" in fi
    assert f"/kyselyt/{survey.pk}/tulokset/" in fi  # the published (suppressed) results, not figures of our own
    sv = public.get(f"{BASE}survey/{survey.pk}/?kieli=sv").content.decode()
    assert "Vad vi gjorde" in sv and "Lamporna installerades" in sv
    ar = public.get(f"{BASE}survey/{survey.pk}/?kieli=ar")
    assert 'dir="rtl"' in ar.content.decode() and "رُكّبت الأضواء." in ar.content.decode()
    ru = public.get(f"{BASE}survey/{survey.pk}/?kieli=ru").content.decode()
    assert "Что мы сделали" in ru and 'lang="fi"' in ru  # no Russian text: the Finnish one, marked as Finnish
    # linked from the closed survey and the front page
    services.survey_close(survey=survey, actor=staff)
    closed = public.get(f"/kyselyt/{survey.pk}/?kieli=fi").content.decode()
    assert f"{BASE}survey/{survey.pk}/?kieli=fi" in closed and "Mitä tämän jälkeen tapahtui" in closed
    front = public.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert f"{BASE}survey/{survey.pk}/" in front and "Mitä kuulimme, mitä teimme" in front
    assert f"{BASE}survey/{survey.pk}/" in public.get(BASE).content.decode()


def test_others_get_403_and_anonymous_go_to_sign_in(client, survey):
    url = f"{BASE}hallinta/survey/{survey.pk}/"
    assert client.get(url).status_code == 302
    assert client.post(url, _form()).status_code == 302
    user = get_user_model().objects.create_user("resident", password="pw-123456-x")
    client.force_login(user)
    assert client.get(url).status_code == 403
    assert client.post(url, _form()).status_code == 403
    assert client.post(f"{url}julkaise/").status_code == 403
    assert client.get(f"{BASE}hallinta/").status_code == 403
    assert not Feedback.objects.exists()


def test_the_staff_form_needs_the_csrf_token(staff, survey):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff)
    assert strict.post(f"{BASE}hallinta/survey/{survey.pk}/", _form()).status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"heard_until": "2026-02-01"}, "The end of the listening is before its start."),
    ({"heard_fi": "  "}, "Write in Finnish what we heard."),
    ({"did_fi": ""}, "Write in Finnish what we did."),
    ({"did_on": "15.10.2026"}, "Check the date (year-month-day)."),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(client, staff, survey, changes, message):
    client.force_login(staff)
    r = client.post(f"{BASE}hallinta/survey/{survey.pk}/", _form(**changes), HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Feedback.objects.exists() and not AuditEvent.objects.filter(action="feedback.save").exists()


def test_an_unknown_survey_or_kind_is_404(client, staff):
    client.force_login(staff)
    assert client.get(f"{BASE}hallinta/survey/99999/").status_code == 404
    assert client.get(f"{BASE}hallinta/poll/1/").status_code == 404
    assert client.get(f"{BASE}survey/99999/").status_code == 404


def test_publishing_sends_one_email_per_address_once_and_deletes_the_addresses(client, staff, survey):
    assert _leave(Client(), survey, "anna@example.org", "fi").status_code == 200
    assert _leave(Client(), survey, "Anna@example.org", "fi").status_code == 200  # the same person twice
    assert _leave(Client(), survey, "bo@example.org", "sv").status_code == 200
    assert _leave(Client(), survey, "ali@example.org", "ar").status_code == 200
    assert FollowUpPending.objects.count() == 4 and FollowUpAddress.objects.count() == 0  # waiting for a batch
    feedback_save(actor=staff, kind="survey", subject_id=survey.pk, **TEXTS)
    mail.outbox.clear()
    feedback_publish(actor=staff, kind="survey", subject_id=survey.pk)
    assert mail.outbox == []  # the worker sends, after the commit
    run_queued_jobs()
    assert sorted(m.to[0].lower() for m in mail.outbox) == ["ali@example.org", "anna@example.org", "bo@example.org"]
    by_to = {m.to[0].lower(): m for m in mail.outbox}
    assert "Mitä tapahtui" in by_to["anna@example.org"].subject
    assert "Vad som hände" in by_to["bo@example.org"].subject
    assert "ماذا حدث" in by_to["ali@example.org"].subject
    assert f"{BASE}survey/{survey.pk}/?kieli=sv" in by_to["bo@example.org"].body
    assert by_to["bo@example.org"].extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/mita-teimme/pois/" in by_to["bo@example.org"].body
    assert not FollowUpAddress.objects.exists() and not FollowUpPending.objects.exists()
    # sent once: the job again, or a second publication, sends nothing
    mail.outbox.clear()
    followup.follow_up_send(kind="survey", subject_id=survey.pk)
    run_queued_jobs()
    assert mail.outbox == []
    with pytest.raises(Exception, match="already been published"):
        feedback_publish(actor=staff, kind="survey", subject_id=survey.pk)


def test_the_unsubscribe_link_deletes_the_address_everywhere_and_a_forged_one_is_refused(client, survey, staff):
    _leave(Client(), survey, "anna@example.org")
    _leave(Client(), survey, "bo@example.org")
    token = followup.unsubscribe_token("ANNA@example.org")
    assert client.get(f"{BASE}pois/{token}/").status_code == 200
    assert FollowUpPending.objects.count() == 2  # the GET (mail scanners follow links) changes nothing
    assert client.post(f"{BASE}pois/{token}/").status_code == 200
    followup.follow_ups_mix(force=True)
    assert list(FollowUpAddress.objects.values_list("email", flat=True)) == ["bo@example.org"]
    assert client.post(f"{BASE}pois/{token[:-2]}xx/").status_code == 400
    assert FollowUpAddress.objects.count() == 1


def test_a_bad_address_or_a_forged_form_is_refused_in_the_respondents_language_and_nothing_is_stored(survey):
    r = _leave(Client(), survey, "not-an-address", "sv")
    assert r.status_code == 400
    html = r.content.decode()
    assert "Kontrollera e-postadressen." in html and 'id="follow-up-email"' in html and 'aria-invalid="true"' in html
    forged = Client().post(f"{BASE}seuraa/", {"subject": "survey:1", "language": "fi", "email": "a@example.org"})
    assert forged.status_code == 400
    assert not FollowUpPending.objects.exists()


def test_addresses_are_deleted_after_the_retention_period(survey, monkeypatch):
    _leave(Client(), survey, "anna@example.org")
    followup.follow_ups_mix(force=True)
    assert FollowUpAddress.objects.count() == 1
    later = dt.date.today() + dt.timedelta(days=followup.RETENTION_DAYS + 1)
    assert followup.follow_ups_prune(today=later) == 1
    assert not FollowUpAddress.objects.exists()
    # one still waiting past the retention period is dropped when mixed
    _leave(Client(), survey, "bo@example.org")
    monkeypatch.setattr(followup.timezone, "localdate", lambda: later)
    assert followup.follow_ups_mix(force=True) == 0
    assert not FollowUpPending.objects.exists() and not FollowUpAddress.objects.exists()
