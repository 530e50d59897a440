"""Template tags the resident-facing apps put on their pages: the follow-up form at the end of a survey, map survey
or ballot, and the link to the published "what we heard, what we did" page."""

from __future__ import annotations

from django import template
from django.urls import reverse

from yhteiso.respondents.feedback import published_feedback
from yhteiso.respondents.followup import subject_token
from yhteiso.respondents.profiles import profile_token
from yhteiso.respondents.texts_feedback import fphrase
from yhteiso.respondents.views_profile import profile_form_context

register = template.Library()


@register.inclusion_tag("respondents/_follow_up_form.html", takes_context=True)
def follow_up_form(context, kind: str, pk: int, language: str = "fi"):
    """``{% follow_up_form "survey" survey.pk lang %}``: where a participant may leave an address (posted apart
    from the answer, to its own address)."""
    return {"token": subject_token(kind, pk), "lang": language, "csrf_token": context.get("csrf_token"),
            "f": {key: fphrase(key, language) for key in ("follow_title", "follow_body", "follow_email",
                                                          "follow_submit")}}


@register.inclusion_tag("respondents/_feedback_link.html")
def feedback_link(kind: str, pk: int, language: str = "fi"):
    """``{% feedback_link "survey" survey.pk lang %}``: a link to the published page, or nothing."""
    if published_feedback(kind, pk) is None:
        return {"url": ""}
    return {"url": reverse("respondents:feedback", args=[kind, pk]) + f"?kieli={language}",
            "label": fphrase("closed_link", language)}


@register.inclusion_tag("respondents/_profile_form.html", takes_context=True)
def profile_form(context, kind: str, pk: int, role: str, language: str = "fi", fields=None):
    """``{% profile_form "round" round.pk "voter" lang %}``: the optional background profile (posted apart from
    the ballot, idea or answer, to its own address; one form gives one profile). ``fields``: the questions asked
    (default all of ``profiles.FIELDS``)."""
    return {**profile_form_context(profile_token(kind, pk, role), language, fields=fields),
            "csrf_token": context.get("csrf_token")}
