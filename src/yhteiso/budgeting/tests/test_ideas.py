"""Residents' ideas (issue 15 item 2), the services: submitting with a place inside Espoo, supporting once per
person, comments waiting for checking, following by e-mail, the idea's path and taking it forward as a proposal."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from PIL import Image

from yhteiso.budgeting import selectors_ideas, services, services_ideas
from yhteiso.budgeting.models import Phase, Proposal, Voter
from yhteiso.budgeting.models_ideas import Idea, IdeaComment, IdeaFollower, IdeaSupport
from yhteiso.budgeting.tests.factories_ideas import (
    INSIDE_SECOND,
    OUTSIDE,
    code,
    districts,
    idea_round,
    jpeg_with_gps,
    published,
    submit,
)
from yhteiso.core.models import AuditEvent
from yhteiso.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db


def _stored_files() -> set[str]:
    try:
        return set(default_storage.listdir("budgeting/ideas")[1])
    except FileNotFoundError:
        return set()


# ------------------------------------------------------------------------------------------------- submit
def test_an_idea_waits_for_checking_and_its_point_decides_the_district():
    rnd = idea_round()
    first, second = districts()
    idea = submit(rnd, point=INSIDE_SECOND, area=first)
    assert idea.state == "pending" and idea.area == second  # the point wins over the list
    assert (idea.lon, idea.lat) == INSIDE_SECOND
    assert selectors_ideas.idea_public(rnd, idea.pk) is None  # not shown before staff have checked it
    assert AuditEvent.objects.filter(action="pb_idea.submit", object_id=str(idea.pk)).exists()


def test_without_a_point_the_area_from_the_list_is_the_place():
    rnd = idea_round()
    first, _second = districts()
    idea = submit(rnd, point=None, area=first)
    assert idea.area == first and idea.lon is None and idea.lat is None


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"title": "   "}, "title"),
    ({"description": ""}, "description"),
    ({"point": OUTSIDE}, "area"),
    ({"point": None}, "area"),
    ({"category": "weapons"}, "category"),
    ({"target_group": ""}, "target_group"),
    ({"title": "x" * 121}, "title"),
])
def test_a_refused_idea_names_its_field_and_stores_nothing(kwargs, field):
    rnd = idea_round()
    files = _stored_files()
    with pytest.raises(ValidationError) as exc:
        submit(rnd, picture=jpeg_with_gps(), image_alt="Järvi", **kwargs)
    assert field in exc.value.message_dict
    assert not Idea.objects.exists()
    assert _stored_files() == files  # not even the picture
    assert not AuditEvent.objects.filter(action="pb_idea.submit").exists()


def test_a_point_outside_espoo_is_refused_with_a_message_naming_the_place():
    rnd = idea_round()
    with pytest.raises(ValidationError) as exc:
        submit(rnd, point=OUTSIDE)
    assert exc.value.message_dict["area"] == [
        "The point is outside Espoo: put it inside the city or choose the area from the list."]


@pytest.mark.parametrize("point", [("nan", "60.2"), ("inf", "60.2"), ("24.7", ""), ("abc", "def")])
def test_an_unreadable_point_is_refused(point):
    rnd = idea_round()
    with pytest.raises(ValidationError) as exc:
        submit(rnd, point=point)
    assert "area" in exc.value.message_dict and not Idea.objects.exists()


def test_ideas_are_refused_outside_the_idea_phase():
    rnd = idea_round()
    services.round_set_phase(actor=None, round=rnd, phase=Phase.CO_DEVELOPMENT)
    with pytest.raises(ValidationError, match="idea phase"):
        submit(rnd)


def test_a_picture_is_stored_re_encoded_without_the_place_it_was_taken():
    rnd = idea_round()
    idea = submit(rnd, picture=jpeg_with_gps(), image_alt="Hiekkaranta")
    with idea.image.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as stored:
        exif = stored.getexif()
        assert stored.format == "JPEG"
        assert 0x8825 not in exif and 0x010F not in exif and 0x0110 not in exif


def test_a_picture_without_a_description_or_of_the_wrong_type_is_refused():
    rnd = idea_round()
    with pytest.raises(ValidationError) as exc:
        submit(rnd, picture=jpeg_with_gps(), image_alt="")
    assert "image_alt" in exc.value.message_dict
    fake = SimpleUploadedFile("kuva.jpg", b"<svg onload=alert(1)></svg>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        submit(rnd, picture=fake, image_alt="kuva")
    assert "image" in exc.value.message_dict
    assert not Idea.objects.exists()


# ------------------------------------------------------------------------------------------------ support
def test_a_second_support_from_the_same_person_is_counted_once():
    rnd = idea_round()
    idea = published(rnd)
    alice, bob = code(rnd), code(rnd)
    assert services_ideas.idea_support(idea=idea, code=alice) is True
    assert services_ideas.idea_support(idea=idea, code=alice.lower().replace("-", " ")) is False
    assert services_ideas.idea_support(idea=idea, code=bob) is True
    assert IdeaSupport.objects.filter(idea=idea).count() == 2
    assert selectors_ideas.idea_public(rnd, idea.pk).n_supports == 2


def test_a_wrong_code_or_an_unpublished_idea_cannot_be_supported():
    rnd = idea_round()
    with pytest.raises(ValidationError) as exc:
        services_ideas.idea_support(idea=published(rnd), code="AAAA-BBBB-CCCC")
    assert "code" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services_ideas.idea_support(idea=submit(rnd, title="Odottaa"), code=code(rnd))
    assert not IdeaSupport.objects.exists()


def test_the_support_table_cannot_be_linked_to_the_roll_or_a_ballot():
    rnd = idea_round()
    idea = published(rnd)
    services_ideas.idea_support(idea=idea, code=code(rnd))
    fields = {f.name: f for f in IdeaSupport._meta.get_fields()}
    assert set(fields) == {"id", "idea", "supporter_hash"}  # no time, no voter, no ballot, no address
    assert [f.related_model for f in fields.values() if f.is_relation] == [Idea]
    assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in fields.values())
    # the same person's roll hash (written when they vote) is another keyed hash: nothing to join on
    row = IdeaSupport.objects.get()
    assert len(row.supporter_hash) == 64
    assert not Voter.objects.filter(roll_hash=row.supporter_hash).exists()


def test_supporting_does_not_use_up_the_voting_code():
    rnd = idea_round()
    idea = published(rnd)
    plain = code(rnd)
    services_ideas.idea_support(idea=idea, code=plain)
    for phase in (Phase.CO_DEVELOPMENT, Phase.FEASIBILITY, Phase.VOTING):
        rnd = services.round_set_phase(actor=None, round=rnd, phase=phase)
    attestation = services.voter_sign_in(round=rnd, code=plain)
    receipt = services.ballot_cast(round=rnd, attestation=attestation, area_pool=None,
                                   proposal_ids=[rnd.proposals.get(code="c1").pk])
    assert receipt and Voter.objects.filter(round=rnd).count() == 1


# ------------------------------------------------------------------------------------------------ comments
def test_a_comment_waits_for_checking_and_keeps_html_as_text():
    rnd = idea_round()
    idea = published(rnd)
    body = '<script>alert("x")</script><b>hei</b>'
    comment = services_ideas.idea_comment_add(idea=idea, body=body, language="ar")
    assert comment.state == "pending" and comment.body == body  # stored as typed; the page escapes it
    assert not selectors_ideas.comments_public(idea).exists()
    services_ideas.idea_comment_moderate(actor=None, comment=comment, state="published")
    assert list(selectors_ideas.comments_public(idea)) == [comment]


@pytest.mark.parametrize(("body", "name"), [("", ""), ("   ", ""), ("x" * 1001, ""), ("ok", "n" * 61)])
def test_an_empty_or_too_long_comment_is_refused(body, name):
    rnd = idea_round()
    idea = published(rnd)
    with pytest.raises(ValidationError):
        services_ideas.idea_comment_add(idea=idea, body=body, display_name=name, language="fi")
    assert not IdeaComment.objects.exists()


# ---------------------------------------------------------------------------------------------- moderation
def test_hiding_needs_a_reason_and_every_decision_is_audited():
    rnd = idea_round()
    idea = published(rnd)
    with pytest.raises(ValidationError) as exc:
        services_ideas.idea_moderate(actor=None, idea=idea, state="hidden", reason=" ")
    assert "reason" in exc.value.message_dict
    services_ideas.idea_moderate(actor=None, idea=idea, state="hidden", reason="Loukkaava sisältö")
    idea.refresh_from_db()
    assert idea.state == "hidden" and selectors_ideas.idea_public(rnd, idea.pk) is None
    actions = list(AuditEvent.objects.filter(object_id=str(idea.pk), object_type="budgeting.idea")
                   .values_list("action", flat=True))
    assert {"pb_idea.submit", "pb_idea.published", "pb_idea.hidden"} <= set(actions)
    with pytest.raises(ValidationError):
        services_ideas.idea_moderate(actor=None, idea=idea, state="deleted")


def test_an_idea_taken_forward_becomes_a_proposal_and_follows_its_path():
    rnd = idea_round()
    first, _second = districts()
    idea = published(rnd, display_name="Aino", picture=jpeg_with_gps(), image_alt="Ranta")
    pool = rnd.pools.get(area=first)
    p = services_ideas.idea_to_proposal(actor=None, idea=idea, pool=pool, title_fi="Uimaranta",
                                        description_fi="Ranta.", image_alt_fi="Hiekkaranta")
    idea.refresh_from_db()
    assert idea.proposal == p and p.proposer == "Aino" and p.place_fi == first.name_fi and p.image
    assert AuditEvent.objects.filter(action="pb_idea.to_proposal").exists()
    with pytest.raises(ValidationError):
        services_ideas.idea_to_proposal(actor=None, idea=idea, pool=pool, title_fi="Taas")
    steps = lambda: [(s["key"], s["state"]) for s in selectors_ideas.idea_path(idea, show_results=True)]  # noqa: E731
    assert steps()[:2] == [("idea", "done"), ("co_development", "current")]
    services.proposal_assess(actor=None, proposal=p, status="feasible", cost=20)
    idea = Idea.objects.select_related("proposal", "round").get(pk=idea.pk)
    assert ("estimate", "current") in steps()
    services.round_set_phase(actor=None, round=rnd, phase=Phase.VOTING)
    idea = Idea.objects.select_related("proposal", "round").get(pk=idea.pk)
    assert ("ballot", "current") in steps()
    assert Proposal.objects.filter(round=rnd).count() == 8


def test_an_idea_not_feasible_stops_at_the_estimate():
    rnd = idea_round()
    idea = published(rnd)
    p = services_ideas.idea_to_proposal(actor=None, idea=idea, pool=rnd.pools.get(area__isnull=True),
                                        title_fi="Uimaranta")
    services.proposal_assess(actor=None, proposal=p, status="not_feasible", reason="Ei kaupungin maata.")
    idea = Idea.objects.select_related("proposal", "round").get(pk=idea.pk)
    path = selectors_ideas.idea_path(idea, show_results=False)
    current = next(s for s in path if s["state"] == "current")
    assert current["key"] == "estimate" and current["stopped"]
    assert "Ei kaupungin maata." in selectors_ideas.idea_status_text(idea, show_results=False)


# ------------------------------------------------------------------------------------------------- follow
def test_followers_get_one_message_per_change_in_their_language_and_can_stop():
    rnd = idea_round()
    idea = published(rnd, title="Kirjastobussi")
    follower = services_ideas.idea_follow(idea=idea, email="Aino@Example.FI", language="sv")
    assert follower.email == "Aino@example.fi"
    assert services_ideas.idea_follow(idea=idea, email="Aino@example.fi", language="sv").pk == follower.pk
    run_queued_jobs()
    assert mail.outbox == []  # nothing changed since following
    services_ideas.idea_to_proposal(actor=None, idea=idea, pool=rnd.pools.get(area__isnull=True),
                                    title_fi="Kirjastobussi")
    run_queued_jobs()
    run_queued_jobs()  # a retried or second job sends nothing twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Aino@example.fi"] and "Kirjastobussi" in message.subject
    assert message.extra_headers["Content-Language"] == "sv"
    assert f"/ideat/seuranta/{follower.token}/" in message.body and "kieli=sv" in message.body
    # a staff assessment through the existing services reaches the followers too
    services.proposal_assess(actor=None, proposal=idea.__class__.objects.get(pk=idea.pk).proposal,
                             status="feasible", cost=30)
    run_queued_jobs()
    assert len(mail.outbox) == 2
    assert services_ideas.idea_unfollow(token=follower.token) is True
    assert not IdeaFollower.objects.exists()
    services_ideas.idea_moderate(actor=None, idea=idea, state="hidden", reason="Kaksoiskappale")
    run_queued_jobs()
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b", "x" * 250 + "@example.fi"])
def test_a_bad_e_mail_address_is_refused(email):
    rnd = idea_round()
    idea = published(rnd)
    with pytest.raises(ValidationError) as exc:
        services_ideas.idea_follow(idea=idea, email=email, language="fi")
    assert "email" in exc.value.message_dict and not IdeaFollower.objects.exists()


def test_the_moderation_queue_shows_what_waits_first():
    rnd = idea_round()
    hidden = published(rnd, title="Piilotettu")
    services_ideas.idea_moderate(actor=None, idea=hidden, state="hidden", reason="Mainos")
    shown = published(rnd, title="Julkaistu")
    waiting = submit(rnd, title="Odottaa")
    queue = selectors_ideas.moderation_queue(rnd)
    assert [i.pk for i in queue["ideas"]] == [waiting.pk, shown.pk, hidden.pk]
    assert queue["pending"] == {"ideas": 1, "comments": 0}
    assert queue["ideas"][0].language_name == "suomi"
