import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP
from yhteiso.governance import services
from yhteiso.governance.models import MemberGroup, Role, SteeringGroupMember

from . import programme_factories


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages in English (pages pick their language per request, Finnish by default)."""
    with translation.override("en"):
        yield


def _user(username, group=None, **extra):
    # No password: hashing one is slow and the tests log in with force_login.
    user = get_user_model().objects.create_user(username=username, password=None, **extra)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def staff(db):
    return _user("staff", PROGRAMME_STAFF)


@pytest.fixture
def member_user(db):
    return _user("member", STEERING_GROUP)


@pytest.fixture
def other_member_user(db):
    return _user("member2", STEERING_GROUP)


@pytest.fixture
def plain_user(db):
    return _user("plain")


@pytest.fixture
def admin_user(db):
    return _user("root", is_superuser=True, is_staff=True)


@pytest.fixture
def people(db, member_user):
    """A chair (linked to ``member_user``) with a deputy, a member, an expert and the programme manager."""
    chair = SteeringGroupMember.objects.create(name="Chair Person", role=Role.CHAIR, group=MemberGroup.ELECTED,
                                               organisation="SDP", order=1, user=member_user)
    deputy = SteeringGroupMember.objects.create(name="Deputy Person", role=Role.DEPUTY, deputy_of=chair,
                                                group=MemberGroup.ELECTED, order=2)
    member = SteeringGroupMember.objects.create(name="Member Person", role=Role.MEMBER, group=MemberGroup.OFFICIALS,
                                                title="liikuntajohtaja", order=3)
    expert = SteeringGroupMember.objects.create(name="Expert Person", role=Role.EXPERT, group=MemberGroup.EXPERTS,
                                                order=4)
    manager = SteeringGroupMember.objects.create(name="Manager Person", role=Role.PROGRAMME_MANAGER,
                                                 group=MemberGroup.PROGRAMME_OFFICE, order=5)
    return {"chair": chair, "deputy": deputy, "member": member, "expert": expert, "manager": manager}


@pytest.fixture
def project(db, staff):
    return programme_factories.make_project(actor=staff)


@pytest.fixture
def budget_line(db):
    return programme_factories.make_budget_line(amount=Decimal("88000"))


@pytest.fixture
def make_meeting(db, staff):
    """A meeting (two days ago by default) with agenda items, its agenda recorded as sent in time."""

    def make(*, date=None, items=1, send=True, project=None, sent_days_before=10):
        date = date or timezone.localdate() - dt.timedelta(days=2)
        meeting = services.meeting_create(actor=staff, date=date, start_time=dt.time(14, 0),
                                          end_time=dt.time(16, 0), place="Karaportti 1")
        for n in range(items):
            services.agenda_item_add(meeting=meeting, actor=staff, title=f"Item {n + 1}", presenter="Manager",
                                     proposal="Approve.", project=project if n == 0 else None)
        if send:
            sent = timezone.make_aware(dt.datetime.combine(date - dt.timedelta(days=sent_days_before),
                                                           dt.time(9, 0)))
            services.agenda_send(meeting=meeting, actor=staff, sent_at=min(sent, timezone.now()))
        meeting.refresh_from_db()
        return meeting

    return make


@pytest.fixture
def held_meeting(make_meeting, staff, people, project):
    """A meeting held two days ago: the chair and the member attended the whole meeting, the deputy left early."""
    meeting = make_meeting(project=project)
    services.meeting_record_attendance(
        meeting=meeting, actor=staff, start_time=dt.time(14, 0), end_time=dt.time(16, 0),
        attendances=[(people["chair"], dt.time(14, 0), dt.time(16, 0)),
                     (people["member"], dt.time(13, 55), dt.time(16, 5)),
                     (people["deputy"], dt.time(14, 0), dt.time(15, 0)),
                     (people["manager"], dt.time(14, 0), dt.time(16, 0))])
    meeting.refresh_from_db()
    return meeting
