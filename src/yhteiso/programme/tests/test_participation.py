"""Who took part (issue 15 item 6): participants compared with the population, with the same small-cell
suppression as every output and complementary suppression so that a hidden cell cannot be worked out from the
totals (the attack is run on what the page, the API and the CSV publish), the gap in percentage points and the
under-represented target groups flagged; staff page, CSV and API."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from django.test import Client

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge import groups
from yhteiso.knowledge.models import Dataset, ImportBatch, Observation, Variable
from yhteiso.programme import participation
from yhteiso.respondents import profiles, subjects
from yhteiso.respondents.models import ParticipantProfile

pytestmark = pytest.mark.django_db
D1, D2 = "0491000000", "0492000000"


@pytest.fixture(autouse=True)
def subject(monkeypatch):
    """A map survey (#5) as the respondents layer sees it (this layer cannot import the map-survey app)."""
    found = subjects.Subject(kind="mapsurvey", pk=5, title={"fi": "Kartta", "sv": "Karta"}, languages=["fi", "sv"],
                             page_url="/", results_url="/tulokset/", ended=True)
    monkeypatch.setattr(subjects, "_SOURCES", {"mapsurvey": subjects.Source(
        get=lambda pk: found if pk == 5 else None, all=lambda: [found])})
    return found


@pytest.fixture
def population(db):
    dataset = Dataset.objects.create(code="d", title="d", publisher="p", licence="CC BY 4.0", attribution="a")
    batch = ImportBatch.objects.create(dataset=dataset, kind="table", filename="f", content_hash="h",
                                       level=AreaLevel.MAJOR_DISTRICT)
    variables = {code: Variable.objects.create(code=code) for code in participation.population_by_district.__globals__[
        "LANGUAGE_VARIABLES"]}
    for code, name, (pop, foreign) in ((D1, "Suur-Leppävaara", (1000, 400)), (D2, "Suur-Tapiola", (1000, 200))):
        area = Area.objects.create(level=AreaLevel.MAJOR_DISTRICT, code=code, name_fi=name)
        for var, value in (("population", pop), ("foreign_language_count_est", foreign),
                           ("other_language_count_est", pop - foreign)):
            Observation.objects.create(area=area, variable=variables[var], year=2025, value=value, dataset=dataset,
                                       batch=batch)


def _profiles(rows):
    ParticipantProfile.objects.bulk_create([
        ParticipantProfile(kind="mapsurvey", subject_id=5, role="map_respondent", home_area=h, age_group=a,
                           language_group=lang, mixed_on="2026-12-02") for h, a, lang in rows])


def _published(result: dict) -> tuple[dict, list[list]]:
    """What a reader gets (pages, API, CSV are built from this): the values (None = hidden) and every linear
    relation a reader can form among them. Cells a reader never sees are unknown variables."""
    values: dict = {"n": result["n"], "outside": result["outside"], "area_unsaid": result["area_unsaid"],
                    "area_none": result["area_none"], "areas_answered": result["areas_answered"]}
    relations = [["n", "outside", "area_unsaid", "area_none", *[f"area:{a['code']}" for a in result["areas"]]],
                 ["n", "areas_answered", "outside", "area_unsaid", "area_none"],
                 ["areas_answered", *[f"area:{a['code']}" for a in result["areas"]]]]
    scopes = [("city", "n", result["city"])] + [
        (a["code"], f"area:{a['code']}", {"age_group": a["age_group"], "language": a["language"]})
        for a in result["areas"]]
    for a in result["areas"]:
        values[f"area:{a['code']}"] = a["n"]
    for scope, whole, tables in scopes:
        for dim, table in tables.items():
            p = f"{scope}:{dim}"
            values.update({f"{p}:answered": table["answered"], f"{p}:unsaid": table["unsaid"],
                           f"{p}:none": table["none"]})
            values.update({f"{p}:{r['code']}": r["count"] for r in table["rows"]})
            relations.append([whole, f"{p}:answered", f"{p}:unsaid", f"{p}:none"])
            relations.append([f"{p}:answered", *[f"{p}:{r['code']}" for r in table["rows"]]])
    for dim, table in result["city"].items():  # columns: the city's figure is the sum over the home areas
        for code in [*(r["code"] for r in table["rows"]), "answered", "unsaid", "none"]:
            relations.append([f"city:{dim}:{code}", *[f"{a['code']}:{dim}:{code}" for a in result["areas"]],
                              f"outside:{dim}:{code}", f"unsaid:{dim}:{code}", f"none:{dim}:{code}"])
    return values, relations


def _attack(values: dict, relations: list[list]) -> dict:
    """Work out every hidden figure a reader can: the last unknown of a relation, and unknown parts that a known
    total leaves nothing for (counts are never negative)."""
    known = {k: v for k, v in values.items() if v is not None}
    changed = True
    while changed:
        changed = False
        for whole, *parts in relations:
            unknown = [k for k in [whole, *parts] if k not in known]
            if len(unknown) == 1:
                k = unknown[0]
                known[k] = (known[whole] - sum(known[p] for p in parts if p != k)) if k != whole else sum(
                    known[p] for p in parts)
                changed = True
            elif unknown and whole in known and whole not in unknown and sum(
                    known[p] for p in parts if p in known) == known[whole]:
                known.update(dict.fromkeys(unknown, 0))
                changed = True
    return known


def _truth(rows) -> dict:
    """The true count behind each published key of the attack."""
    def lang(code):
        return participation._language(code)

    truth: dict = {"n": len(rows)}
    for h, a, lg in rows:
        scope = h if h in (D1, D2) else {"outside": "outside", "unsaid": "unsaid"}.get(h, "none")
        for where in ("city", scope):
            for dim, value in (("age_group", a or "none"), ("language", lang(lg))):
                truth[f"{where}:{dim}:{value}"] = truth.get(f"{where}:{dim}:{value}", 0) + 1
    return truth


ROWS = ([(D1, "working_age", "finnish_speakers")] * 14 + [(D1, "young_adults", "arabic_speakers")] * 3
        + [(D2, "working_age", "swedish_speakers")] * 9 + [(D2, "older_people", "unsaid")] * 6
        + [(D2, "young_adults", "finnish_speakers")] * 2 + [("outside", "unsaid", "")] * 6)


def test_a_hidden_cell_cannot_be_recovered_from_the_totals(population):
    _profiles(ROWS)
    result = participation.who_took_part("mapsurvey", 5)
    values, relations = _published(result)
    hidden = {k for k, v in values.items() if v is None}
    assert f"{D1}:age_group:young_adults" in hidden  # 3 young adults in the area: a small cell
    truth = _truth(ROWS)
    recovered = {k: v for k, v in _attack(values, relations).items()
                 if k in hidden and truth.get(k, 0) > 0 and v == truth.get(k)}
    assert not recovered, recovered


def test_control_without_complementary_suppression_the_attack_recovers_a_cell(population, monkeypatch):
    """Hiding only the small counts (no complementary suppression) lets the attack work: the test above could
    fail."""
    def primary_only(cells, *, relations, policy, **kwargs):
        return {k for k, v in cells.items() if 0 < v < policy.min_count}

    monkeypatch.setattr(participation, "suppress_linked", primary_only)
    _profiles(ROWS)
    values, relations = _published(participation.who_took_part("mapsurvey", 5))
    hidden = {k for k, v in values.items() if v is None}
    truth = _truth(ROWS)
    recovered = {k for k, v in _attack(values, relations).items() if k in hidden and truth.get(k, 0) > 0
                 and v == truth[k]}
    assert recovered


def test_prefer_not_to_say_and_no_answer_are_counted_apart_and_left_out_of_the_shares(population):
    _profiles([(D1, "working_age", "finnish_speakers")] * 20 + [(D2, "unsaid", "unsaid")] * 6
              + [(D2, "", "")] * 7)
    age = participation.who_took_part("mapsurvey", 5)["city"]["age_group"]
    assert (age["answered"], age["unsaid"], age["none"]) == (20, 6, 7)
    working = next(r for r in age["rows"] if r["code"] == "working_age")
    assert working["share"] == pytest.approx(100.0)


def test_the_gap_is_in_percentage_points_and_an_under_represented_target_group_is_flagged(population):
    # population: 30 % foreign-language speakers (600 of 2000); participants: 10 %
    _profiles([(D1, "working_age", "finnish_speakers")] * 45 + [(D1, "working_age", "arabic_speakers")] * 5)
    language = {r["code"]: r for r in participation.who_took_part("mapsurvey", 5)["city"]["language"]["rows"]}
    assert language["foreign"]["population_share"] == pytest.approx(30.0)
    assert language["foreign"]["gap_pp"] == pytest.approx(-20.0)
    assert language["foreign"]["target"] and language["foreign"]["under"]
    assert not language["domestic"]["under"]


def test_the_profile_codes_are_the_knowledge_base_population_groups():
    for code in (*profiles.AGE_GROUPS, *profiles.LANGUAGE_GROUPS):
        assert code in groups.BY_CODE, code
    assert set(profiles.AGE_GROUPS) == set(groups.AGE_BANDS)


def test_the_staff_page_and_the_csv_are_for_staff_only(staff_client, population):
    _profiles(ROWS)
    client = Client()
    assert client.get("/ohjelma/osallistujat/mapsurvey/5/").status_code in (302, 403)
    assert client.get("/ohjelma/osallistujat/mapsurvey/5/csv/").status_code in (302, 403)
    page = staff_client.get("/ohjelma/osallistujat/mapsurvey/5/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Keitä osallistui" in html and "Ero (prosenttiyksikköä)" in html and "piilotettu" in html
    assert staff_client.get("/ohjelma/osallistujat/round/99/").status_code == 404
    body = staff_client.get("/ohjelma/osallistujat/mapsurvey/5/csv/").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["area", "dimension", "group", "participants"]
    young = next(r for r in rows if r[:3] == ["", "age_group", "young_adults"])
    assert young[3] == ""  # hidden in the CSV as on the page
    assert ["", "all", "participants", str(len(ROWS)), "", "", "", "0", "0"] in rows


def test_the_api_gives_the_public_the_city_tables_and_staff_the_area_tables(staff_client, population):
    _profiles(ROWS)
    client = Client()
    public = client.get("/api/v1/participation?kind=mapsurvey").json()
    assert len(public) == 1 and public[0]["n"] == len(ROWS)
    assert all(a["tables"] == [] for a in public[0]["areas"])
    staff = staff_client.get("/api/v1/participation?subject_id=5").json()
    assert staff[0]["areas"][0]["tables"]
    young = next(r for r in staff[0]["city"][0]["rows"] if r["code"] == "young_adults")
    assert young["count"] is None


def test_every_combination_of_small_groups_stays_protected(population):
    """A small exhaustive check: every split of 12 participants over two areas and two age bands."""
    for a, b, c in itertools.product((0, 1, 3, 6), repeat=3):
        ParticipantProfile.objects.all().delete()
        rows = ([(D1, "working_age", "")] * a + [(D1, "older_people", "")] * b + [(D2, "working_age", "")] * c
                + [(D2, "older_people", "")] * 6)
        _profiles(rows)
        values, relations = _published(participation.who_took_part("mapsurvey", 5))
        hidden = {k for k, v in values.items() if v is None}
        truth = _truth(rows)
        leaked = {k for k, v in _attack(values, relations).items() if k in hidden and truth.get(k, 0) > 0
                  and v == truth[k]}
        assert not leaked, (a, b, c, leaked)
