"""Reads for the round's set-up as residents see it: the planned timetable and who may vote."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yhteiso.budgeting.models import Eligibility, Round
from yhteiso.budgeting.selectors import date_time
from yhteiso.core.formatting import date


def timetable(rnd: Round) -> list[tuple[str, str]]:
    """The round's planned dates that are set, in the order of the phases, as (what, when) for the page."""
    rows = [(_("Ideas can be submitted from"), rnd.ideas_open_on), (_("Ideas can be submitted until"),
                                                                     rnd.ideas_close_on),
            (_("Voting opens"), rnd.voting_opens_on)]
    out = [(what, date(day)) for what, day in rows if day is not None]
    if rnd.voting_closes_at:
        out.append((_("Voting closes"), date_time(rnd.voting_closes_at)))
    if rnd.results_on:
        out.append((_("Results are announced"), date(rnd.results_on)))
    return out


def eligibility_text(rnd: Round) -> str:
    """Who may vote, in one or two sentences."""
    if rnd.eligibility == Eligibility.LIVES:
        text = _("Who may vote: residents of Espoo aged %(age)d or over.")
    elif rnd.eligibility == Eligibility.ANYONE:
        text = _("Who may vote: anyone aged %(age)d or over.")
    else:
        text = _("Who may vote: people aged %(age)d or over who live, work or study in Espoo.")
    text %= {"age": rnd.min_age}
    if rnd.home_area_only:
        text += " " + _("In the area vote, you vote for the projects of your own home area.")
    return text
