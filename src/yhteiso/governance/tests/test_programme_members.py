"""One person on several programmes' steering groups (issue 14 item 9, hprog2b): a member row per programme linked
to the same account; the member's pages, the agenda materials and the agenda e-mail follow the meeting's
programme, and a member of one programme's group does not read another's unpublished meeting material."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from yhteiso.governance import notices, services
from yhteiso.governance.models import AgendaAttachment, SteeringGroupMember
from yhteiso.programme.models import Programme

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def other(db):
    return Programme.objects.create(slug="tapahtumien-espoo", name_fi="Tapahtumien Espoo", start_year=2025,
                                    end_year=2029)


@pytest.fixture
def member_of_other(member_user, other):
    SteeringGroupMember.objects.create(programme=other, name="Toisen ohjelman jäsen", user=member_user)
    return member_user


@pytest.fixture
def default_meeting(make_meeting, staff):
    meeting = make_meeting(date=timezone.localdate() + dt.timedelta(days=20), send=False)
    item = meeting.items.first()
    AgendaAttachment.objects.create(item=item, name="Tausta.pdf", content=PDF, content_type="application/pdf",
                                    size=len(PDF), uploaded_by=staff)
    return meeting


def test_a_member_of_another_programme_cannot_read_the_meeting_material(client, member_of_other, default_meeting):
    """The attack: a member of B opens A's meeting page, its agenda document, its materials and its API entry."""
    client.force_login(member_of_other)
    attachment = AgendaAttachment.objects.get()
    assert client.get(reverse("governance:meeting-detail", args=[default_meeting.pk])).status_code == 403
    assert client.get(reverse("governance:attachment-download", args=[attachment.pk])).status_code == 403
    assert client.get(reverse("reports:meeting-agenda", args=[default_meeting.pk, "pdf"])).status_code == 403
    api = client.get(f"/api/v1/meetings/{default_meeting.pk}").json()
    assert "Item 1" not in str(api) and api["id"] == default_meeting.pk  # the calendar entry only
    page = client.get(reverse("governance:meetings")).content.decode()
    assert reverse("governance:meeting-detail", args=[default_meeting.pk]) not in page


def test_the_same_person_on_both_groups_reads_both(client, member_of_other, default_meeting, make_meeting, other):
    SteeringGroupMember.objects.create(programme=Programme.objects.default(), name="Jäsen", user=member_of_other)
    client.force_login(member_of_other)
    assert client.get(reverse("governance:meeting-detail", args=[default_meeting.pk])).status_code == 200
    attachment = AgendaAttachment.objects.get()
    assert client.get(reverse("governance:attachment-download", args=[attachment.pk])).status_code == 200
    assert "Item 1" in str(client.get(f"/api/v1/meetings/{default_meeting.pk}").json())


def test_a_meeting_of_programme_b_is_for_b_and_its_agenda_goes_to_b_only(client, staff, member_user,
                                                                            other_member_user, other):
    SteeringGroupMember.objects.create(programme=other, name="B:n jäsen", user=member_user)
    SteeringGroupMember.objects.create(name="A:n jäsen", user=other_member_user)
    client.force_login(staff)
    date = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(reverse("governance:meeting-create"), {
        "programme": other.pk, "date": date.isoformat(), "start_time": "14:00", "agenda_lead_days": 7})
    assert response.status_code == 302
    meeting = other.meetings.get()
    services.agenda_item_add(meeting=meeting, actor=staff, title="Asia", presenter="P", proposal="Hyväksytään.")
    recipients = {n.user for n in notices.agenda_sent(meeting.pk)}
    assert recipients == {member_user}
    client.force_login(other_member_user)  # a member of A only
    assert client.get(reverse("governance:meeting-detail", args=[meeting.pk])).status_code == 403
    client.force_login(member_user)
    assert client.get(reverse("governance:meeting-detail", args=[meeting.pk])).status_code == 200


def test_one_account_sits_once_on_each_programmes_group(member_user, other):
    SteeringGroupMember.objects.create(name="Jäsen", user=member_user)
    SteeringGroupMember.objects.create(programme=other, name="Jäsen", user=member_user)  # another group: fine
    with pytest.raises(ValidationError) as exc:
        SteeringGroupMember(programme=other, name="Jäsen kahdesti", user=member_user).full_clean()
    assert "user" in exc.value.message_dict or "__all__" in exc.value.message_dict


def test_a_personal_deputy_sits_on_the_same_programmes_group(other):
    member = SteeringGroupMember.objects.create(name="Jäsen")
    with pytest.raises(ValidationError) as exc:
        SteeringGroupMember(programme=other, name="Varajäsen", role="deputy", deputy_of=member).full_clean()
    assert "deputy_of" in exc.value.message_dict


def test_the_meetings_api_names_each_meetings_programme_and_filters_by_it(client, make_meeting, staff, other):
    """``GET /api/v1/meetings`` lists every programme's meetings, each with its programme; ``?programme=`` gives
    one steering group's (unknown → 404)."""
    ours = make_meeting(send=False)
    theirs = services.meeting_create(actor=staff, programme=other, date=timezone.localdate() + dt.timedelta(days=9),
                                     start_time=dt.time(10, 0))
    every = {m["id"]: m["programme"] for m in client.get("/api/v1/meetings").json()}
    assert every == {ours.pk: Programme.objects.default().slug, theirs.pk: other.slug}
    assert [m["id"] for m in client.get(f"/api/v1/meetings?programme={other.slug}").json()] == [theirs.pk]
    default = client.get(f"/api/v1/meetings?programme={Programme.objects.default().slug}").json()
    assert [m["id"] for m in default] == [ours.pk]
    assert client.get("/api/v1/meetings?programme=ei-ole").status_code == 404
