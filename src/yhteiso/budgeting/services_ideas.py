"""Writes of residents' ideas (issue 15 item 2). Keyword-only, atomic, ``full_clean`` before saving; staff
decisions and residents' submissions write an audit row (never the client's address); supports and comments sent after
an identification do not, as they must stay unlinkable (only a keyed hash of the person's voter token is stored).

Refusals are ``ValidationError``s keyed by the form field they concern, with messages in the active language (the
resident pages run in the page's language), so the page can name the field."""

from __future__ import annotations

import math
import secrets

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yhteiso.budgeting import selectors_ideas
from yhteiso.budgeting.identity import Attestation, keyed, provider_for
from yhteiso.budgeting.models import Phase, Pool, Proposal, Round
from yhteiso.budgeting.models_ideas import (
    ALT_MAX,
    COMMENT_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    TITLE_MAX,
    Idea,
    IdeaCategory,
    IdeaComment,
    IdeaFollower,
    IdeaSupport,
    IdeaTargetGroup,
    ModerationState,
)
from yhteiso.budgeting.services import proposal_card_update, proposal_create
from yhteiso.budgeting.tasks_ideas import followers_notify_enqueue
from yhteiso.budgeting.validation import picture_prepare
from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.languages import RESPONDENT_LANGUAGES

REASON_MAX = 500
IDEA_AUDIT_FIELDS = ["round", "language", "title", "area", "category", "target_group", "state",
                     "moderation_reason", "proposal"]


def _text(value, *, field: str, limit: int, required_message: str | None, errors: dict) -> str:
    text = (value or "").strip()
    if required_message and not text:
        errors[field] = required_message
    elif len(text) > limit:
        errors[field] = _("At most %(n)d characters, please: now %(m)d.") % {"n": limit, "m": len(text)}
    return text


def _point(lon, lat, errors: dict) -> tuple[float | None, float | None]:
    """A point from the form's text (or numbers); both or neither; finite numbers."""
    lon_text, lat_text = str(lon if lon is not None else "").strip(), str(lat if lat is not None else "").strip()
    if not lon_text and not lat_text:
        return None, None
    try:
        x, y = float(lon_text), float(lat_text)
    except ValueError:
        errors["area"] = _("The point on the map could not be read: put it on the map again or choose the area "
                           "from the list.")
        return None, None
    if not (math.isfinite(x) and math.isfinite(y)):
        errors["area"] = _("The point on the map could not be read: put it on the map again or choose the area "
                           "from the list.")
        return None, None
    return x, y


# -------------------------------------------------------------------------------------------------- submit
def idea_submit(*, round: Round, language: str, title: str, description: str, category: str, target_group: str,
                area=None, lon=None, lat=None, picture=None, image_alt: str = "", display_name: str = "") -> Idea:
    """A resident's idea for ``round`` in its idea phase; stored waiting for staff to check it. The place is a
    point inside Espoo (its district found from the stored boundaries) or, without a point, a district from the
    list. Every field is checked before anything is written; a picture is re-encoded without its metadata and its
    file removed again if the row is not saved."""
    rnd = Round.objects.get(pk=round.pk)
    if rnd.phase != Phase.IDEAS:
        raise ValidationError({"__all__": _("Ideas can be submitted only in the round's idea phase.")})
    errors: dict[str, str] = {}
    title = _text(title, field="title", limit=TITLE_MAX, required_message=_("Give your idea a title."),
                  errors=errors)
    description = _text(description, field="description", limit=DESCRIPTION_MAX,
                        required_message=_("Describe your idea."), errors=errors)
    display_name = _text(display_name, field="display_name", limit=NAME_MAX, required_message=None, errors=errors)
    image_alt = _text(image_alt, field="image_alt", limit=ALT_MAX, required_message=None, errors=errors)
    if category not in IdeaCategory.values:
        errors["category"] = _("Choose the category of your idea.")
    if target_group not in IdeaTargetGroup.values:
        errors["target_group"] = _("Choose whom your idea is for.")
    x, y = _point(lon, lat, errors)
    if x is not None and y is not None:
        found = selectors_ideas.area_at(x, y)
        if found is None:
            errors["area"] = _("The point is outside Espoo: put it inside the city or choose the area from the "
                               "list.")
        else:
            area = found  # the point decides the district
    elif "area" not in errors and area is None:
        errors["area"] = _("Choose the area of your idea from the list, or put a point on the map.")
    if picture is not None and not image_alt:
        errors["image_alt"] = _("Describe the picture for people who cannot see it.")
    if language not in RESPONDENT_LANGUAGES:
        language = "fi"
    content = None
    if picture is not None and "image_alt" not in errors:
        try:
            content = picture_prepare(picture, name=f"idea-{rnd.pk}-{secrets.token_hex(8)}")
        except ValidationError as exc:
            errors["image"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    idea = Idea(round=rnd, language=language, title=title, description=description, area=area, lon=x, lat=y,
                category=category, target_group=target_group, display_name=display_name,
                image_alt=image_alt if content else "")
    new_file = ""
    if content is not None:
        idea.image.save(content.name, content, save=False)
        new_file = idea.image.name
    storage = idea.image.storage
    try:
        with transaction.atomic():
            idea.full_clean()
            idea.save()
            audit_record(actor=None, action="pb_idea.submit", instance=idea,
                         after=snapshot(idea, IDEA_AUDIT_FIELDS))
    except Exception:
        if new_file:
            storage.delete(new_file)  # nothing of a refused idea is kept
        raise
    return idea


# --------------------------------------------------------------------------------------- support, comment
def idea_support_check(*, idea: Idea) -> Round:
    """Refuse (``ValidationError`` on ``code``) a support the idea cannot take now; before any identification."""
    rnd = Round.objects.get(pk=idea.round_id)
    if not idea.is_public:
        raise ValidationError({"code": _("This idea cannot be supported.")})
    if not selectors_ideas.can_support(rnd):
        raise ValidationError({"code": _("Supporting and commenting on ideas has ended in this round.")})
    return rnd


def idea_support(*, idea: Idea, code: str) -> bool:
    """Support a published idea, identified by the round's voting code (the development provider). Counted once
    per person and idea: returns False when this person had already supported it. The code is not used up."""
    rnd = idea_support_check(idea=idea)
    return idea_support_identified(idea=idea, attestation=provider_for(rnd).redeem(round=rnd, code=code))


def idea_support_identified(*, idea: Idea, attestation: Attestation) -> bool:
    """Support a published idea by a person the round's identity provider has identified (a voting code, or
    Suomi.fi through ``views_suomifi``). The attestation's token is the person's voter token of the round (for
    Suomi.fi ``HMAC(K_token, round, person, identity code)``), so the same person gives the same token in every
    session and on every device; only ``HMAC(K_idea-support, idea, token)`` is stored — neither the token, the
    identity code nor anything else of the person. Returns False when this person had already supported it."""
    idea_support_check(idea=idea)
    supporter = keyed("idea-support", idea.pk, attestation.token)
    try:
        with transaction.atomic():
            _row, created = IdeaSupport.objects.get_or_create(idea_id=idea.pk, supporter_hash=supporter)
    except IntegrityError:  # the same person at the same moment in another request
        created = False
    return created


def idea_comment_check(*, idea: Idea, body: str, display_name: str = "") -> tuple[str, str]:
    """The comment's text and the name to show, checked (``ValidationError`` naming the field) before anything is
    written and, in a round with identification, before the person is sent to identify."""
    rnd = Round.objects.get(pk=idea.round_id)
    errors: dict[str, str] = {}
    if not idea.is_public:
        raise ValidationError({"body": _("This idea cannot be commented on.")})
    if not selectors_ideas.can_support(rnd):
        raise ValidationError({"body": _("Supporting and commenting on ideas has ended in this round.")})
    body = _text(body, field="body", limit=COMMENT_MAX, required_message=_("Write a comment."), errors=errors)
    display_name = _text(display_name, field="comment_name", limit=NAME_MAX, required_message=None, errors=errors)
    if errors:
        raise ValidationError(errors)
    return body, display_name


@transaction.atomic
def idea_comment_add(*, idea: Idea, body: str, language: str, display_name: str = "",
                     identified: bool = False) -> IdeaComment:
    """A comment on a published idea: plain text (shown escaped), stored waiting for staff to check it. It is
    shown under the name the person chose (or as anonymous): never a name from an identification.

    ``identified``: the comment is stored in the request that finished the person's identification (Suomi.fi).
    Then no audit row is written, as for supports: its moment would be the moment in the identity provider's log of
    that identification, which names the person. The comment keeps only its day; staff decisions are audited."""
    body, display_name = idea_comment_check(idea=idea, body=body, display_name=display_name)
    comment = IdeaComment(idea=idea, body=body, display_name=display_name,
                          language=language if language in RESPONDENT_LANGUAGES else "fi")
    comment.full_clean()
    comment.save()
    if not identified:
        audit_record(actor=None, action="pb_idea_comment.submit", instance=comment,
                     after=snapshot(comment, ["idea", "language", "state"]))
    return comment


# ------------------------------------------------------------------------------------------------- follow
@transaction.atomic
def idea_follow(*, idea: Idea, email: str, language: str) -> IdeaFollower:
    """Follow a published idea by e-mail (once per address; following again keeps one row and updates the
    language). The follower is told of changes from now on, not of the status the idea already has."""
    address = (email or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": _("Check the e-mail address.")}) from None
    if len(address) > 254:
        raise ValidationError({"email": _("Check the e-mail address.")})
    if not idea.is_public:
        raise ValidationError({"email": _("This idea cannot be followed.")})
    local, _at, domain = address.rpartition("@")
    address = f"{local}@{domain.lower()}"
    language = language if language in RESPONDENT_LANGUAGES else "fi"
    follower, created = IdeaFollower.objects.get_or_create(
        idea=idea, email=address, defaults={"language": language, "notified": selectors_ideas.idea_status_key(idea)})
    if not created and follower.language != language:
        follower.language = language
        follower.save(update_fields=["language"])
    return follower


@transaction.atomic
def idea_unfollow(*, token: str) -> bool:
    """Stop following (the link in every message); True when an address was removed."""
    if not token or len(token) > 40:
        return False
    deleted, _detail = IdeaFollower.objects.filter(token=token).delete()
    return deleted > 0


# --------------------------------------------------------------------------------------------- moderation
def _moderation_values(state: str, reason: str) -> tuple[str, str]:
    if state not in (ModerationState.PUBLISHED, ModerationState.HIDDEN):
        raise ValidationError({"state": _("Choose whether to publish or hide.")})
    reason = (reason or "").strip()
    if state == ModerationState.HIDDEN and not reason:
        raise ValidationError({"reason": _("Give the reason for hiding.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("At most %(n)d characters, please: now %(m)d.")
                               % {"n": REASON_MAX, "m": len(reason)}})
    return state, reason


@transaction.atomic
def idea_moderate(*, actor, idea: Idea, state: str, reason: str = "") -> Idea:
    """Publish or hide an idea (hiding needs a reason, shown in place of the idea to its followers)."""
    state, reason = _moderation_values(state, reason)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    before = snapshot(idea, IDEA_AUDIT_FIELDS)
    idea.state = state
    idea.moderation_reason = reason if state == ModerationState.HIDDEN else ""
    idea.full_clean()
    idea.save()
    audit_record(actor=actor, action=f"pb_idea.{state}", instance=idea, before=before,
                 after=snapshot(idea, IDEA_AUDIT_FIELDS), note=reason)
    followers_notify_enqueue(round_id=idea.round_id)
    return idea


@transaction.atomic
def idea_comment_moderate(*, actor, comment: IdeaComment, state: str, reason: str = "") -> IdeaComment:
    state, reason = _moderation_values(state, reason)
    comment = IdeaComment.objects.select_for_update().get(pk=comment.pk)
    before = snapshot(comment, ["state", "moderation_reason"])
    comment.state = state
    comment.moderation_reason = reason if state == ModerationState.HIDDEN else ""
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action=f"pb_idea_comment.{state}", instance=comment, before=before,
                 after=snapshot(comment, ["state", "moderation_reason"]), note=reason)
    return comment


@transaction.atomic
def idea_to_proposal(*, actor, idea: Idea, pool: Pool | None, title_fi: str, description_fi: str = "",
                     image_alt_fi: str = "") -> Proposal:
    """Take a published idea forward as a proposal of the round (``Proposal``, status submitted): its Finnish
    title and description as staff wrote them (the resident may have written in another language), the place and
    the proposer's display name; its picture too when staff describe it in Finnish. The idea links to the
    proposal, so its page follows the proposal's path."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if not idea.is_public:
        raise ValidationError({"proposal": _("Publish the idea before taking it forward.")})
    if idea.proposal_id:
        raise ValidationError({"proposal": _("The idea has already been taken forward as a proposal.")})
    if pool is None or pool.round_id != idea.round_id:
        raise ValidationError({"pool": _("Choose one of this round's budget pools.")})
    if not (title_fi or "").strip():
        raise ValidationError({"title_fi": _("Give the proposal a Finnish title.")})
    before = snapshot(idea, IDEA_AUDIT_FIELDS)
    proposal = proposal_create(actor=actor, round=idea.round, pool=pool, title_fi=title_fi.strip()[:300],
                               description_fi=(description_fi or "").strip(), proposer=idea.display_name,
                               place_fi=idea.area.name_fi, place_sv=idea.area.name_sv)
    if idea.image and (image_alt_fi or "").strip():
        with idea.image.open("rb") as handle:
            proposal = proposal_card_update(actor=actor, proposal=proposal, picture=File(handle, name="idea"),
                                            image_alt_fi=image_alt_fi.strip(), place_fi=proposal.place_fi,
                                            place_sv=proposal.place_sv, proposer=proposal.proposer)
    idea.proposal = proposal
    idea.save(update_fields=["proposal"])
    audit_record(actor=actor, action="pb_idea.to_proposal", instance=idea, before=before,
                 after=snapshot(idea, IDEA_AUDIT_FIELDS))
    followers_notify_enqueue(round_id=idea.round_id)
    return proposal
