"""The programme office register: staff add and edit its people (roles in Finnish, Swedish and English, contact,
user account); the public page shows who runs the programme in the reader's language; bad input is refused naming
the field; nobody else may write."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from yhteiso.core.models import AuditEvent
from yhteiso.governance import services
from yhteiso.governance.models import OfficeRoleKind, ProgrammeOfficePerson

PLANNER = {"name": "Sanni Olasvuori", "kind": OfficeRoleKind.COMMUNICATIONS, "role_fi": "viestintäsuunnittelija",
           "role_sv": "kommunikationsplanerare", "role_en": "communications planner",
           "organisation": "Espoon kaupunki", "email": "sanni.olasvuori@example.org", "phone": "+358 40 123 4567"}


def _post(data):
    out = {k: v for k, v in data.items() if v is not None}
    out.setdefault("order", "1")
    out.setdefault("active", "on")
    return out


@pytest.mark.django_db
def test_staff_add_a_person_and_edit_them_with_an_audit_row_each(staff):
    person = services.office_person_save(actor=staff, **PLANNER)
    services.office_person_save(actor=staff, person=person, phone="+358 9 816 21")
    person.refresh_from_db()
    assert person.phone == "+358 9 816 21"
    actions = list(AuditEvent.objects.filter(action__startswith="programme_office.").order_by("id").values_list("action",
                                                                                                  flat=True))
    assert actions == ["programme_office.create", "programme_office.update"]


@pytest.mark.django_db
def test_only_staff_may_write_the_register(member_user, plain_user):
    for actor in (member_user, plain_user, None):
        with pytest.raises(PermissionDenied):
            services.office_person_save(actor=actor, **PLANNER)
    assert not ProgrammeOfficePerson.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("role_sv", ""), ("role_fi", ""), ("email", "not-an-address"),
                                              ("phone", "call me maybe"), ("name", "   ")])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(staff, field, value):
    with pytest.raises(ValidationError) as exc:
        services.office_person_save(actor=staff, **{**PLANNER, field: value})
    assert field in exc.value.message_dict
    assert not ProgrammeOfficePerson.objects.exists()


@pytest.mark.django_db
def test_the_public_page_shows_the_roles_in_the_readers_language_and_hides_who_left(client, staff):
    services.office_person_save(actor=staff, **PLANNER)
    services.office_person_save(actor=staff, **{**PLANNER, "name": "Former Person", "active": False})
    url = reverse("governance:office")
    fi = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "viestintäsuunnittelija" in fi and "Sanni Olasvuori" in fi
    assert "mailto:sanni.olasvuori@example.org" in fi
    assert "Former Person" not in fi
    assert "Lisää henkilö" not in fi  # no edit links for the public
    client.cookies.load({"django_language": "sv"})
    sv = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "kommunikationsplanerare" in sv
    client.force_login(staff)
    assert "Former Person" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_role_missing_in_english_falls_back_to_finnish_marked_as_finnish(client, staff):
    services.office_person_save(actor=staff, **{**PLANNER, "role_en": ""})
    client.cookies.load({"django_language": "en"})
    html = client.get(reverse("governance:office"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="fi">viestintäsuunnittelija' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), [(None, 302), ("plain_user", 403), ("member_user", 403)])
def test_the_edit_pages_are_for_staff_only(client, request, staff, who, status):
    person = services.office_person_save(actor=staff, **PLANNER)
    if who:
        client.force_login(request.getfixturevalue(who))
    for url in (reverse("governance:office-create"), reverse("governance:office-edit", args=[person.pk])):
        assert client.get(url).status_code == status
        assert client.post(url, _post({**PLANNER, "name": "Intruder"})).status_code == status
    assert not ProgrammeOfficePerson.objects.filter(name="Intruder").exists()


@pytest.mark.django_db
def test_staff_link_a_person_to_their_account_through_the_form(client, staff, member_user):
    client.force_login(staff)
    response = client.post(reverse("governance:office-create"), _post({**PLANNER, "user": str(member_user.pk)}))
    assert response.status_code == 302
    assert ProgrammeOfficePerson.objects.get().user == member_user


@pytest.mark.django_db
def test_a_bad_phone_number_in_the_form_is_shown_on_the_field_in_finnish(client, staff):
    client.force_login(staff)
    response = client.post(reverse("governance:office-create"), _post({**PLANNER, "phone": "soita"}),
                           HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    assert "Puhelinnumerossa" in response.content.decode()
    assert not ProgrammeOfficePerson.objects.exists()


@pytest.mark.django_db
def test_the_api_lists_the_office_in_the_readers_language_and_hides_who_left(client, staff):
    services.office_person_save(actor=staff, **PLANNER)
    services.office_person_save(actor=staff, **{**PLANNER, "name": "Entinen Koordinaattori",
                                                "kind": OfficeRoleKind.COORDINATOR, "active": False})
    url = "/api/v1/programme-office"
    rows = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").json()
    assert [r["name"] for r in rows] == ["Sanni Olasvuori"]
    assert rows[0]["role"] == "kommunikationsplanerare" and rows[0]["kind"] == "communications"
    assert rows[0]["email"] == "sanni.olasvuori@example.org" and rows[0]["active"] is True
    # the public may not list those who left, even when asking
    assert [r["name"] for r in client.get(url + "?include_inactive=true").json()] == ["Sanni Olasvuori"]
    client.force_login(staff)
    names = [r["name"] for r in client.get(url + "?include_inactive=true").json()]
    assert names == ["Sanni Olasvuori", "Entinen Koordinaattori"]
