"""``GET /api/v1/participation``: who took part (mounted under the programme router). The figures of the "who took
part" comparison, through the same suppression as the pages (``programme.participation``): staff (session) get
every round and map survey with the tables of each home area; everyone else gets the subjects whose results are
published, with the whole city's tables and the number of participants by home area, as on the results pages."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from yhteiso.core.permissions import is_programme_staff
from yhteiso.knowledge.selectors_population import population_by_district
from yhteiso.programme.participation import who_took_part
from yhteiso.respondents.models import SubjectKind
from yhteiso.respondents.subjects import subjects

router = Router(tags=["programme: who took part"])


class ParticipationRowOut(Schema):
    code: str = Field(description="age band (knowledge.groups.AGE_BANDS) or language group (domestic | foreign)")
    count: int | None = Field(description="participants; null when hidden (small-cell suppression)")
    share: float | None = Field(description="share of the participants who answered the question, per cent")
    population_share: float | None = Field(description="share of the population, per cent")
    gap_pp: float | None = Field(description="share − population share, percentage points")
    target: bool = Field(description="a weakly participating target group of the programme")
    under: bool = Field(description="a target group under-represented by at least 3 percentage points")


class ParticipationTableOut(Schema):
    dimension: str = Field(description="age_group | language")
    answered: int | None
    unsaid: int | None = Field(description='"prefer not to say"; null when hidden')
    none: int | None = Field(description="did not answer the question; null when hidden")
    rows: list[ParticipationRowOut]


class ParticipationAreaOut(Schema):
    code: str = Field(description="major district (suuralue) code")
    name: str
    n: int | None
    share: float | None
    population_share: float | None
    gap_pp: float | None
    tables: list[ParticipationTableOut] = Field(description="by age and language in the area (staff only)")


class ParticipationOut(Schema):
    kind: str = Field(description="round | mapsurvey")
    subject_id: int
    title: dict[str, str]
    n: int | None = Field(description="participants who left a background profile; null when hidden")
    language_year: int | None
    age_year: int | None
    city: list[ParticipationTableOut]
    areas: list[ParticipationAreaOut]
    areas_answered: int | None = Field(description="participants who named a major district (the areas' share base)")
    outside: int | None
    area_unsaid: int | None
    area_none: int | None


class ParticipationQuery(Schema):
    kind: str | None = Field(None, description="round | mapsurvey")
    subject_id: int | None = None


def _out(result: dict, *, staff: bool) -> dict:
    return {**{key: result[key] for key in ("kind", "subject_id", "title", "n", "language_year", "age_year",
                                            "areas_answered", "outside", "area_unsaid", "area_none")},
            "city": list(result["city"].values()),
            "areas": [{**{key: a[key] for key in ("code", "name", "n", "share", "population_share", "gap_pp")},
                       "tables": [a["age_group"], a["language"]] if staff else []} for a in result["areas"]]}


@router.get("/participation", response=list[ParticipationOut],
            summary="Who took part: participants' background compared with the population (suppressed)")
def participation_list(request, query: Query[ParticipationQuery]):
    staff = is_programme_staff(request.user)
    out = []
    population = None
    for s in subjects():
        if s.kind not in (SubjectKind.ROUND, SubjectKind.MAP_SURVEY):
            continue
        if (query.kind and s.kind != query.kind) or (query.subject_id is not None and s.pk != query.subject_id):
            continue
        if not staff and not (s.results_url and s.ended and not s.is_test):
            continue
        population = population if population is not None else population_by_district()
        result = who_took_part(s.kind, s.pk, population=population)
        if result is not None:
            out.append(_out(result, staff=staff))
    return out
