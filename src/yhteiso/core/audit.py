"""Writing the audit log. Call :func:`audit_record` inside the same ``transaction.atomic`` block as the change."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from yhteiso.core.formatting import money
from yhteiso.core.localisation import field_texts, localized_text
from yhteiso.core.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values as JSON-friendly data (foreign keys as ids)."""
    result: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        result[field.name] = _jsonable(getattr(instance, field.attname))
    return result


@dataclass(frozen=True)
class AuditNote:
    """A note the platform writes itself, shown in the reader's language: ``message`` is the English source text,
    marked for translation where it is written (``gettext_noop``), with ``%(name)s`` placeholders filled from
    ``params`` when the note is shown. A parameter that is itself an :class:`AuditNote` (a choice's label, see
    :func:`audit_label`) is translated too; other parameters (numbers, codes, names, text people typed) are shown as
    they are.

    >>> note = AuditNote(gettext_noop("Voting codes issued: %(count)s"), {"count": 3})
    >>> note_render(*note_stored(note), language=None)
    'Voting codes issued: 3'
    """

    message: str
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class AuditContent:
    """Content in each language (a ``*_fi`` / ``*_sv`` / ``*_en`` field) as a note's parameter, shown in the
    reader's language by the one fallback rule (:mod:`yhteiso.core.localisation`)."""

    texts: Mapping[str, str]


def audit_content(obj: Any, field: str) -> AuditContent:
    """``obj``'s content field ``field`` in every language, for a note's parameter."""
    return AuditContent(field_texts(obj, field))


@dataclass(frozen=True)
class AuditMoney:
    """An amount of euros as a note's parameter, written with the reader's separators when the note is shown
    ("1 200 €" in Finnish, "1,200 €" in English), not the writer's."""

    amount: decimal.Decimal


def audit_label(label: Any) -> AuditNote:
    """A translatable label (e.g. a model choice's ``get_FOO_display()``) as a note shown in the reader's language:
    its source text is taken with translation switched off."""
    with translation.override(None):
        return AuditNote(str(label))


def note_stored(note: AuditNote) -> tuple[str, dict[str, Any]]:
    """The (message, parameters) pair stored for ``note``; nested notes become ``{"_note": …, "_params": …}``."""
    def param(value: Any) -> Any:
        if isinstance(value, AuditNote):
            message, params = note_stored(value)
            return {"_note": message, "_params": params}
        if isinstance(value, AuditContent):
            return {"_texts": {str(k): str(v or "") for k, v in value.texts.items()}}
        if isinstance(value, AuditMoney):
            return {"_money": str(value.amount)}
        return _jsonable(value)
    return note.message, {str(k): param(v) for k, v in note.params.items()}


def note_render(message: str, params: Mapping[str, Any] | None, *, language: str | None = "") -> str:
    """A stored note in ``language`` (the active language when ``""``; the English source when ``None``). A
    translation that does not fit its parameters falls back to the English source text."""
    if language is None or language:
        with translation.override(language):
            return note_render(message, params)

    def param(value: Any) -> Any:
        if isinstance(value, dict) and "_note" in value:
            return note_render(str(value["_note"]), value.get("_params"))
        if isinstance(value, dict) and "_texts" in value:
            return localized_text(value["_texts"])
        if isinstance(value, dict) and "_money" in value:
            return money(decimal.Decimal(str(value["_money"])))
        return value
    values = {k: param(v) for k, v in (params or {}).items()}
    for text in (gettext(message), message):
        try:
            return text % values if values or "%(" in text else text
        except (KeyError, TypeError, ValueError):
            continue
    return message


# Notes of rows written before notes were stored as messages (plain English text): the ones the platform wrote are
# recognised here and shown in the reader's language too; any other old note (typed by a person) is shown as it is.
_LEGACY_NOTES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?P<count>\d+) voting codes issued to named persons"),
     gettext_noop("Voting codes issued to named persons: %(count)s")),
    (re.compile(r"(?P<count>\d+) voting codes issued"), gettext_noop("Voting codes issued: %(count)s")),
    (re.compile(r"(?P<projects>\d+) projects, (?P<ballots>\d+) ballots"),
     gettext_noop("Projects: %(projects)s, ballots: %(ballots)s")),
    (re.compile(r"merged into (?P<code>\S+)"), gettext_noop("Merged into %(code)s")),
    (re.compile(r"union of (?P<codes>.+)"), gettext_noop("Union of %(codes)s")),
    (re.compile(r"approval recorded on behalf of the checker (?P<checker>.+)"),
     gettext_noop("Approval recorded on behalf of the checker %(checker)s")),
    (re.compile(r"(?P<note>.*) \(effects pending the minutes\)", re.S),
     gettext_noop("%(note)s (effects pending the minutes)")),
]
_LEGACY_FIXED = {text: text for text in (
    gettext_noop("agenda sent"), gettext_noop("agenda sent late"), gettext_noop("minutes drafted"),
    gettext_noop("minutes checked"), gettext_noop("minutes published"), gettext_noop("approved by the checker"),
    gettext_noop("demo: example meeting"),
    gettext_noop("demo: example text"),
)}


def audit_note_text(event: AuditEvent) -> str:
    """The event's note in the active language: a stored message translated, an older note the platform wrote
    recognised and translated, any other note as it was typed."""
    if event.note_message:
        return note_render(event.note_message, event.note_params)
    note = event.note or ""
    if note in _LEGACY_FIXED:
        return gettext(note)
    for pattern, message in _LEGACY_NOTES:
        match = pattern.fullmatch(note)
        if match:
            return note_render(message, match.groupdict())
    return note


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    before: dict | None = None,
    after: dict | None = None,
    note: str | AuditNote = "",
) -> AuditEvent:
    """Store one audit event. ``actor`` may be ``None`` (system, command line) or an anonymous user. A ``note`` the
    platform writes is an :class:`AuditNote` (shown in the reader's language); a plain string is text a person typed
    and is shown as it is."""
    note_message, note_params = "", None
    if isinstance(note, AuditNote):
        note_message, note_params = note_stored(note)
        note = note_render(note_message, note_params, language=None)
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or instance.pk
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_name=(actor.get_username() if is_user else "system")[:150],
        action=action[:80],
        object_type=object_type[:80],
        object_id=str(object_id or "")[:64],
        object_repr=(str(instance) if instance is not None else "")[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=note,
        note_message=note_message[:300],
        note_params=note_params or None,
    )
