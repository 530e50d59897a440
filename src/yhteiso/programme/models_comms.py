"""Communication: news items of a project, shown on the project's public page. Imported by ``models.py``; writes
go through ``services_comms.py``. A news item dated in the future stays unpublished until its date."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yhteiso.core import formatting
from yhteiso.programme.models import PROGRAMME_END, PROGRAMME_START, Project


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
