"""The population groups: ONE vocabulary for statistics by group (``Observation.group``), the segregation impact
assessment (``governance.PopulationGroup``) and anything else that names a group of residents.

A *dimension* splits the population into groups that add up to the whole population (a *partition*): language
group, background, gender and age band. The whole population (``all``) is the default group of every statistic.
The programme's priority groups that no statistic is broken down by (families with children, people with
disabilities, minorities, people on low incomes, unemployed people) are in the vocabulary too, with the dimension
``priority``: an assessment can name them, an import cannot (they overlap and have no complement, so the
small-cell rule across groups cannot be applied to them).

Language groups follow Statistics Finland's mother-tongue classification (Finnish, Swedish, Sámi and the
foreign languages) and break the foreign-language speakers down into Espoo's largest language groups — the
languages the respondent pages are offered in (``core.languages.RESPONDENT_LANGUAGES``): Russian, Estonian,
Arabic, Somali and English, the rest being "other foreign languages". Age bands follow the programme plan's
priority groups (children, young people, young adults 20–29 as in ``programme.TargetGroup``, older people).

See ``docs/decisions/0003-population-groups.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ALL = "all"
"""The whole population: the group of every statistic imported without a group."""


@dataclass(frozen=True)
class Group:
    code: str
    dimension: str
    label: object  # a lazy translation


DIMENSIONS: dict[str, object] = {
    "all": _("whole population"),
    "language": _("language group"),
    "background": _("background"),
    "gender": _("gender"),
    "age": _("age band"),
    "priority": _("priority group of the programme"),
}

GROUPS: tuple[Group, ...] = (
    Group(ALL, "all", _("whole population")),
    # language group (mother tongue)
    Group("finnish_speakers", "language", _("Finnish speakers")),
    Group("swedish_speakers", "language", _("Swedish speakers")),
    Group("sami_speakers", "language", _("Sámi speakers")),
    Group("foreign_language", "language", _("foreign-language speakers")),
    Group("russian_speakers", "language", _("Russian speakers")),
    Group("estonian_speakers", "language", _("Estonian speakers")),
    Group("arabic_speakers", "language", _("Arabic speakers")),
    Group("somali_speakers", "language", _("Somali speakers")),
    Group("english_speakers", "language", _("English speakers")),
    Group("other_foreign_language", "language", _("speakers of other foreign languages")),
    # background (Statistics Finland: origin and language)
    Group("finnish_background", "background", _("people of Finnish background")),
    Group("foreign_background", "background", _("people of foreign background")),
    # gender
    Group("women", "gender", pgettext_lazy("population group", "women")),
    Group("men", "gender", pgettext_lazy("population group", "men")),
    # age band
    Group("children", "age", _("children")),
    Group("young_people", "age", _("young people")),
    Group("young_adults", "age", _("young adults")),
    Group("working_age", "age", _("adults of working age")),
    Group("older_people", "age", _("older people")),
    # the programme's priority groups that the statistics are not broken down by
    Group("families", "priority", _("families with children")),
    Group("disabilities", "priority", _("people with disabilities")),
    Group("minorities", "priority", _("minorities")),
    Group("low_income", "priority", _("people on low incomes")),
    Group("unemployed", "priority", _("unemployed people")),
)

BY_CODE: dict[str, Group] = {g.code: g for g in GROUPS}

AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "children": (0, 14), "young_people": (15, 19), "young_adults": (20, 29), "working_age": (30, 64),
    "older_people": (65, None),
}
"""The age band of each age group (first and last year of age; None: no upper limit)."""

STATISTICAL_DIMENSIONS = ("language", "background", "gender", "age")
"""Dimensions statistics may be imported by."""

STATISTICAL_CODES = frozenset(g.code for g in GROUPS if g.dimension in STATISTICAL_DIMENSIONS)

PARTITIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (ALL, ("finnish_speakers", "swedish_speakers", "sami_speakers", "foreign_language")),
    ("foreign_language", ("russian_speakers", "estonian_speakers", "arabic_speakers", "somali_speakers",
                          "english_speakers", "other_foreign_language")),
    (ALL, ("finnish_speakers", "swedish_speakers", "sami_speakers", "russian_speakers", "estonian_speakers",
           "arabic_speakers", "somali_speakers", "english_speakers", "other_foreign_language")),
    (ALL, ("finnish_background", "foreign_background")),
    (ALL, ("women", "men")),
    (ALL, ("children", "young_people", "young_adults", "working_age", "older_people")),
)
"""The additive relations between groups: (whole, parts) — the parts add up to the whole. The small-cell rule
across outputs (``knowledge.grouping``) hides cells so that no hidden figure follows from these sums."""


def label(code: str) -> str:
    """The group's name in the active language (the code itself for an unknown group)."""
    group = BY_CODE.get(code)
    if group is None:
        return code
    if group.dimension == "age":
        low, high = AGE_BANDS[code]
        band = f"{low}–{high}" if high is not None else f"{low}+"
        return f"{group.label} ({band})"
    return str(group.label)


lazy_label = lazy(label, str)
"""The group's name, translated when shown (for choices built at import time)."""


def choices(*, dimensions: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """``(code, label)`` pairs in vocabulary order, optionally only of some dimensions."""
    return [(g.code, label(g.code)) for g in GROUPS if dimensions is None or g.dimension in dimensions]


def dimension_of(code: str) -> str:
    group = BY_CODE.get(code)
    return group.dimension if group else ""


def observation_choices() -> list[tuple[str, str]]:
    """The groups a statistic may be about: the whole population and the groups of the statistical dimensions."""
    return choices(dimensions=("all", *STATISTICAL_DIMENSIONS))
