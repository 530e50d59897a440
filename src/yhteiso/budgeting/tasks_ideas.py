"""E-mail to the followers of ideas when an idea's status changes, sent by the worker (``yhteiso worker``).

What changes an idea's status: staff moderation and taking it forward (``services_ideas``), and everything that
changes its proposal or its round (assessments, phases, results — written by ``services`` and the staff-run round
pages). Rather than asking each of those writers to remember the followers, a save of a ``Proposal`` or a ``Round``
queues :func:`idea_followers_notify` for the round when someone follows one of its ideas (:func:`connect`, called
from the app's ``ready``). The job compares each follower's last told status (``IdeaFollower.notified``) with the
idea's status now, so a change is told once, a retried job sends nothing twice, and saves that change nothing send
nothing. Messages go in the language the follower followed in, with the unsubscribe link (also as
``List-Unsubscribe``)."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_tasks import task

from yhteiso.budgeting import selectors_ideas
from yhteiso.budgeting.models import Proposal, Round
from yhteiso.budgeting.models_ideas import Idea, IdeaFollower
from yhteiso.budgeting.selectors import results_visible
from yhteiso.notices.mail import site_url

logger = logging.getLogger(__name__)


def _message(idea: Idea, follower: IdeaFollower) -> EmailMessage:
    language = follower.language
    query = "?" + urlencode({"kieli": language})
    with translation.override(language):
        path = selectors_ideas.idea_path(idea, show_results=results_visible(idea.round))
        current = next(s for s in path if s["state"] == "current")
        off_url = site_url(reverse("budgeting:idea-unfollow", args=[idea.round.slug, follower.token]) + query)
        context = {"idea": idea, "round": idea.round, "step": str(current["label"]),
                   "status": selectors_ideas.idea_status_text(idea, show_results=results_visible(idea.round)),
                   "idea_url": site_url(reverse("budgeting:idea", args=[idea.round.slug, idea.pk]) + query),
                   "unsubscribe_url": off_url}
        subject = _("News about the idea “%(title)s”") % {"title": idea.title}
        body = render_to_string("budgeting/ideas/email/status.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[follower.email],
                        headers={"List-Unsubscribe": f"<{off_url}>", "Content-Language": language,
                                 "Auto-Submitted": "auto-generated"})


def followers_notify(*, round_id: int) -> int:
    """Tell every follower of the round's ideas whose idea changed since they were last told; returns the number
    of messages sent. The follower's row is updated only after the mail server accepted the message."""
    sent = 0
    ideas = Idea.objects.filter(round_id=round_id, followers__isnull=False).distinct().select_related(
        "round", "proposal", "area")
    for idea in ideas:
        key = selectors_ideas.idea_status_key(idea)
        for follower in IdeaFollower.objects.filter(idea=idea).exclude(notified=key):
            _message(idea, follower).send()
            IdeaFollower.objects.filter(pk=follower.pk).update(notified=key)
            sent += 1
    return sent


@task()
def idea_followers_notify(round_id: int) -> int:
    sent = followers_notify(round_id=round_id)
    logger.info("idea followers of round %s: %d messages", round_id, sent)
    return sent


def followers_notify_enqueue(*, round_id: int) -> None:
    """Queue the followers' messages of a round, if anyone follows its ideas. Call it inside the writer's
    transaction: the database queue shows the job to the worker when the change commits, and drops it with a
    rollback."""
    if IdeaFollower.objects.filter(idea__round_id=round_id).exists():
        idea_followers_notify.enqueue(int(round_id))


def _proposal_saved(sender, instance: Proposal, raw: bool = False, **kwargs) -> None:
    if not raw and Idea.objects.filter(proposal_id=instance.pk).exists():
        followers_notify_enqueue(round_id=instance.round_id)


def _round_saved(sender, instance: Round, raw: bool = False, created: bool = False, **kwargs) -> None:
    if not raw and not created:
        followers_notify_enqueue(round_id=instance.pk)


def connect() -> None:
    post_save.connect(_proposal_saved, sender=Proposal, dispatch_uid="budgeting-ideas-proposal-saved")
    post_save.connect(_round_saved, sender=Round, dispatch_uid="budgeting-ideas-round-saved")
