"""Communication: news items of a project, shown on the project's public page; the communication plan and the
campaigns and communication actions of projects and of the programme. Imported by ``models.py``; writes
go through ``services_comms.py``. A news item dated in the future stays unpublished until its date."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yhteiso.core import formatting
from yhteiso.core.localisation import Localized
from yhteiso.programme.models import PROGRAMME_END, PROGRAMME_START, Programme, ProgrammeRowMixin, Project


class ProjectNews(models.Model):
    """A short news item of a project (what happened, what is coming), written by its owners or staff."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="news")
    title = models.CharField(_("headline"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    published_on = models.DateField(_("publication date"),
                                    help_text=_("The item appears on the project's public page from this date."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["project", "-published_on", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, list] = {}
        # Only spaces: empty once stripped (an empty field is already refused as required, so not said twice).
        raw_title, raw_body = self.title or "", self.body or ""
        self.title, self.body = raw_title.strip(), raw_body.strip()
        if raw_title and not self.title:
            errors.setdefault("title", []).append(_("Give the headline."))
        if raw_body and not self.body:
            errors.setdefault("body", []).append(_("Write the text of the news item."))
        if self.published_on and not PROGRAMME_START <= self.published_on <= PROGRAMME_END:
            errors.setdefault("published_on", []).append(
                _("The date %(date)s is outside the programme period %(start)s–%(end)s.") % {
                    "date": formatting.date(self.published_on), "start": formatting.date(PROGRAMME_START),
                    "end": formatting.date(PROGRAMME_END)})
        if errors:
            raise ValidationError(errors)


# --- The communication plan and its campaigns (issue 14 item 6) ------------------------------------------------


class CommsPlan(ProgrammeRowMixin, Localized, models.Model):
    """A programme's communication plan: its goals, key messages and audiences in fi/sv/en. One per programme
    (``selectors_comms.comms_plan`` fetches or creates it); kept by programme staff."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="comms_plans")
    goals_fi = models.TextField(_("goals (Finnish)"), blank=True, max_length=5000)
    goals_sv = models.TextField(_("goals (Swedish)"), blank=True, max_length=5000)
    goals_en = models.TextField(_("goals (English)"), blank=True, max_length=5000)
    key_messages_fi = models.TextField(_("key messages (Finnish)"), blank=True, max_length=5000)
    key_messages_sv = models.TextField(_("key messages (Swedish)"), blank=True, max_length=5000)
    key_messages_en = models.TextField(_("key messages (English)"), blank=True, max_length=5000)
    audiences_fi = models.TextField(_("audiences (Finnish)"), blank=True, max_length=5000)
    audiences_sv = models.TextField(_("audiences (Swedish)"), blank=True, max_length=5000)
    audiences_en = models.TextField(_("audiences (English)"), blank=True, max_length=5000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")
        constraints = [models.UniqueConstraint(fields=["programme"], name="programme_one_comms_plan")]

    def __str__(self) -> str:
        return str(_("communication plan"))


class CommsKind(models.TextChoices):
    CAMPAIGN = "campaign", _("campaign")
    ACTION = "action", _("communication action")


class CommsChannel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("social media")
    NEWSLETTER = "newsletter", _("newsletter")
    EVENT = "event", _("event")
    PRESS = "press", _("press and media")
    WEB = "web", _("web pages")
    PRINTED = "printed", _("printed material")
    OUTDOOR = "outdoor", _("outdoor advertising")
    DIRECT = "direct", _("face-to-face outreach")


class CommsStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("carried out and evaluated")


class CommsRating(models.IntegerChoices):
    POOR = 1, _("1 – did not work")
    WEAK = 2, _("2 – worked poorly")
    PARTLY = 3, _("3 – worked in part")
    GOOD = 4, _("4 – worked well")
    EXCELLENT = 5, _("5 – worked very well")


class CommsCampaign(ProgrammeRowMixin, Localized, models.Model):
    """A communication campaign or action, of a project or of the programme as a whole (no project): when, through
    which channels, for whom, how many people it reached (and where that figure comes from), and its evaluation. A
    campaign or action carried out and evaluated counts towards the indicator with a count-of-campaigns target
    (3.4 in the plan).

    ``programme`` is the programme whose communication it is: the programme's own campaigns name it (the default
    programme when written without one); a project's campaign gets the project's lead programme."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="campaigns")
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="campaigns",
                                help_text=_("Leave empty for the programme's own communication."))
    kind = models.CharField(_("kind"), max_length=20, choices=CommsKind.choices, default=CommsKind.CAMPAIGN)
    title_fi = models.CharField(_("name (Finnish)"), max_length=200)
    title_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    title_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CommsStatus.choices, default=CommsStatus.PLANNED)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    audiences = models.CharField(_("audiences"), max_length=300,
                                 help_text=_("Whom the communication is for, e.g. young adults in Leppävaara."))
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    reach_people = models.IntegerField(
        _("people reached"), null=True, blank=True,
        validators=[MinValueValidator(0, message=_("People reached must be a whole number of at least zero."))])
    reach_source = models.CharField(
        _("source of the reach figure"), max_length=300, blank=True,
        help_text=_("Where the number comes from, e.g. the social media service's statistics or a head count."))
    evaluation = models.TextField(_("what worked"), blank=True, max_length=5000,
                                  help_text=_("The evaluation: what worked, what did not, feedback received."))
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True, choices=CommsRating.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("campaign or communication action")
        verbose_name_plural = _("campaigns and communication actions")

    def __str__(self) -> str:
        return self.title_fi

    @property
    def channel_choices(self) -> list[tuple[str, str]]:
        """The channels as (code, words), in the order of the fixed list."""
        chosen = set(self.channels or [])
        return [(value, str(label)) for value, label in CommsChannel.choices if value in chosen]

    def _fill_programme(self) -> None:
        """A project's campaign belongs to the project's lead programme; the programme's own to the one named
        (the default programme when none is)."""
        if self.project_id is not None:
            self.programme_id = (Project.objects.filter(pk=self.project_id).values_list("programme_id", flat=True)
                                 .first() or self.programme_id)
        super()._fill_programme()

    @property
    def channel_labels(self) -> list[str]:
        """The channels in words, in the order of the fixed list."""
        return [label for _code, label in self.channel_choices]

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def add(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        raw = self.title_fi or ""
        self.title_fi = raw.strip()
        if raw and not self.title_fi:
            add("title_fi", _("Give the name in Finnish."))
        channels = self.channels if isinstance(self.channels, list) else None
        known = set(CommsChannel.values)
        if channels is None or any(c not in known for c in channels):
            add("channels", _("Choose the channels from the list."))
        elif not channels:
            add("channels", _("Choose at least one channel."))
        else:
            self.channels = [c for c in CommsChannel.values if c in set(channels)]
        if self.start_date and self.end_date and self.end_date < self.start_date:
            add("end_date", _("The end date must not be before the start date."))
        for name in ("start_date", "end_date"):
            day = getattr(self, name)
            if day and not PROGRAMME_START <= day <= PROGRAMME_END:
                add(name, _("The date %(date)s is outside the programme period %(start)s–%(end)s.") % {
                    "date": formatting.date(day), "start": formatting.date(PROGRAMME_START),
                    "end": formatting.date(PROGRAMME_END)})
        self.reach_source = (self.reach_source or "").strip()
        if self.reach_people is not None and self.reach_people > 0 and not self.reach_source:
            add("reach_source", _("Say where the number of people reached comes from."))
        if self.status == CommsStatus.COMPLETED:
            if not self.end_date:
                add("end_date", _("A campaign or action carried out needs its end date."))
            if not (self.evaluation or "").strip():
                add("evaluation", _("A campaign or action carried out needs its evaluation: write what worked."))
            if self.rating is None:
                add("rating", _("A campaign or action carried out needs its rating."))
        if errors:
            raise ValidationError(errors)
