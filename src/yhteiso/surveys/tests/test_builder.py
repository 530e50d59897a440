"""The survey builder, tried as staff would: questions of each type, sections, a condition, instruments from the
question bank, reordering, editing, removing, previewing in each language and publishing; then answered on the
respondent page and through the API, and released, with results and exports suppressed like any other."""

import csv
import io
import uuid

import pytest
from openpyxl import load_workbook

from yhteiso.core.models import AuditEvent
from yhteiso.surveys import services, validation
from yhteiso.surveys.models import Response, SurveyItem, SurveyStatus

MANAGE = "/kyselyt/hallinta"


@pytest.fixture
def draft(db, staff, instruments):
    return services.survey_create(actor=staff, title={"fi": "Puistokysely", "sv": "Parkenkät"},
                                  languages=["fi", "sv"])


def _builder(draft):
    return f"{MANAGE}/{draft.pk}/kysymykset/"


def _add_question(client, draft, **fields):
    data = {"type": "choice", "text": "Käytätkö puistoa?", "options": "Kyllä\nEn", **fields}
    return client.post(f"{_builder(draft)}uusi/", data)


def _items(draft):
    return list(SurveyItem.objects.filter(survey=draft).order_by("position"))


def _keys(draft):
    return [i.question["key"] if i.question else i.instrument.key for i in _items(draft)]


def _park_survey(client, draft):
    """Section, a single-choice question, a conditional required text, a scale; translated; published."""
    client.post(f"{_builder(draft)}osio/", {"name": "Puiston käyttö", "instructions": "Kerro puistosta."})
    _add_question(client, draft, key="uses_park", required="on")
    _add_question(client, draft, type="text", text="Mitä teet puistossa?", options="", key="park_what",
                  required="on", show_if="uses_park=1")
    _add_question(client, draft, type="scale", text="Kuinka viihtyisä puisto on?", options="", min="1", max="5",
                  min_label="Ei lainkaan", max_label="Erittäin", key="cosy")
    client.post(f"{MANAGE}/{draft.pk}/kaannokset/", {
        "q_section_1_sv": "Användning av parken", "q_section_1_instructions_sv": "Berätta om parken.",
        "q_uses_park_sv": "Använder du parken?", "q_uses_park_option1_sv": "Ja", "q_uses_park_option2_sv": "Nej",
        "q_park_what_sv": "Vad gör du i parken?", "q_cosy_sv": "Hur trivsam är parken?",
        "q_cosy_min_label_sv": "Inte alls", "q_cosy_max_label_sv": "Mycket"})
    resp = client.post(f"{MANAGE}/{draft.pk}/julkaise/")
    assert resp.status_code == 302
    draft.refresh_from_db()
    assert draft.status == SurveyStatus.PUBLISHED, [str(m) for m in resp.wsgi_request._messages]
    return draft


def test_staff_build_questions_of_each_type_with_a_section_and_each_write_is_audited(client, staff, draft):
    client.force_login(staff)
    page = client.get(_builder(draft))
    assert page.status_code == 200
    html = page.content.decode()
    for value in ("choice", "scale", "text"):
        assert f'name="type" value="{value}"' in html
    assert client.post(f"{_builder(draft)}osio/", {"name": "Puisto", "instructions": ""}).status_code == 302
    assert _add_question(client, draft, required="on").status_code == 302
    assert _add_question(client, draft, type="scale", text="Kuinka viihtyisä?", options="", min="0",
                         max="10").status_code == 302
    assert _add_question(client, draft, type="text", text="Terveiset?", options="").status_code == 302
    items = _items(draft)
    assert [i.question["type"] for i in items] == ["section", "choice", "scale", "text"]
    assert [i.question["key"] for i in items] == ["section_1", "own_1", "own_2", "own_3"]
    choice = items[1].question
    assert choice["required"] is True and choice["options"] == [
        {"value": "1", "label": {"fi": "Kyllä"}}, {"value": "2", "label": {"fi": "En"}}]
    assert items[2].question["required"] is False and (items[2].question["min"], items[2].question["max"]) == (0, 10)
    questions = services.build_questions(draft)
    assert questions[0]["section"]["name"] == {"fi": "Puisto"} and "section" not in questions[1]
    assert AuditEvent.objects.filter(action="survey.item_add", object_id=str(draft.pk)).count() == 4


def test_questions_are_edited_reordered_and_removed_and_kept_translations_follow_unchanged_texts(
        client, staff, draft):
    client.force_login(staff)
    _add_question(client, draft, text="Käytätkö puistoa?", options="Kyllä\nEn\nEn osaa sanoa")
    _add_question(client, draft, type="text", text="Terveiset?", options="")
    first, second = _items(draft)
    services.survey_translate(survey=draft, actor=staff, title={}, texts={
        "q_own_1_sv": "Använder du parken?", "q_own_1_option1_sv": "Ja", "q_own_1_option2_sv": "Nej"})
    page = client.get(f"{_builder(draft)}{first.pk}/").content.decode()
    assert "Kyllä\nEn\nEn osaa sanoa" in page
    resp = client.post(f"{_builder(draft)}{first.pk}/", {"type": "choice", "text": "Käytätkö puistoa?",
                                                          "options": "Kyllä\nJoskus\nEn", "key": "own_1"})
    assert resp.status_code == 302
    first.refresh_from_db()
    assert first.question["text"] == {"fi": "Käytätkö puistoa?", "sv": "Använder du parken?"}
    assert first.question["options"] == [{"value": "1", "label": {"fi": "Kyllä", "sv": "Ja"}},
                                         {"value": "4", "label": {"fi": "Joskus"}},
                                         {"value": "2", "label": {"fi": "En", "sv": "Nej"}}]
    client.post(f"{_builder(draft)}{first.pk}/", {"type": "choice", "text": "Käytätkö lähipuistoa?",
                                                   "options": "Kyllä\nJoskus\nEn", "key": "own_1"})
    first.refresh_from_db()
    assert first.question["text"] == {"fi": "Käytätkö lähipuistoa?"}  # a changed wording loses its translation
    assert client.post(f"{_builder(draft)}{second.pk}/siirra/", {"direction": "up"}).status_code == 302
    assert _keys(draft) == ["own_2", "own_1"]
    assert client.post(f"{_builder(draft)}{second.pk}/poista/").status_code == 302
    assert _keys(draft) == ["own_1"]
    assert {e.action for e in AuditEvent.objects.filter(object_id=str(draft.pk))} >= {
        "survey.item_edit", "survey.item_move", "survey.item_delete"}


def test_instruments_come_from_the_question_bank_and_cannot_be_edited(client, staff, draft, instruments):
    client.force_login(staff)
    resp = client.post(f"{_builder(draft)}kysymyspankki/", {"instrument": instruments["racism"].pk})
    assert resp.status_code == 302
    item = _items(draft)[0]
    assert item.instrument == instruments["racism"] and item.question is None
    page = client.get(_builder(draft)).content.decode()
    assert "racism_met, racism_target" in page and f"kysymykset/{item.pk}/\"" not in page
    resp = client.post(f"{_builder(draft)}{item.pk}/", {"type": "text", "text": "Muutettu"})
    assert resp.status_code == 302
    item.refresh_from_db()
    assert item.question is None and item.instrument.definition == instruments["racism"].definition
    with pytest.raises(services.ValidationError):
        services.survey_item_edit(item=item, actor=staff, question={"type": "text", "text": {"fi": "Muutettu"}})
    # a condition may depend on an instrument's single-choice question, which keeps today's instruments working
    _add_question(client, draft, type="text", text="Missä?", options="", show_if="racism_met=several")
    assert _items(draft)[1].question["show_if"] == {"question": "racism_met", "values": ["several"]}
    # the same instrument twice would repeat its questions' short names
    resp = client.post(f"{_builder(draft)}kysymyspankki/", {"instrument": instruments["racism"].pk})
    assert resp.status_code == 400 and "racism_met" in resp.content.decode()
    assert len(_items(draft)) == 2


@pytest.mark.parametrize(("fields", "field", "fi_words"), [
    ({"options": ""}, "options", "vähintään kaksi"),
    ({"options": "Kyllä\nkyllä"}, "options", "kyllä"),
    ({"type": "scale", "options": "", "min": "5", "max": "1"}, "max", "suurempi"),
    ({"type": "scale", "options": "", "min": "0", "max": "30"}, "max", "20"),
    ({"type": "text", "options": "A\nB"}, "options", "vain monivalinta"),
    ({"key": "own 1"}, "key", "kirjaimia"),
    ({"key": "taken"}, "key", "kahdesti"),
    ({"text": ""}, "text", ""),
    ({"show_if": "own_9=1"}, "show_if", ""),
])
def test_bad_input_is_refused_with_a_message_naming_the_field_and_nothing_is_saved(
        client, staff, draft, fields, field, fi_words):
    client.force_login(staff)
    _add_question(client, draft, key="taken")
    before = [i.question for i in _items(draft)]
    resp = _add_question(client, draft, **fields)
    assert resp.status_code == 400
    form = resp.context["question_form"]
    assert form.errors[field] and fi_words in " ".join(form.errors[field])
    html = resp.content.decode()
    assert 'class="error-summary"' in html and f'href="#id_{field}">{form.fields[field].label}:' in html
    assert [i.question for i in _items(draft)] == before


def test_a_condition_must_point_to_an_earlier_single_choice_question(staff, draft):
    services.survey_item_add(survey=draft, actor=staff, question={
        "key": "later_text", "type": "text", "text": {"fi": "Vapaa"}})
    with pytest.raises(services.ValidationError) as later:
        services.survey_item_add(survey=draft, actor=staff, question={
            "key": "q2", "type": "text", "text": {"fi": "Miksi?"}, "show_if": {"question": "q3", "values": ["1"]}})
    assert "show_if" in later.value.message_dict
    with pytest.raises(services.ValidationError) as not_choice:
        services.survey_item_add(survey=draft, actor=staff, question={
            "key": "q2", "type": "text", "text": {"fi": "Miksi?"},
            "show_if": {"question": "later_text", "values": ["1"]}})
    assert "monivalintakysymyksestä" in not_choice.value.message_dict["show_if"][0]
    # built in order, then the source moved after the question that depends on it: refused, order unchanged
    source = services.survey_item_add(survey=draft, actor=staff, question={
        "key": "src", "type": "choice", "text": {"fi": "Lähde"},
        "options": [{"value": "1", "label": {"fi": "A"}}, {"value": "2", "label": {"fi": "B"}}]})
    services.survey_item_add(survey=draft, actor=staff, question={
        "key": "dep", "type": "text", "text": {"fi": "Jatko"}, "show_if": {"question": "src", "values": ["2"]}})
    with pytest.raises(services.ValidationError) as moved:
        services.survey_item_move(item=source, actor=staff, offset=1)
    assert "tulee myöhemmin" in moved.value.message_dict["show_if"][0]
    assert _keys(draft) == ["later_text", "src", "dep"]
    with pytest.raises(services.ValidationError) as removed:
        services.survey_item_delete(item=source, actor=staff)
    assert "dep" in removed.value.message_dict["show_if"][0]
    assert _keys(draft) == ["later_text", "src", "dep"]


def test_too_many_questions_are_refused_with_the_limit_named(client, staff, draft, monkeypatch):
    client.force_login(staff)
    monkeypatch.setattr(validation, "MAX_QUESTIONS", 2)
    _add_question(client, draft)
    _add_question(client, draft)
    resp = _add_question(client, draft)
    assert resp.status_code == 400 and "enintään 2 kysymystä (nyt 3)" in resp.content.decode()
    assert len(_items(draft)) == 2
    with pytest.raises(services.ValidationError):
        validation.sequence_check([{"key": f"q{i}", "type": "text"} for i in range(3)])


def test_an_empty_section_or_a_missing_translation_stops_publishing(client, staff, draft):
    client.force_login(staff)
    _add_question(client, draft)
    client.post(f"{_builder(draft)}osio/", {"name": "Tyhjä osio"})
    with pytest.raises(services.ValidationError) as empty:
        services.survey_publish(survey=draft, actor=staff)
    assert "Tyhjä osio" in empty.value.messages[0]
    section = _items(draft)[1]
    services.survey_item_move(item=section, actor=staff, offset=-1)
    with pytest.raises(services.ValidationError) as missing:
        services.survey_publish(survey=draft, actor=staff)
    assert "own_1: sv" in missing.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == SurveyStatus.DRAFT


def test_a_published_surveys_questions_cannot_be_changed(client, staff, draft):
    client.force_login(staff)
    survey = _park_survey(client, draft)
    frozen = list(survey.questions)
    items = [i.question for i in _items(survey)]
    item = _items(survey)[1]
    for resp in (
        _add_question(client, survey, text="Uusi?"),
        client.post(f"{_builder(survey)}osio/", {"name": "Uusi osio"}),
        client.post(f"{_builder(survey)}{item.pk}/", {"type": "text", "text": "Muutettu"}),
        client.post(f"{_builder(survey)}{item.pk}/siirra/", {"direction": "up"}),
        client.post(f"{_builder(survey)}{item.pk}/poista/"),
    ):
        assert resp.status_code == 302
        page = client.get(resp["Location"]).content.decode()
        assert "julkaistu" in page and "ei voi enää muuttaa" in page
    survey.refresh_from_db()
    assert survey.questions == frozen and [i.question for i in _items(survey)] == items
    with pytest.raises(services.ValidationError):
        services.survey_item_add(survey=survey, actor=staff, question={"type": "text", "text": {"fi": "X"}})
    html = client.get(_builder(survey)).content.decode()
    assert "Lisää kysymys" not in html and "Poista" not in html


def test_the_preview_shows_the_survey_in_each_language_and_cannot_send(client, staff, draft):
    client.force_login(staff)
    _park_survey(client, draft)
    fi = client.get(f"{MANAGE}/{draft.pk}/esikatselu/").content.decode()
    assert '<html lang="fi"' in fi and "Puiston käyttö" in fi and "Mitä teet puistossa?" in fi
    assert "Vastaa vain, jos vastauksesi kysymykseen ”Käytätkö puistoa?” oli ”Kyllä”." in fi
    assert "disabled" in fi and 'method="post"' not in fi.split("<main", 1)[1]
    sv = client.get(f"{MANAGE}/{draft.pk}/esikatselu/?kieli=sv").content.decode()
    assert '<html lang="sv"' in sv and "Användning av parken" in sv and "Hur trivsam är parken?" in sv
    assert "Svara bara om ditt svar på frågan ”Använder du parken?” var ”Ja”." in sv
    assert "(obligatorisk)" in sv
    client.logout()
    assert client.get(f"{MANAGE}/{draft.pk}/esikatselu/").status_code in (302, 403)


def test_a_draft_can_be_previewed_before_its_translations_are_complete(client, staff, draft):
    client.force_login(staff)
    _add_question(client, draft)
    page = client.get(f"{MANAGE}/{draft.pk}/esikatselu/?kieli=sv").content.decode()
    assert "Käytätkö puistoa?" in page and "own_1: sv" in page


def test_answers_to_a_question_whose_condition_is_not_met_are_dropped_and_it_is_not_required(
        client, staff, draft):
    client.force_login(staff)
    survey = _park_survey(client, draft)
    client.logout()
    page = client.get(f"/kyselyt/{survey.pk}/").content.decode()
    assert "jätä se väliin" in page and "Puiston käyttö" in page
    assert "Pakolliseksi merkittyihin kysymyksiin on vastattava" in page and "Kaikki kysymykset ovat" not in page
    assert "(pakollinen)" in page
    # uses the park = no ("2"): the follow-up is not required, and an answer to it is dropped
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_uses_park": "2", "q_park_what": "Ulkoilutan koiraa"})
    assert resp.status_code == 302
    assert Response.objects.get(survey=survey).answers == {"uses_park": "2"}
    # uses the park = yes: the follow-up is now shown and required
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_uses_park": "1"})
    assert resp.status_code == 400 and "q_park_what" in resp.content.decode()
    resp = client.post(f"/kyselyt/{survey.pk}/", {"submission_id": str(uuid.uuid4()), "language": "fi",
                                                  "q_uses_park": "1", "q_park_what": "Kävelen"})
    assert resp.status_code == 302 and Response.objects.filter(survey=survey).count() == 2
    # an unanswered source also hides the follow-up
    clean, errors = services.clean_answers(survey.questions, {"park_what": "x", "uses_park": "", "cosy": 3})
    assert errors == {"uses_park": ("required", {})} and clean == {"cosy": 3}


def test_the_api_shows_sections_and_conditions_and_lists_dropped_answers(client, staff, draft):
    client.force_login(staff)
    survey = _park_survey(client, draft)
    client.logout()
    detail = client.get(f"/api/v1/surveys/{survey.pk}?language=sv").json()
    questions = {q["key"]: q for q in detail["questions"]}
    assert questions["uses_park"]["section"] == "Användning av parken"
    assert questions["park_what"]["show_if"] == {"question": "uses_park", "values": ["1"]}
    assert questions["park_what"]["required"] is True
    resp = client.post(f"/api/v1/surveys/{survey.pk}/responses", {
        "submission_id": str(uuid.uuid4()), "language": "sv",
        "answers": {"uses_park": "2", "park_what": "Hundpromenad", "cosy": 4}}, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["ignored"] == ["park_what"]
    assert Response.objects.get(survey=survey).answers == {"uses_park": "2", "cosy": 4}
    resp = client.post(f"/api/v1/surveys/{survey.pk}/responses", {
        "submission_id": str(uuid.uuid4()), "language": "sv", "answers": {"uses_park": "1"}},
        content_type="application/json")
    assert resp.status_code == 400 and "park_what" in resp.json()["errors"]


def test_results_and_exports_of_builder_questions_come_from_a_release_and_are_suppressed(client, staff, draft):
    client.force_login(staff)
    survey = _park_survey(client, draft)
    rows = [("1", "Kävelen", 4)] * 14 + [("2", None, 2)] * 2
    Response.objects.bulk_create([
        Response(survey=survey, submission_id=uuid.uuid4(), language="fi",
                 answers={"uses_park": use, "cosy": cosy, **({"park_what": what} if what else {})})
        for use, what, cosy in rows])
    assert client.get(f"/kyselyt/{survey.pk}/tulokset.csv").content.decode().count("answers") == 0  # no release
    assert services.survey_release(survey=survey, actor=staff).total_responses == 16
    page = client.get(f"/kyselyt/{survey.pk}/tulokset/").content.decode()
    assert "Käytätkö puistoa?" in page and "Kuinka viihtyisä puisto on?" in page
    assert "Kävelen" not in page  # free text is never published
    exported = list(csv.DictReader(io.StringIO(client.get(f"/kyselyt/{survey.pk}/tulokset.csv").content.decode())))
    uses = {r["group"]: r for r in exported if r["metric"] == "uses_park" and r["breakdown"] == "answers"}
    assert uses["all"]["n"] == "16" and uses["1"]["n"] == "" and uses["1"]["suppressed"] == "hidden"
    assert uses["2"]["n"] == "" and uses["2"]["suppressed"] == "hidden"  # 2 < 5, and 14 would reveal it
    cosy = {r["group"]: r for r in exported if r["metric"] == "cosy" and r["breakdown"] == "answers"}
    assert cosy["4"]["n"] == "" and cosy["2"]["n"] == ""
    assert not any(r["metric"] == "park_what" for r in exported)
    mean = next(r for r in exported if r["metric"] == "own_cosy" and r["breakdown"] == "all")
    assert float(mean["value"]) == pytest.approx((14 * 4 + 2 * 2) / 16)
    sheet = load_workbook(io.BytesIO(client.get(f"/kyselyt/{survey.pk}/tulokset.xlsx").content))["results"]
    xlsx = {(r[0], r[3]): r for r in sheet.iter_rows(values_only=True) if r[2] == "answers"}
    assert xlsx[("uses_park", "all")][5] == 16 and xlsx[("uses_park", "2")][5] is None
    api = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    dist = next(d for d in api["distributions"] if d["key"] == "uses_park")
    assert [r["count"] for r in dist["rows"]] == [None, None]


def test_renaming_a_question_carries_its_conditions_and_removing_a_used_option_is_refused(client, staff, draft):
    client.force_login(staff)
    _add_question(client, draft, key="uses_park")
    _add_question(client, draft, type="text", text="Miksi?", options="", show_if="uses_park=2")
    source, follow_up = _items(draft)
    resp = client.post(f"{_builder(draft)}{source.pk}/", {"type": "choice", "text": "Käytätkö puistoa?",
                                                           "options": "Kyllä\nEn", "key": "park_use"})
    assert resp.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.question["show_if"] == {"question": "park_use", "values": ["2"]}
    resp = client.post(f"{_builder(draft)}{source.pk}/", {"type": "choice", "text": "Käytätkö puistoa?",
                                                           "options": "Kyllä\nJoskus", "key": "park_use"})
    assert resp.status_code == 400
    assert "Kysymyksen own_1 ehto: kysymyksessä park_use ei ole vaihtoehtoa 2." in resp.context["form"].errors[
        "show_if"]
    source.refresh_from_db()
    assert [o["label"]["fi"] for o in source.question["options"]] == ["Kyllä", "En"]
