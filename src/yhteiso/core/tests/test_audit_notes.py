"""Notes the platform writes into the audit log are shown in the reader's language; notes people typed, as typed."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.utils import translation
from django.utils.translation import gettext_noop

from yhteiso.core.audit import AuditNote, audit_label, audit_note_text, audit_record
from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_user():
    user = User.objects.create_user("staff", password="pw-123456789")
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    return user


def _in(language, event):
    with translation.override(language):
        return audit_note_text(AuditEvent.objects.get(pk=event.pk))


def test_a_platform_note_is_stored_as_its_message_and_read_in_each_language():
    event = audit_record(actor=None, action="pb_round.codes", object_type="budgeting.round", object_id=1,
                         note=AuditNote(gettext_noop("Voting codes issued: %(count)s"), {"count": 25}))
    assert event.note == "Voting codes issued: 25"  # English for exports and older readers
    assert event.note_message == "Voting codes issued: %(count)s" and event.note_params == {"count": 25}
    assert _in("fi", event) == "Äänestyskoodeja annettu: 25"
    assert _in("sv", event) == "Röstkoder utdelade: 25"
    assert _in("en", event) == "Voting codes issued: 25"


def test_a_choice_label_inside_a_note_is_translated_too():
    from yhteiso.budgeting.models import VoterMethod

    note = AuditNote(gettext_noop("Vote entered: %(method)s"),
                     {"method": audit_label(VoterMethod.PAPER.label)})
    with translation.override("fi"):  # written by a Finnish user: stored in the source language all the same
        event = audit_record(actor=None, action="pb_ballot.staff_entry", object_type="budgeting.round",
                             object_id=1, note=note)
    with translation.override(None):
        assert event.note == f"Vote entered: {VoterMethod.PAPER.label}"
    finnish = _in("fi", event)
    assert finnish.startswith("Ääni kirjattu: ") and "staff" not in finnish
    with translation.override("fi"):
        assert finnish.endswith(str(VoterMethod.PAPER.label))


def test_older_notes_the_platform_wrote_in_english_are_read_in_the_readers_language():
    old = AuditEvent.objects.create(action="pb_round.codes", object_type="budgeting.round", object_id="1",
                                    note="12 voting codes issued to named persons")
    sent = AuditEvent.objects.create(action="meeting.status", object_type="governance.meeting", object_id="1",
                                     note="agenda sent late")
    assert _in("fi", old) == "Äänestyskoodeja annettu nimetyille henkilöille: 12"
    assert _in("sv", sent) != "agenda sent late" and _in("fi", sent) != "agenda sent late"


def test_a_note_a_person_typed_is_shown_as_typed():
    event = audit_record(actor=None, action="pb_proposal.hide", object_type="budgeting.proposal", object_id=1,
                         note="agenda sent on paper")
    assert _in("fi", event) == "agenda sent on paper" and event.note_message == ""


def test_a_translation_that_does_not_fit_its_parameters_falls_back_to_english():
    event = audit_record(actor=None, action="x.y", object_type="x", object_id=1,
                         note=AuditNote(gettext_noop("Voting codes issued: %(count)s"), {}))
    assert _in("fi", event) == "Voting codes issued: %(count)s"  # no crash on a missing parameter


def test_the_audit_log_page_shows_platform_notes_in_finnish_and_swedish(client, staff_user):
    audit_record(actor=staff_user, action="meeting.status", object_type="governance.meeting", object_id=3,
                 note=AuditNote(gettext_noop("Steering group %(meeting)s, § %(number)s (effects pending the minutes)"),
                                {"meeting": "5.5.2026", "number": 4}))
    client.force_login(staff_user)
    for language, expected in (("fi", "Ohjausryhmä 5.5.2026, § 4"), ("sv", "Styrgruppen 5.5.2026, § 4")):
        client.cookies["yhteiso_language"] = language
        page = client.get("/henkilosto/muutosloki/").content.decode()
        table = re.sub(r"<details.*?</details>", "", page.split("<tbody>", 1)[1], flags=re.S)
        assert expected in table and "Steering group" not in table and "pending the minutes" not in table


def test_content_inside_a_note_is_shown_in_the_readers_language():
    from types import SimpleNamespace

    from yhteiso.core.audit import audit_content

    line = SimpleNamespace(name_fi="Kokouskulut", name_sv="Möteskostnader", name_en="")
    with translation.override("sv"):
        event = audit_record(actor=None, action="budget.committed", object_type="programme.budgetentry",
                             object_id=1, note=AuditNote("%(line)s", {"line": audit_content(line, "name")}))
    assert _in("fi", event) == "Kokouskulut" and _in("sv", event) == "Möteskostnader"
    assert _in("en", event) == "Kokouskulut"  # no English name: Finnish, by the one fallback rule


def test_an_amount_in_a_note_is_written_with_the_readers_separators():
    from decimal import Decimal

    from yhteiso.core.audit import AuditMoney
    from yhteiso.core.formatting import money

    with translation.override("en"):  # written by an English-speaking user
        event = audit_record(actor=None, action="budget.commitment", object_type="programme.budgetline", object_id=1,
                             note=AuditNote(gettext_noop("Over budget by %(over)s €"),
                                            {"over": AuditMoney(Decimal("12345.50"))}))
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            expected = money(Decimal("12345.50"))
        assert expected in _in(language, event)
    assert _in("fi", event) != _in("en", event)


def test_a_changed_choice_is_shown_by_its_label_and_a_yes_no_in_words_not_as_stored_codes(client, staff_user):
    audit_record(actor=staff_user, action="proposal.update", object_type="budgeting.proposal", object_id=7,
                 before={"status": "submitted", "is_hidden": False}, after={"status": "not_feasible", "is_hidden": True})
    client.force_login(staff_user)
    for language, expected in (("fi", ("ei toteutettavissa", "kyllä")), ("sv", ("inte genomförbar", "ja"))):
        client.cookies["yhteiso_language"] = language
        page = client.get("/henkilosto/muutosloki/").content.decode()
        table = re.sub(r"<details.*?</details>", "", page.split("<tbody>", 1)[1], flags=re.S)
        assert "not_feasible" not in table and "True" not in table and "False" not in table
        assert all(words in table for words in expected), table


def test_an_action_is_named_in_words_even_when_its_verb_is_not_listed(client, staff_user):
    audit_record(actor=staff_user, action="report.narrative.save", object_type="reports.reportnarrative", object_id=1)
    audit_record(actor=staff_user, action="thing.frobnicate", object_type="core.auditevent", object_id=2)
    client.force_login(staff_user)
    client.cookies["yhteiso_language"] = "fi"
    page = client.get("/henkilosto/muutosloki/").content.decode()
    table = re.sub(r"<details.*?</details>", "", page.split("<tbody>", 1)[1], flags=re.S)
    assert "report.narrative.save" not in table and "thing.frobnicate" not in table
    assert "Tallennettu" in table and "Kirjattu" in table
    assert "report.narrative.save" in page  # still there for the curious, in the technical details
