"""Front page, language switch, roles and the audit log."""

import re

import pytest
from django.contrib.auth.models import Group, User

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP, is_programme_staff, is_steering_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_user():
    user = User.objects.create_user("staff", password="pw-123456789")
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    return user


@pytest.fixture
def member_user():
    user = User.objects.create_user("member", password="pw-123456789")
    user.groups.add(Group.objects.get_or_create(name=STEERING_GROUP)[0])
    return user


def test_the_front_page_is_finnish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fi"' in response.content.decode()
    assert "Yhteisöllinen Espoo" in response.content.decode()


def test_the_language_choice_persists_in_a_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["yhteiso_language"].value == "sv"
    page = client.get("/").content.decode()
    assert '<html lang="sv"' in page
    assert "Gemenskapens Esbo" in page


def test_roles_nest_staff_above_members(staff_user, member_user):
    assert is_programme_staff(staff_user) and is_steering_member(staff_user)
    assert is_steering_member(member_user) and not is_programme_staff(member_user)


def test_staff_pages_need_login_and_the_staff_role(client, member_user, staff_user):
    assert client.get("/henkilosto/muutosloki/").status_code == 302
    client.force_login(member_user)
    assert client.get("/henkilosto/muutosloki/").status_code == 403
    client.force_login(staff_user)
    assert client.get("/henkilosto/muutosloki/").status_code == 200


def test_the_admin_is_for_superusers_only(client, staff_user):
    staff_user.is_staff = True
    staff_user.save()
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 302


def test_an_audit_event_records_who_what_before_and_after(client, staff_user):
    before = snapshot(staff_user, fields=["first_name"])
    staff_user.first_name = "Emma"
    staff_user.save()
    event = audit_record(actor=staff_user, action="user.rename", instance=staff_user, before=before,
                         after=snapshot(staff_user, fields=["first_name"]))
    assert event.actor_name == "staff"
    assert event.changed_fields == [("first_name", "", "Emma")]
    client.force_login(staff_user)
    page = client.get("/henkilosto/muutosloki/").content.decode()
    assert "user.rename" in page and "Emma" in page


def test_an_anonymous_actor_is_recorded_as_the_system():
    event = audit_record(actor=None, action="import.run", object_type="knowledge.dataset", object_id=5)
    assert (event.actor, event.actor_name, event.object_id) == (None, "system", "5")
    assert AuditEvent.objects.count() == 1


def test_the_audit_log_reads_in_words_with_the_keys_behind_technical_details(client, staff_user):
    before = snapshot(staff_user, fields=["first_name"])
    staff_user.first_name = "Emma"
    staff_user.save()
    audit_record(actor=staff_user, action="user.update", instance=staff_user, before=before,
                 after=snapshot(staff_user, fields=["first_name"]))
    client.force_login(staff_user)
    client.cookies["yhteiso_language"] = "fi"
    page = client.get("/henkilosto/muutosloki/").content.decode()
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    words = re.sub(r"<details.*?</details>", "", table, flags=re.S)
    assert "Muutettu" in words and "Käyttäjä" in words and "<strong>Etunimi</strong>" in words and "→ Emma" in words
    assert "user.update" not in words and "first_name" not in words and "auth.user" not in words
    details = re.search(r"<details.*?</details>", table, re.S).group(0)
    assert "user.update" in details and "auth.user" in details and "first_name" in details
    assert '<option value="auth.user" >Käyttäjä</option>' in page
    client.cookies["yhteiso_language"] = "sv"
    assert "Ändrad" in client.get("/henkilosto/muutosloki/").content.decode()
