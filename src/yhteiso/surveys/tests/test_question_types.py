"""Multiple-choice and number questions, tried as staff and residents would: built on the builder page with their
rules, answered on the respondent page without JavaScript in Finnish, Swedish and Arabic and through the API, bad
answers refused with a message naming the question, and published with the same small-cell suppression as every
other survey output."""

import csv
import io
import uuid

import pytest

from yhteiso.core.models import AuditEvent
from yhteiso.surveys import services
from yhteiso.surveys.models import Response, SurveyItem

MANAGE = "/kyselyt/hallinta"
LANGS = ["fi", "sv", "ar"]


@pytest.fixture
def draft(db, staff, instruments):
    return services.survey_create(actor=staff, title={"fi": "Liikkumiskysely", "sv": "Resenkät",
                                                      "ar": "استبيان التنقل"}, languages=LANGS)


def _add(client, draft, **fields):
    return client.post(f"{MANAGE}/{draft.pk}/kysymykset/uusi/", {"text": "Kysymys?", **fields})


def _published(staff, draft, *, condition=False):
    """Single choice ``car`` (has a car?), multiple choice ``modes`` (1–2 selections; shown only to car owners when
    ``condition``), number ``age`` (0–120, whole numbers) and number ``km`` (no rules); translated; published."""
    add = services.survey_item_add
    add(survey=draft, actor=staff, question={"key": "car", "type": "choice", "text": {"fi": "Onko sinulla auto?"},
                                             "options": [{"value": "1", "label": {"fi": "Kyllä"}},
                                                         {"value": "2", "label": {"fi": "Ei"}}]})
    add(survey=draft, actor=staff, question={
        "key": "modes", "type": "multi", "text": {"fi": "Miten liikut?"}, "min_choices": 1, "max_choices": 2,
        "options": [{"value": "1", "label": {"fi": "Kävellen"}}, {"value": "2", "label": {"fi": "Pyörällä"}},
                    {"value": "3", "label": {"fi": "Bussilla"}}],
        **({"show_if": {"question": "car", "values": ["1"]}} if condition else {})})
    add(survey=draft, actor=staff, question={"key": "age", "type": "number", "text": {"fi": "Ikäsi?"}, "min": 0,
                                             "max": 120, "integer": True, "required": True})
    add(survey=draft, actor=staff, question={"key": "km", "type": "number", "text": {"fi": "Montako kilometriä?"}})
    texts = {}
    for lang, words in (("sv", ["Har du bil?", "Ja", "Nej", "Hur rör du dig?", "Till fots", "Med cykel", "Med buss",
                                "Din ålder?", "Hur många kilometer?"]),
                        ("ar", ["هل لديك سيارة؟", "نعم", "لا", "كيف تتنقل؟", "مشيًا", "بالدراجة", "بالحافلة", "عمرك؟",
                                "كم كيلومترًا؟"])):
        for slot, word in zip(["q_car", "q_car_option1", "q_car_option2", "q_modes", "q_modes_option1",
                               "q_modes_option2", "q_modes_option3", "q_age", "q_km"], words, strict=True):
            texts[f"{slot}_{lang}"] = word
    services.survey_translate(survey=draft, actor=staff, title={}, texts=texts)
    return services.survey_publish(survey=draft, actor=staff)


def _post(client, survey, lang="fi", **answers):
    data = {"submission_id": str(uuid.uuid4()), "language": lang}
    data.update({f"q_{k}": v for k, v in answers.items()})
    return client.post(f"/kyselyt/{survey.pk}/", data)


def test_staff_build_a_multiple_choice_and_a_number_question_with_their_rules(client, staff, draft):
    client.force_login(staff)
    html = client.get(f"{MANAGE}/{draft.pk}/kysymykset/").content.decode()
    assert 'name="type" value="multi"' in html and 'name="type" value="number"' in html
    assert _add(client, draft, type="multi", text="Mitä harrastat?", options="Uinti\nLukeminen\nPelit",
                min_choices="1", max_choices="2", key="hobbies").status_code == 302
    assert _add(client, draft, type="number", text="Montako lasta?", number_min="0", number_max="20",
                integer="on", key="children").status_code == 302
    assert _add(client, draft, type="number", text="Matka töihin (km)?", number_min="0,5",
                key="commute").status_code == 302
    multi, number, decimal = [i.question for i in SurveyItem.objects.filter(survey=draft).order_by("position")]
    assert multi["type"] == "multi" and (multi["min_choices"], multi["max_choices"]) == (1, 2)
    assert [o["label"]["fi"] for o in multi["options"]] == ["Uinti", "Lukeminen", "Pelit"]
    assert number["type"] == "number" and (number["min"], number["max"], number["integer"]) == (0, 20, True)
    assert decimal["min"] == 0.5 and "max" not in decimal and decimal["integer"] is False
    assert AuditEvent.objects.filter(action="survey.item_add").count() == 3
    page = client.get(f"{MANAGE}/{draft.pk}/kysymykset/").content.decode()
    assert "Monivalinta, useita vastauksia" in page and "enintään 2 valintaa" in page and "vain kokonaislukuja" in page
    edit = client.get(f"{MANAGE}/{draft.pk}/kysymykset/{SurveyItem.objects.get(question__key='children').pk}/")
    assert edit.context["form"].initial["number_max"] == 20 and edit.context["form"].initial["integer"] is True


@pytest.mark.parametrize(("fields", "field", "fi_words"), [
    ({"type": "multi", "options": "A\nB", "max_choices": "3"}, "max_choices", "1–2"),
    ({"type": "multi", "options": "A\nB\nC", "min_choices": "3", "max_choices": "2"}, "max_choices",
     "vähintään vähimmäisvalintojen"),
    ({"type": "number", "number_min": "10", "number_max": "5"}, "number_max", "suurempi"),
    ({"type": "number", "number_min": "0,5", "integer": "on"}, "number_min", "kokonaislukuna"),
    ({"type": "number", "number_min": "kymmenen"}, "number_min", "luku"),
    ({"type": "choice", "options": "A\nB", "max_choices": "1"}, "min_choices", "monivalintakysymyksessä"),
    ({"type": "text", "number_max": "5"}, "number_min", "lukukysymyksessä"),
])
def test_bad_rules_are_refused_beside_the_field_and_nothing_is_saved(client, staff, draft, fields, field, fi_words):
    client.force_login(staff)
    resp = _add(client, draft, **fields)
    assert resp.status_code == 400
    errors = " ".join(resp.context["question_form"].errors[field])
    assert fi_words in errors, errors
    assert not SurveyItem.objects.filter(survey=draft).exists()


def test_the_respondent_page_asks_both_types_without_javascript_in_each_language(client, staff, draft):
    survey = _published(staff, draft)
    fi = client.get(f"/kyselyt/{survey.pk}/?kieli=fi").content.decode()
    assert 'type="checkbox"' in fi and 'name="q_modes" value="3"' in fi
    assert "Valitse 1–2 vaihtoehtoa." in fi and 'inputmode="decimal"' in fi
    assert "Luku väliltä 0–120. Vain kokonaisluku." in fi and "Kirjoita luku numeroina." in fi
    sv = client.get(f"/kyselyt/{survey.pk}/?kieli=sv").content.decode()
    assert "Med cykel" in sv and "Välj 1–2 alternativ." in sv and "Ett tal mellan 0 och 120." in sv
    ar = client.get(f"/kyselyt/{survey.pk}/?kieli=ar").content.decode()
    assert 'dir="rtl"' in ar and "بالدراجة" in ar and "اختر من" in ar
    # sent as a plain form: the ticked boxes arrive as repeated fields
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "sv",
                                                  "q_modes": ["3", "1"], "q_age": " 42 ", "q_km": "12,5"})
    assert resp.status_code == 302
    assert Response.objects.get(survey=survey).answers == {"modes": ["1", "3"], "age": 42, "km": 12.5}


@pytest.mark.parametrize(("lang", "answers", "key", "words"), [
    ("fi", {"modes": ["1", "2", "3"], "age": "30"}, "modes", "Valitse enintään 2 vaihtoehtoa."),
    ("sv", {"modes": ["1", "2", "3"], "age": "30"}, "modes", "Välj högst 2 alternativ."),
    ("ar", {"modes": ["1", "2", "3"], "age": "30"}, "modes", "خيارات كحد أقصى."),
    ("fi", {"modes": ["9"], "age": "30"}, "modes", "Valitse jokin annetuista vaihtoehdoista."),
    ("fi", {"age": "neljäkymmentä"}, "age", "Kirjoita luku numeroina"),
    ("sv", {"age": "40,5"}, "age", "Ange ett heltal (utan decimaler)."),
    ("fi", {"age": "121"}, "age", "Anna luku väliltä 0–120."),
    ("ar", {"age": "-1"}, "age", "أدخل عددًا من \u20660\u2069 إلى \u2066120\u2069."),
    ("fi", {"age": "30", "km": "1e400"}, "km", "Kirjoita luku numeroina"),
    ("fi", {"age": "30", "km": "x" * 5000}, "km", "Kirjoita luku numeroina"),
    ("fi", {"km": "3"}, "age", "Tähän kysymykseen pitää vastata."),
])
def test_bad_answers_are_refused_naming_the_question_in_the_respondents_language(
        client, staff, draft, lang, answers, key, words):
    survey = _published(staff, draft)
    resp = _post(client, survey, lang, **answers)
    assert resp.status_code == 400
    html = resp.content.decode()
    question = next(q for q in resp.context["questions"] if q["key"] == key)
    assert words in question["error"]
    summary = {e["field"]: e["message"] for e in resp.context["error_summary"]}
    assert summary[f"q_{key}"] == f"{question['number']}. {question['text']} – {question['error']}"
    assert 'aria-invalid="true"' in html or key == "modes"
    assert not Response.objects.filter(survey=survey).exists()


def test_too_few_choices_are_refused_but_none_at_all_is_skipping_the_question(staff, draft):
    survey = _published(staff, draft)
    questions = [dict(q) for q in survey.questions]
    modes = next(q for q in questions if q["key"] == "modes")
    modes["min_choices"] = 2
    clean, errors = services.clean_answers(questions, {"modes": ["1"], "age": 3})
    assert errors == {"modes": ("too_few", {"min": 2})} and "modes" not in clean
    clean, errors = services.clean_answers(questions, {"modes": [], "age": 3})
    assert errors == {} and clean == {"age": 3}
    clean, errors = services.clean_answers(questions, {"modes": ["1"] * 500, "age": 3})
    assert errors == {"modes": ("too_many", {"max": 2})}
    clean, errors = services.clean_answers(questions, {"modes": [["1"]], "age": True})
    assert errors == {"modes": ("choice", {}), "age": ("number", {})}


def test_the_api_describes_the_rules_and_refuses_bad_answers(client, staff, draft):
    survey = _published(staff, draft)
    detail = client.get(f"/api/v1/surveys/{survey.pk}?language=sv").json()
    questions = {q["key"]: q for q in detail["questions"]}
    assert questions["modes"]["type"] == "multi" and questions["modes"]["max_choices"] == 2
    assert [o["label"] for o in questions["modes"]["options"]] == ["Till fots", "Med cykel", "Med buss"]
    assert (questions["age"]["min"], questions["age"]["max"], questions["age"]["integer"]) == (0, 120, True)
    assert (questions["km"]["min"], questions["km"]["max"]) == (None, None)

    def send(answers, lang="sv"):
        return client.post(f"/api/v1/surveys/{survey.pk}/responses", {
            "submission_id": str(uuid.uuid4()), "language": lang, "answers": answers},
            content_type="application/json")

    resp = send({"modes": ["1", "2", "3"], "age": 200, "km": "tolv"})
    assert resp.status_code == 400
    errors = resp.json()["errors"]
    assert errors == {"modes": "Välj högst 2 alternativ.", "age": "Ange ett tal mellan 0 och 120.",
                      "km": "Skriv ett tal med siffror, till exempel 12 eller 12,5."}
    assert send({"modes": "2", "age": 33, "km": 7.25}).status_code == 201
    assert Response.objects.get(survey=survey).answers == {"modes": ["2"], "age": 33, "km": 7.25}


def _released(staff, survey, rows):
    Response.objects.bulk_create([Response(survey=survey, submission_id=uuid.uuid4(), language="fi", answers=a)
                                  for a in rows])
    services.survey_release(survey=survey, actor=staff)


def test_multiple_choice_shares_have_the_respondents_shown_the_question_as_their_base(client, staff, draft):
    survey = _published(staff, draft, condition=True)
    # 20 car owners (shown the question), 10 without a car (not shown); 3 owners ticked nothing
    owners = [{"car": "1", "age": 30, "modes": ["1", "3"]}] * 9 + [{"car": "1", "age": 30, "modes": ["1"]}] * 6 \
        + [{"car": "1", "age": 30, "modes": ["2"]}] * 2 + [{"car": "1", "age": 30}] * 3
    _released(staff, survey, owners + [{"car": "2", "age": 40}] * 10)
    client.force_login(staff)
    api = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    modes = next(d for d in api["distributions"] if d["key"] == "modes")
    assert modes["total"] == 20  # not 30 (everyone), not 17 (those who ticked something)
    rows = {r["value"]: r for r in modes["rows"]}
    assert rows["1"]["count"] == 15 and rows["1"]["share"] == pytest.approx(75.0)
    assert rows["3"]["count"] == 9 and rows["3"]["share"] == pytest.approx(45.0)
    assert rows["2"]["count"] is None and rows["2"]["share"] is None  # 2 < 5: hidden
    page = client.get(f"/kyselyt/{survey.pk}/tulokset/").content.decode()
    assert "kysymyksen nähneitä: 20" in page and "summa voi olla yli 100" in page
    exported = list(csv.DictReader(io.StringIO(client.get(f"/kyselyt/{survey.pk}/tulokset.csv").content.decode())))
    rows = {r["group"]: r for r in exported if r["metric"] == "modes" and r["breakdown"] == "answers"}
    assert rows["all"]["n"] == "20" and rows["1"]["value"] == "75.0" and rows["2"]["suppressed"] == "hidden"


def test_an_option_nearly_everyone_ticked_is_hidden_too(staff, draft):
    """18 of 20 ticked "on foot": the count 18 with the base 20 would tell that 2 did not."""
    survey = _published(staff, draft)
    _released(staff, survey, [{"age": 30, "modes": ["1", "3"]}] * 18 + [{"age": 30, "modes": ["3"]}] * 2)
    from yhteiso.surveys.results import survey_results

    modes = next(d for d in survey_results(survey)["distributions"] if d["key"] == "modes")
    rows = {r["value"]: r for r in modes["rows"]}
    assert modes["total"] == 20 and rows["1"]["count"] is None and rows["1"]["share"] is None
    assert rows["3"]["count"] == 20 and rows["2"]["count"] == 0


def test_a_number_shows_mean_median_and_quartiles_only_above_the_threshold(client, staff, draft):
    survey = _published(staff, draft)
    _released(staff, survey, [{"age": a, **({"km": k} if k is not None else {})}
                              for a, k in zip(range(20, 32), [1, 2, 3, 4, 5, 6, None, None, None, None, None,
                                                              None], strict=True)])
    from yhteiso.surveys.results import survey_results

    data = survey_results(survey)
    age = next(d for d in data["distributions"] if d["key"] == "age")
    assert age["summary"] == {"n": 12, "mean": pytest.approx(25.5), "median": pytest.approx(25.5),
                              "q1": pytest.approx(22.75), "q3": pytest.approx(28.25)}
    km = next(d for d in data["distributions"] if d["key"] == "km")  # 6 answers: n shown, nothing else
    assert km["summary"] == {"n": 6, "mean": None, "median": None, "q1": None, "q3": None}
    mean = next(m for m in data["metrics"] if m["key"] == "own_age")["tables"][0]["total"]
    assert mean["value"] == pytest.approx(25.5)
    client.force_login(staff)
    exported = list(csv.DictReader(io.StringIO(client.get(f"/kyselyt/{survey.pk}/tulokset.csv").content.decode())))
    age_rows = {r["group"]: r for r in exported if r["metric"] == "age" and r["breakdown"] == "answers"}
    assert age_rows["median"]["value"] == "25.5" and age_rows["q1"]["value"] == "22.75"
    km_rows = {r["group"]: r for r in exported if r["metric"] == "km" and r["breakdown"] == "answers"}
    assert km_rows["all"]["n"] == "6" and km_rows["median"]["value"] == "" and km_rows["median"]["suppressed"]
    page = client.get(f"/kyselyt/{survey.pk}/tulokset/").content.decode()
    assert "Mediaani" in page and "näytetään vain, kun vähintään 10 vastaajaa" in page


def test_a_number_answered_by_fewer_than_the_smallest_count_shows_nothing(staff, draft):
    survey = _published(staff, draft)
    _released(staff, survey, [{"age": 30 + i, **({"km": 99} if i < 3 else {})} for i in range(12)])
    from yhteiso.surveys.results import survey_results

    km = next(d for d in survey_results(survey)["distributions"] if d["key"] == "km")
    assert km["total"] is None and km["summary"] == {"n": None, "mean": None, "median": None, "q1": None,
                                                     "q3": None}


LEPPAVAARA = (24.8135, 60.2195)
HELSINKI_CENTRE = (24.9384, 60.1699)


def _place_survey(staff, draft):
    services.survey_item_add(survey=draft, actor=staff, question={
        "key": "spot", "type": "place", "text": {"fi": "Missä liikut eniten?"}, "required": True})
    services.survey_translate(survey=draft, actor=staff, title={}, texts={
        "q_spot_sv": "Var rör du dig mest?", "q_spot_ar": "أين تتنقل أكثر؟"})
    return services.survey_publish(survey=draft, actor=staff)


def test_staff_add_a_place_question_and_residents_answer_it_without_javascript(client, staff, draft):
    client.force_login(staff)
    assert _add(client, draft, type="place", text="Missä liikut eniten?", key="spot").status_code == 302
    assert SurveyItem.objects.get(survey=draft).question["type"] == "place"
    assert "Paikka kartalla" in client.get(f"{MANAGE}/{draft.pk}/kysymykset/").content.decode()
    client.logout()
    services.survey_translate(survey=draft, actor=staff, title={}, texts={
        "q_spot_sv": "Var rör du dig mest?", "q_spot_ar": "أين تتنقل أكثر؟"})
    survey = services.survey_publish(survey=draft, actor=staff)
    for lang, words in (("fi", "Katuosoite tai postinumeroalue"), ("sv", "Gatuadress eller postnummerområde"),
                        ("ar", "عنوان الشارع أو المنطقة البريدية")):
        page = client.get(f"/kyselyt/{survey.pk}/?kieli={lang}").content.decode()
        assert words in page and 'name="q_spot_area"' in page and 'data-ymap="point"' in page
    sv_page = client.get(f"/kyselyt/{survey.pk}/?kieli=sv").content.decode()
    assert "Stor-Alberga" in sv_page
    area = str(services.home_area_options()[0]["value"])
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_spot_area": area})
    assert resp.status_code == 302
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_spot_address": "  Kotikatu 1,   02600 Espoo "})
    assert resp.status_code == 302
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_spot_lon": str(LEPPAVAARA[0]), "q_spot_lat": str(LEPPAVAARA[1])})
    assert resp.status_code == 302
    stored = sorted((r.answers["spot"] for r in Response.objects.filter(survey=survey)), key=str)
    assert {"address": "Kotikatu 1, 02600 Espoo"} in stored and {"area": area} in stored
    point = next(p for p in stored if "lon" in p)
    assert (point["lon"], point["lat"]) == LEPPAVAARA and point["area"] == area  # Leppävaara is district 1


@pytest.mark.parametrize(("lang", "fields", "words"), [
    ("fi", {"q_spot_lon": str(HELSINKI_CENTRE[0]), "q_spot_lat": str(HELSINKI_CENTRE[1])},
     "Paikka on Espoon ulkopuolella"),
    ("ar", {"q_spot_lon": "24.8", "q_spot_lat": "pohjoinen"}, "المكان خارج إسبو"),
    ("sv", {"q_spot_area": "999"}, "Okänt område"),
    ("fi", {"q_spot_address": "x" * 201}, "enintään 200 merkkiä"),
    ("fi", {}, "Tähän kysymykseen pitää vastata."),
])
def test_a_place_outside_espoo_or_unknown_is_refused_naming_the_question(client, staff, draft, lang, fields, words):
    survey = _place_survey(staff, draft)
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": lang, **fields})
    assert resp.status_code == 400
    summary = {e["field"]: e["message"] for e in resp.context["error_summary"]}
    assert summary["q_spot"].startswith("1. ") and words in summary["q_spot"]
    assert not Response.objects.filter(survey=survey).exists()


def test_the_api_takes_a_point_and_refuses_one_outside_the_city(client, staff, draft):
    survey = _place_survey(staff, draft)
    detail = client.get(f"/api/v1/surveys/{survey.pk}?language=sv").json()
    spot = detail["questions"][0]
    assert spot["type"] == "place" and "Stor-Alberga" in [a["label"] for a in spot["areas"]]

    def send(value):
        return client.post(f"/api/v1/surveys/{survey.pk}/responses", {
            "submission_id": str(uuid.uuid4()), "language": "fi", "answers": {"spot": value}},
            content_type="application/json")

    assert send({"lon": HELSINKI_CENTRE[0], "lat": HELSINKI_CENTRE[1]}).json()["errors"] == {
        "spot": "Paikka on Espoon ulkopuolella. Valitse paikka Espoosta."}
    assert send({"lon": 1e308 * 10, "lat": 60.2}).status_code == 400
    assert send({"lon": 24.81, "lat": 60.22, "name": "extra"}).status_code == 400
    assert send("Leppävaara").status_code == 400
    assert send({"lon": LEPPAVAARA[0], "lat": LEPPAVAARA[1]}).status_code == 201


def test_place_results_are_counts_per_district_suppressed_and_never_the_points(client, staff, draft):
    survey = _place_survey(staff, draft)
    areas = [str(o["value"]) for o in services.home_area_options()]
    rows = [{"spot": {"lon": LEPPAVAARA[0], "lat": LEPPAVAARA[1], "area": areas[0]}}] * 12 \
        + [{"spot": {"area": areas[1]}}] * 3 + [{"spot": {"area": areas[2]}}] * 5 \
        + [{"spot": {"address": "Kotikatu 1"}}] * 6
    _released(staff, survey, rows)
    client.force_login(staff)
    api = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    spot = next(d for d in api["distributions"] if d["key"] == "spot")
    counts = {r["value"]: r["count"] for r in spot["rows"]}
    assert spot["total"] == 26 and counts[areas[0]] == 12 and counts["address"] == 6
    assert counts[areas[1]] is None and counts[areas[2]] is None  # 3 < 5, and 5 with it (the total would tell)
    text = client.get(f"/kyselyt/{survey.pk}/tulokset.csv").content.decode()
    assert "24.8135" not in text and "Kotikatu" not in text
    assert "24.8135" not in client.get(f"/kyselyt/{survey.pk}/tulokset/").content.decode()
