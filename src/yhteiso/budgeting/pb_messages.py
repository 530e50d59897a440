"""The reasons a ``.pb`` file is refused (:class:`~yhteiso.analytics.pb.pabulib.PBFormatError`), in the user's
language: the pure reader gives a code and its parameters, this module the sentence (the English reason of the
reader when a code is unknown)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yhteiso.analytics.pb.pabulib import PBFormatError

REASONS = {
    "not_utf8": gettext_lazy("the file is not UTF-8 text"),
    "section_twice": gettext_lazy("section %(name)s appears twice"),
    "section_order": gettext_lazy("section %(name)s found where %(expected)s was expected"),
    "meta_first": gettext_lazy("the file must start with the META section"),
    "header_lacks": gettext_lazy("the %(section)s header lacks the column(s) %(columns)s"),
    "header_repeats": gettext_lazy("the %(section)s header repeats a column name"),
    "row_fields": gettext_lazy("%(section)s row has %(n)s fields but the header has %(m)s"),
    "meta_twice": gettext_lazy("META key “%(key)s” appears twice"),
    "empty_project_id": gettext_lazy("empty project_id"),
    "project_comma": gettext_lazy("project_id “%(id)s” contains a comma"),
    "project_twice": gettext_lazy("project “%(id)s” is listed twice"),
    "empty_voter_id": gettext_lazy("empty voter_id"),
    "voter_twice": gettext_lazy("voter “%(voter)s” is listed twice"),
    "unknown_project": gettext_lazy("voter “%(voter)s” votes for unknown project “%(id)s”"),
    "same_project_twice": gettext_lazy("voter “%(voter)s” names the same project twice"),
    "sections_missing": gettext_lazy("section(s) missing: %(sections)s"),
    "no_budget": gettext_lazy("META has no budget"),
    "budget_not_positive": gettext_lazy("the budget must be positive"),
    "unknown_vote_type": gettext_lazy("unknown vote_type “%(vote_type)s”"),
    "meta_not_whole": gettext_lazy("META %(key)s is not a whole number: “%(value)s”"),
    "meta_count": gettext_lazy("META %(key)s says %(declared)s but the file has %(actual)s"),
    "vote_length": gettext_lazy("voter “%(voter)s” chose %(n)s projects, outside min_length–max_length "
                                "%(lo)s–%(hi)s"),
}
NUMBERS = {
    "not_a_number": gettext_lazy("%(what)s is not a number: “%(value)s”"),
    "too_many_digits": gettext_lazy("%(what)s has too many digits: “%(value)s”"),
    "negative": gettext_lazy("%(what)s is negative: “%(value)s”"),
}
SUBJECTS = {
    "budget": gettext_lazy("the budget"),
    "cost": gettext_lazy("the cost of project “%(id)s”"),
    "meta": gettext_lazy("META %(key)s"),
}


def pb_reason(exc: PBFormatError) -> str:
    """The reason of ``exc`` in the active language (the reader's English one when its code is not known here)."""
    params = {key: str(value) for key, value in exc.params.items()}
    subject = SUBJECTS.get(params.get("what", ""))
    try:
        if exc.code in NUMBERS and subject is not None:
            return str(NUMBERS[exc.code]) % {"what": str(subject) % params, "value": params.get("value", "")}
        if exc.code in REASONS:
            return str(REASONS[exc.code]) % params
    except (KeyError, TypeError, ValueError):
        pass
    return exc.reason


def pb_error_message(exc: PBFormatError) -> str:
    """``Line N: reason`` (or the reason alone when the whole file is at fault) in the active language."""
    reason = pb_reason(exc)
    return _("Line %(line)d: %(reason)s") % {"line": exc.line, "reason": reason} if exc.line else reason
