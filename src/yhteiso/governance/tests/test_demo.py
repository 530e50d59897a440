"""The demo loads the steering group exactly as the plan publishes it, and is idempotent."""

import io

from yhteiso.core.demo import load as load_core
from yhteiso.governance import demo
from yhteiso.governance.models import AgendaItem, Meeting, Role, SteeringGroupMember


def _load_twice():
    out = io.StringIO()
    load_core(out)
    demo.load(out)
    first = (SteeringGroupMember.objects.count(), Meeting.objects.count(), AgendaItem.objects.count())
    demo.load(out)
    return first, (SteeringGroupMember.objects.count(), Meeting.objects.count(), AgendaItem.objects.count())


def test_the_demo_is_idempotent(db):
    first, second = _load_twice()
    assert first == second
    # 19 members + 10 personal deputies + the acting programme manager
    assert first[0] == 30


def test_the_steering_group_is_as_published_in_the_plan(db):
    _load_twice()
    chair = SteeringGroupMember.objects.get(role=Role.CHAIR)
    assert (chair.name, chair.organisation, chair.deputy.name) == ("Taru Salovaara", "SDP", "Tero Rantala")
    vice = SteeringGroupMember.objects.get(role=Role.VICE_CHAIR)
    assert (vice.name, vice.deputy.name) == ("Hanna Hukari", "Harshwardhan Saini")
    owner = SteeringGroupMember.objects.get(role=Role.PROGRAMME_OWNER)
    assert owner.name == "Merja Narvo-Akkola" and not hasattr(owner, "deputy")
    youth = SteeringGroupMember.objects.get(role=Role.YOUTH_COUNCIL)
    assert (youth.name, youth.deputy.name) == ("Olli Tiihonen", "Iida Karjalainen")
    nurmi = SteeringGroupMember.objects.get(name="Juha Nurmi")
    assert nurmi.deputy.name == "Barbro Högström"
    assert SteeringGroupMember.objects.filter(role=Role.EXPERT).count() == 7
    assert SteeringGroupMember.objects.filter(role=Role.DEPUTY).count() == 10
    emma = SteeringGroupMember.objects.get(name="Emma Aalto")
    assert emma.acting_for.name == "Aino Pietarinen" and str(emma.term_start) == "2026-01-01"
    assert chair.user.username == "ohjausryhma"


def test_only_the_clearly_marked_example_meeting_is_loaded(db):
    _load_twice()
    meeting = Meeting.objects.get()
    assert meeting.is_example and "Esimerkki" in meeting.title
    assert meeting.status == "planned" and not hasattr(meeting, "minutes")
    assert not meeting.items.filter(decision__isnull=False).exists()
