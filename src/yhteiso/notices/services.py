"""Writes of notice preferences (audited)."""

from __future__ import annotations

from django.db import transaction

from yhteiso.core.audit import audit_record
from yhteiso.notices.models import NoticeKind, NoticeLanguage, NoticeOptOut, NoticePreference


@transaction.atomic
def notice_opt_out(*, user, kind: str, actor=None, via: str = "") -> bool:
    """Switch one kind of notice off for ``user``; True when it was on."""
    if kind not in NoticeKind.values:
        raise ValueError(f"unknown notice kind {kind!r}")
    _row, created = NoticeOptOut.objects.get_or_create(user=user, kind=kind)
    if created:
        audit_record(actor=actor or user, action="notice.off", object_type="notices.noticeoptout",
                     object_id=user.pk, after={"kind": kind}, note=via)
    return created


@transaction.atomic
def notice_preferences_save(*, user, language: str, enabled: list[str], actor) -> NoticePreference:
    """Set the user's notice language and which kinds are on (the others are switched off)."""
    if language not in NoticeLanguage.values:
        raise ValueError(f"unknown language {language!r}")
    pref, _created = NoticePreference.objects.update_or_create(user=user, defaults={"language": language})
    before = sorted(NoticeOptOut.objects.filter(user=user).values_list("kind", flat=True))
    off = sorted(set(NoticeKind.values) - set(enabled))
    NoticeOptOut.objects.filter(user=user).exclude(kind__in=off).delete()
    for kind in off:
        NoticeOptOut.objects.get_or_create(user=user, kind=kind)
    audit_record(actor=actor, action="notice.preferences", object_type="notices.noticepreference",
                 object_id=user.pk, before={"off": before}, after={"off": off, "language": language})
    return pref
