"""Open periods: behaviour shared by every resident-facing survey model — a title in several languages and an
answering period. The model needs ``title`` (language → text), ``status`` (``"published"`` when open for answers),
``opens_at`` and ``closes_at``."""

from __future__ import annotations

from django.utils import timezone

from yhteiso.respondents.texts import text_in

PUBLISHED = "published"


class OpenForAPeriod:
    """Mixin for survey-like models."""

    def title_in(self, language: str) -> str:
        return text_in(self.title, language)

    def is_open(self, now=None) -> bool:
        """Published, and ``now`` is within the answering period (open-ended where a bound is empty)."""
        now = now or timezone.now()
        if self.status != PUBLISHED:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)
