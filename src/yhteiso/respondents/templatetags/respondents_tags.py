"""Template tags the resident-facing apps put on their pages: the follow-up form at the end of a survey, map survey
or ballot, and the link to the published "what we heard, what we did" page."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


# The profile form's HTML apart from its two per-page values (the form's token, the CSRF token), by everything else
# it is drawn from: the same questions, options and words give the same HTML. Drawing its three questions and their
# twenty-odd options took about 3 ms of the 14 ms of a ballot's confirmation page, which all 500 voters of issue
# 12's voting load ask for in the same few seconds (and every survey's thank-you page shows the form too).
_TOKEN_SLOT, _CSRF_SLOT = "yhteisoprofiletokenslot", "yhteisocsrftokenslot"
_DRAWN: dict[tuple, str] = {}
_DRAWN_MAX = 64  # languages x question sets x area lists in use at once; more only redraws


@register.simple_tag(takes_context=True)
def profile_form(context, kind: str, pk: int, role: str, language: str = "fi", fields=None):
    """``{% profile_form "round" round.pk "voter" lang %}``: the optional background profile (posted apart from
    the ballot, idea or answer, to its own address; one form gives one profile). ``fields``: the questions asked
    (default all of ``profiles.FIELDS``)."""
    form = profile_form_context(_TOKEN_SLOT, language, fields=fields)
    key = (language, repr(form["questions"]), form["no_answer"], tuple(form["p"].items()))
    drawn = _DRAWN.get(key)
    if drawn is None:
        drawn = render_to_string("respondents/_profile_form.html", {**form, "csrf_token": _CSRF_SLOT})
        if len(_DRAWN) >= _DRAWN_MAX:
            _DRAWN.clear()
        _DRAWN[key] = drawn
    return mark_safe(drawn.replace(_TOKEN_SLOT, escape(profile_token(kind, pk, role)))  # noqa: S308 (escaped)
                     .replace(_CSRF_SLOT, escape(str(context.get("csrf_token") or ""))))
