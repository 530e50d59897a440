"""Sending one e-mail notice: in the recipient's language, plain text with an HTML alternative, with a signed link
that switches this kind of notice off (works without signing in; a forged or altered link is refused)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from yhteiso.notices.models import NoticeKind, NoticeOptOut, NoticePreference, SentNotice

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "yhteiso.notices.unsubscribe"


@dataclass
class Notice:
    """One notice to one user. ``subject`` is an English source string (``gettext_noop``) with ``%(name)s``
    parameters from ``subject_params``; the body comes from ``notices/email/<template>.txt`` and ``.html``.
    ``attachments(language)`` returns ``(filename, bytes, mimetype)`` tuples in the recipient's language."""

    user: Any
    kind: str
    key: str
    subject: str
    template: str
    subject_params: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)
    attachments: Callable[[str], list[tuple[str, bytes, str]]] | None = None


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) of a genuine link, or None for a forged, altered or malformed one."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or data.get("k") not in NoticeKind.values:
        return None
    return data["u"], data["k"]


def site_url(path: str) -> str:
    return settings.YHTEISO_SITE_URL + path


def user_language(user) -> str:
    pref = NoticePreference.objects.filter(user=user).first()
    return pref.language if pref else "fi"


def wants(user, kind: str) -> bool:
    return bool(user.is_active and user.email) and not NoticeOptOut.objects.filter(user=user, kind=kind).exists()


def notice_send(notice: Notice) -> bool:
    """Send one notice unless the user has no address, switched this kind off, or already got it. Returns whether
    it was sent. The record of sending is written only after the mail server accepted the message."""
    user = notice.user
    if not wants(user, notice.kind):
        return False
    if SentNotice.objects.filter(kind=notice.kind, key=notice.key, email=user.email).exists():
        return False
    language = user_language(user)
    with translation.override(language):
        off_url = site_url(reverse("notices:unsubscribe", args=[unsubscribe_token(user, notice.kind)]))
        context = {**notice.context, "user": user, "language": language, "unsubscribe_url": off_url,
                   "preferences_url": site_url(reverse("notices:preferences")),
                   "kind_label": NoticeKind(notice.kind).label, "site_url": settings.YHTEISO_SITE_URL}
        subject = gettext(notice.subject) % notice.subject_params if notice.subject_params \
            else gettext(notice.subject)
        text = render_to_string(f"notices/email/{notice.template}.txt", context)
        html = render_to_string(f"notices/email/{notice.template}.html", context)
        attachments = notice.attachments(language) if notice.attachments else []
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[user.email],
        headers={"List-Unsubscribe": f"<{off_url}>", "Content-Language": language,
                 "Auto-Submitted": "auto-generated"})
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
    try:
        with transaction.atomic():
            SentNotice.objects.create(kind=notice.kind, key=notice.key[:100], user=user, email=user.email,
                                      language=language)
    except IntegrityError:  # another worker sent the same notice at the same moment
        logger.warning("notice %s %s to user %s was sent twice", notice.kind, notice.key, user.pk)
    return True


def notices_send(notices: list[Notice]) -> int:
    sent = 0
    for notice in notices:
        try:
            sent += notice_send(notice)
        except OSError:  # SMTP down: the others are still tried; the task fails and reports it
            logger.exception("could not send notice %s %s to user %s", notice.kind, notice.key, notice.user.pk)
            raise
    return sent
