"""Places by age group (issue 15 item 6): a respondent may attach a coarse age band to a place; results give only
counts per district × category × age band, suppressed as one pattern together with the district × category table
already published. The attack: recover one respondent's age band from the published outputs by subtraction."""

from __future__ import annotations

import random
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from yhteiso.mapsurveys import results, services
from yhteiso.mapsurveys.models import MapAnswer
from yhteiso.respondents.submissions import SubmissionError

pytestmark = pytest.mark.django_db

LEPPAVAARA = [24.813, 60.219]  # area "1"
TAPIOLA = [24.805, 60.176]  # area "2"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("ikastaff", password="pw-123456-x")


@pytest.fixture
def survey(staff):
    s = services.mapsurvey_create(actor=staff, title={"fi": "Ikäkartta"}, languages=["fi"], ask_age_band=True)
    return services.mapsurvey_publish(survey=s, actor=staff)


def _answer(survey, **answers):
    services.answer_submit(survey=survey, submission_id=uuid.uuid4(), language="fi", answers=answers)


def _known(data: dict) -> tuple[dict, list[list]]:
    """What a reader of the results API knows: every shown figure, and the sums that tie them together."""
    known: dict = {}
    relations: list[list] = []
    cats = [c["value"] for c in data["categories"]]
    areas = [row["area"] for row in data["areas"]]
    bands = [b["value"] for b in data["by_age_band"]["bands"]]
    for row in data["areas"]:
        known[("R", row["area"])] = row["total"]
        for c in cats:
            known[("T", row["area"], c)] = row["counts"][c]
    for c in data["categories"]:
        known[("K", c["value"])] = c["count"]
    known[("N",)] = data["n"]
    for d in areas:
        for c in cats:
            for b in bands:
                known[("B", d, c, b)] = None
    for row in data["by_age_band"]["rows"]:
        for b, n in zip(bands, row["counts"], strict=True):
            known[("B", row["area"], row["category"], b)] = n
    for d in areas:  # a district × category absent from the band rows has no places (its total is 0)
        for c in cats:
            if not any(r["area"] == d and r["category"] == c for r in data["by_age_band"]["rows"]):
                for b in bands:
                    known[("B", d, c, b)] = 0
    for row in data["by_age_band"]["by_category"]:
        for b, n in zip(bands, row["counts"], strict=True):
            known[("C", row["category"], b)] = n
    relations += [[("T", d, c), *[("B", d, c, b) for b in bands]] for d in areas for c in cats]
    relations += [[("C", c, b), *[("B", d, c, b) for d in areas]] for c in cats for b in bands]
    relations += [[("K", c), *[("C", c, b) for b in bands]] for c in cats]
    relations += [[("R", d), *[("T", d, c) for c in cats]] for d in areas]
    relations += [[("K", c), *[("T", d, c) for d in areas]] for c in cats]
    relations += [[("N",), *[("R", d) for d in areas]], [("N",), *[("K", c) for c in cats]]]
    return known, relations


def _attack(data: dict) -> dict:
    """Every figure a reader can work out by adding and subtracting the shown ones (and from a known total of 0)."""
    known, relations = _known(data)
    learned = {k: v for k, v in known.items() if v is not None}
    changed = True
    while changed:
        changed = False
        for relation in relations:
            total, parts = relation[0], relation[1:]
            unknown = [k for k in relation if k not in learned]
            if len(unknown) == 1:
                k = unknown[0]
                learned[k] = (learned[total] - sum(learned[p] for p in parts if p != k)) if k != total \
                    else sum(learned[p] for p in parts)
                changed = True
            elif unknown and total in learned and total not in unknown and \
                    learned[total] == sum(learned[p] for p in parts if p in learned):
                for k in unknown:
                    learned[k] = 0
                changed = True
    return {k: v for k, v in learned.items() if known.get(k, "missing") is None}


def _results(client, survey, staff):
    services.mapsurvey_close(survey=survey, actor=staff)
    return client.get(f"/api/v1/mapsurveys/{survey.pk}/results").json()


def _one_older_among_unsaid(survey):
    for _i in range(6):
        _answer(survey, category="safe", point=LEPPAVAARA)  # prefer not to say
    _answer(survey, category="safe", point=LEPPAVAARA, age_band="65_plus")  # the one to protect
    for _i in range(6):
        _answer(survey, category="safe", point=TAPIOLA, age_band="65_plus")
    for _i in range(8):
        _answer(survey, category="unsafe", point=TAPIOLA, age_band="20_29")


def test_one_respondents_age_band_cannot_be_worked_out_from_the_outputs(client, survey, staff):
    _one_older_among_unsaid(survey)
    data = _results(client, survey, staff)
    assert data["areas"][0]["counts"]["safe"] == 7  # the district × category table shows the cell ...
    recovered = _attack(data)
    assert ("B", "1", "safe", "65_plus") not in recovered  # ... but not the one older respondent in it
    assert all(v == 0 for k, v in recovered.items() if k[0] == "B")  # nor any other hidden band count
    assert data["by_age_band"]["rows"]  # and the table still says something
    assert any(n is not None and n > 0 for row in data["by_age_band"]["rows"] for n in row["counts"])


def test_the_attack_works_on_a_band_table_suppressed_on_its_own(client, survey, staff, monkeypatch):
    """The attack is real: with only primary suppression in the band table (the naive design), the district ×
    category total gives the older respondent's band back."""
    def naive(cells, *, relations, policy, primary=(), fixed=(), links=()):
        return {k for k, v in cells.items() if k not in set(fixed) and 0 < v < policy.min_count} | set(primary)

    monkeypatch.setattr(results, "suppress_linked", naive)
    _one_older_among_unsaid(survey)
    recovered = _attack(_results(client, survey, staff))
    assert recovered.get(("B", "1", "safe", "65_plus")) == 1


def test_no_hidden_band_count_is_recoverable_on_random_data(client, survey, staff):
    rng = random.Random(15)
    bands = ["", "under_20", "20_29", "30_64", "65_plus"]
    for _i in range(120):
        _answer(survey, category=rng.choice(["safe", "unsafe", "important", "idea"]),
                point=rng.choice([LEPPAVAARA, TAPIOLA]), age_band=rng.choices(bands, [6, 1, 2, 3, 1])[0])
    data = _results(client, survey, staff)
    recovered = _attack(data)
    actual = {}
    for a in MapAnswer.objects.filter(survey=survey):
        key = ("B", a.area_code, a.category, a.age_band)
        actual[key] = actual.get(key, 0) + 1
    leaks = {k: v for k, v in recovered.items() if k[0] in "BC" and v > 0}
    assert not leaks, leaks
    hidden_main = {(r["area"], c) for r in data["areas"] for c, n in r["counts"].items() if n is None}
    assert not {(k[1], k[2]) for k in recovered if k[0] == "T" and recovered[k] > 0} & hidden_main


def test_places_are_never_shown_by_age_band(client, survey, staff):
    for _i in range(12):
        _answer(survey, category="safe", point=LEPPAVAARA, age_band="30_64")
    services.mapsurvey_close(survey=survey, actor=staff)
    features = client.get(f"/karttakyselyt/{survey.pk}/paikat.geojson").json()["features"]
    assert len(features) == 12
    assert all(set(f["properties"]) <= {"category", "comment"} for f in features)
    assert "30_64" not in str(features)


def test_age_band_is_optional_and_checked(survey, staff):
    _answer(survey, category="safe", point=LEPPAVAARA, age_band="unsaid")
    assert MapAnswer.objects.get().age_band == ""
    with pytest.raises(SubmissionError) as exc:
        _answer(survey, category="safe", point=LEPPAVAARA, age_band="42")
    assert set(exc.value.errors) == {"age_band"}
    plain = services.mapsurvey_publish(
        survey=services.mapsurvey_create(actor=staff, title={"fi": "Ilman ikää"}, languages=["fi"]), actor=staff)
    with pytest.raises(SubmissionError):  # a survey that does not ask the band refuses one
        _answer(plain, category="safe", point=LEPPAVAARA, age_band="30_64")


def test_the_respondent_page_offers_the_band_with_prefer_not_to_say_chosen(client, survey):
    page = client.get(f"/karttakyselyt/{survey.pk}/").content.decode()
    assert 'name="age_band" value="unsaid" checked' in page
    response = client.post(f"/karttakyselyt/{survey.pk}/", {
        "submission_id": str(uuid.uuid4()), "language": "fi", "category": "safe", "area": "1",
        "age_band": "20_29"})
    assert response.status_code == 302
    assert MapAnswer.objects.get().age_band == "20_29"

