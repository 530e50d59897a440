"""E-mail notices: each user's language for notices, the kinds they switched off, and what was sent (so a notice
is never sent twice, even when the daily reminders run twice or a job is retried)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    AGENDA_SENT = "agenda_sent", _("Agenda of a steering-group meeting")
    MINUTES_TO_CHECK = "minutes_to_check", _("Minutes ready for checking")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
    REPORTING_DEADLINE = "reporting_deadline", _("Reporting deadline in two weeks")
    PROPOSAL_COMMENT = "proposal_comment", _("New comment on a proposal")
    PROPOSAL_OUTCOME = "proposal_outcome", _("Your proposal returned for changes or decided")


class NoticeLanguage(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")


class NoticePreference(models.Model):
    """A user's language for e-mail notices (Finnish unless chosen otherwise)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="notice_preference")
    language = models.CharField(_("language of notices"), max_length=5, choices=NoticeLanguage.choices,
                                default=NoticeLanguage.FI)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class NoticeOptOut(models.Model):
    """A kind of notice a user has switched off."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notice_opt_outs")
    kind = models.CharField(_("kind of notice"), max_length=30, choices=NoticeKind.choices)
    created_at = models.DateTimeField(_("switched off"), auto_now_add=True)

    class Meta:
        verbose_name = _("switched-off notice")
        verbose_name_plural = _("switched-off notices")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notices_opt_out_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class SentNotice(models.Model):
    """One notice sent to one address about one thing (``key``, e.g. the meeting's id)."""

    kind = models.CharField(_("kind of notice"), max_length=30, choices=NoticeKind.choices)
    key = models.CharField(_("about"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL,
                             related_name="+")
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=5)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("sent notice")
        verbose_name_plural = _("sent notices")
        constraints = [models.UniqueConstraint(fields=["kind", "key", "email"], name="notices_sent_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.email}"
