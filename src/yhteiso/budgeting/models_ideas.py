"""Residents' ideas of a participatory-budgeting round (issue 15 item 2): the idea, its supports, comments and
followers.

Privacy design:
* ``Idea`` and ``IdeaComment`` hold what the resident chose to publish (an optional display name; anonymous by
  default) and the language they wrote in; never the client's address (the rate limit keeps only a keyed hash of it
  in the cache, ``respondents.ratelimit``) nor anything from the voter identification.
* ``IdeaSupport`` holds only ``supporter_hash`` = HMAC(K_idea-support, idea, voter token): one row per person and
  idea, no timestamp, no link to the roll (``Voter``) or to a ballot. The voter token itself is never stored, and
  the roll hash is derived under another key, so the two tables cannot be joined without the server's key and the
  person's identification (voting code or Suomi.fi).
* ``IdeaFollower`` is the only place an e-mail address is kept: apart from the idea's author, supports and
  comments, with a random token for the unsubscribe link in every message. Deleting the row is unsubscribing.

Moderation (docs/methods/participatory-budgeting-ideas.md): ideas and comments are checked by staff *before* they
are shown (``ModerationState.PENDING`` → ``PUBLISHED`` or ``HIDDEN`` with a reason); a published item can be hidden
later, and a hidden one restored. Each decision is audited.
"""

from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yhteiso.core.languages import RESPONDENT_LANGUAGES

TITLE_MAX = 120
DESCRIPTION_MAX = 3000
COMMENT_MAX = 1000
NAME_MAX = 60
ALT_MAX = 250


class IdeaCategory(models.TextChoices):
    LEISURE = "leisure", _("sport and leisure")
    NATURE = "nature", _("nature and environment")
    CULTURE = "culture", _("culture and events")
    COMMUNITY = "community", _("community and encounters")
    LEARNING = "learning", _("learning and skills")
    SAFETY = "safety", _("safety and accessibility")
    OTHER = "other", _("something else")


class IdeaTargetGroup(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    CHILDREN = "children", _("children and families")
    YOUNG = "young", _("young people")
    OLDER = "older", _("older people")
    DISABLED = "disabled", _("people with disabilities")
    NEWCOMERS = "newcomers", _("people who have moved to Finland")


class ModerationState(models.TextChoices):
    PENDING = "pending", _("waiting for checking")
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden")


class Idea(models.Model):
    """A resident's idea for a round, written in one of the respondent languages."""

    round = models.ForeignKey("budgeting.Round", verbose_name=_("round"), on_delete=models.CASCADE,
                              related_name="ideas")
    language = models.CharField(_("language"), max_length=12)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    image = models.FileField(_("picture"), upload_to="budgeting/ideas/", blank=True)
    image_alt = models.CharField(_("description of the picture"), max_length=ALT_MAX, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=IdeaCategory.choices)
    target_group = models.CharField(_("target group"), max_length=20, choices=IdeaTargetGroup.choices)
    display_name = models.CharField(_("name shown publicly"), max_length=NAME_MAX, blank=True)
    state = models.CharField(_("moderation"), max_length=10, choices=ModerationState.choices,
                             default=ModerationState.PENDING)
    moderation_reason = models.CharField(_("reason"), max_length=500, blank=True)
    proposal = models.OneToOneField("budgeting.Proposal", verbose_name=_("proposal"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="idea")
    submitted_on = models.DateField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.CheckConstraint(condition=Q(lon__isnull=True, lat__isnull=True)
                                   | Q(lon__isnull=False, lat__isnull=False), name="pb_idea_point_whole"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state == ModerationState.PUBLISHED

    @property
    def language_name(self) -> str:
        """The name of the language it was written in, in that language (for staff)."""
        return RESPONDENT_LANGUAGES.get(self.language, (self.language, ""))[0]

    @property
    def picture_version(self) -> str:
        return self.image.name.rsplit("/", 1)[-1].split(".")[0][-8:] if self.image else ""

    def clean(self) -> None:
        if not self.title.strip():
            raise ValidationError({"title": _("Give your idea a title.")})
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the picture for people who cannot see it.")})
        if self.state == ModerationState.HIDDEN and not self.moderation_reason.strip():
            raise ValidationError({"moderation_reason": _("Give the reason for hiding.")})


class IdeaSupport(models.Model):
    """One person's support of one idea: a keyed hash only; no time, no link to the roll or a ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    supporter_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("support of an idea")
        verbose_name_plural = _("supports of ideas")
        constraints = [models.UniqueConstraint(fields=["idea", "supporter_hash"], name="pb_idea_support_once")]

    def __str__(self) -> str:
        return f"{self.idea_id}:{self.supporter_hash[:8]}"


class IdeaComment(models.Model):
    """A comment on an idea: plain text (always escaped when shown), shown after staff have checked it."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="comments")
    language = models.CharField(_("language"), max_length=12)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)
    display_name = models.CharField(_("name shown publicly"), max_length=NAME_MAX, blank=True)
    state = models.CharField(_("moderation"), max_length=10, choices=ModerationState.choices,
                             default=ModerationState.PENDING)
    moderation_reason = models.CharField(_("reason"), max_length=500, blank=True)
    written_on = models.DateField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("comment on an idea")
        verbose_name_plural = _("comments on ideas")

    def __str__(self) -> str:
        return self.body[:40]

    def clean(self) -> None:
        if not self.body.strip():
            raise ValidationError({"body": _("Write a comment.")})
        if self.state == ModerationState.HIDDEN and not self.moderation_reason.strip():
            raise ValidationError({"moderation_reason": _("Give the reason for hiding.")})


def new_follow_token() -> str:
    return secrets.token_urlsafe(24)


class IdeaFollower(models.Model):
    """An e-mail address that gets a message when the idea's status changes. Kept apart from everything else;
    ``notified`` is the status last told to this address (so a message is sent once per change, retries
    included)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=12)
    token = models.CharField(max_length=40, unique=True, default=new_follow_token, editable=False)
    notified = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name = _("follower of an idea")
        verbose_name_plural = _("followers of ideas")
        constraints = [models.UniqueConstraint(fields=["idea", "email"], name="pb_idea_follower_once")]

    def __str__(self) -> str:
        return f"{self.idea_id}:{self.pk}"
