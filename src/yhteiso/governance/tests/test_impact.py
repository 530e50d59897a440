"""Segregation impact assessments (issue 16 item 7): prefilled with the knowledge base's figures, frozen on
submission, reviewed by the steering group, attached to the decision, revisited in the effect follow-up; roles and
bad input.

The statistics are a small constructed table for twelve 1 km squares (not Espoo's figures), imported through the
knowledge base's own importer so that its indices, weakest decile and D are computed by its own code."""

from __future__ import annotations

import datetime as dt
import io
import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from shapely.geometry import box, mapping

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.areas.services import area_get_or_create_city, boundaries_import
from yhteiso.core.models import AuditEvent
from yhteiso.governance import selectors_impact, services, services_impact
from yhteiso.governance.models import AssessmentStatus, Decision, ImpactAssessment, ImpactReview
from yhteiso.knowledge.models import ImportKind, IndexValue
from yhteiso.knowledge.services import statistics_import

CODES = [f"0{i:02d}00" for i in range(1, 13)]
DATASET = {"code": "constructed-grid", "title": "Constructed test grid", "publisher": "Test publisher",
           "licence": "CC BY 4.0", "attribution": "Lähde: rakennettu testiaineisto"}


def _geojson() -> bytes:
    features = []
    for i, code in enumerate(CODES):
        x, y = 380000 + (i % 4) * 1000, 6670000 + (i // 4) * 1000
        features.append({"type": "Feature", "properties": {"code": code, "name": f"Ruutu {code}"},
                         "geometry": mapping(box(x, y, x + 1000, y + 1000))})
    return json.dumps({"type": "FeatureCollection",
                       "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3067"}},
                       "features": features}).encode()


def _table(year: int, *, shift: int = 0) -> bytes:
    """Counts per square: population, foreign-language speakers (for D), and the status/sum-index variables. The
    last squares are the poorest, so they form the weakest decile."""
    out = io.StringIO()
    out.write("code,population,foreign_language_count_est,ko_ika18y,ko_perus,pt_tyoll,pt_tyott,hr_tuy,hr_pi_tul,"
              "hr_mtu\n")
    for i, code in enumerate(CODES):
        pop = 1000 + 100 * i + shift
        adults = int(pop * 0.8)
        foreign = 40 + 30 * i + shift
        basic = int(adults * (0.04 + 0.012 * i))
        employed = int(adults * 0.6)
        unemployed = int(employed * (0.03 + 0.008 * i))
        low = int(adults * (0.08 + 0.015 * i))
        income = 36000 - 1200 * i - shift
        out.write(f"{code},{pop},{foreign},{adults},{basic},{employed},{unemployed},{adults},{low},{income}\n")
    return out.getvalue().encode()


def _import(year: int, *, shift: int | None = None):
    # a different file each year (an identical file would be recognised as already imported)
    shift = (year - 2023) * 10 if shift is None else shift
    statistics_import(kind=ImportKind.TABLE, data=_table(year, shift=shift), filename=f"grid-{year}.csv",
                      level=AreaLevel.POSTAL_AREA, dataset=DATASET, options={"area_column": "code", "year": year})


@pytest.fixture
def grid(db):
    area_get_or_create_city(code="049", name_fi="Espoo", name_sv="Esbo")
    boundaries_import(data=_geojson(), filename="grid.geojson", level=AreaLevel.POSTAL_AREA, parent="049",
                      parent_level=AreaLevel.CITY, attribution="Rajat: testi", licence="CC BY 4.0")
    _import(2023)
    _import(2024)
    return {a.code: a for a in Area.objects.filter(level=AreaLevel.POSTAL_AREA)}


def _followup(days=400):
    return timezone.localdate() + dt.timedelta(days=days)


def _fields(**extra):
    data = {"title": "Uusi nuorisotila", "description": "Nuorisotila kauppakeskukseen.",
            "population_groups": ["young_people", "foreign_language"], "mixing_effect": "more",
            "mixing_reasons": "Nuoret eri alueilta kohtaavat.", "services_effect": "strengthens",
            "services_reasons": "Palvelu heikoimman kymmenyksen alueelle.", "catchment_effect": "none",
            "catchment_reasons": "Ei vaikuta oppilaaksiottoon.", "mitigations": "",
            "prepared_by_name": "Emma Aalto, ohjelmapäällikkö", "followup_date": _followup()}
    data.update(extra)
    return data


def _post_data(areas, **extra):
    data = _fields(**extra)
    post = {k: v for k, v in data.items() if k != "population_groups"}
    post["followup_date"] = data["followup_date"].isoformat() if data["followup_date"] else ""
    post["population_groups"] = data["population_groups"]
    post["areas"] = [a.pk for a in areas]
    return post


def _create(staff, areas, **extra):
    return services_impact.assessment_create(actor=staff, areas=areas, **_fields(**extra))


def _as(client, user, lang="en"):
    client.force_login(user)
    client.cookies["yhteiso_language"] = lang
    return client


# --- figures ------------------------------------------------------------------------------------------------------

def test_the_figures_give_population_indices_decile_rank_and_d_with_year_and_source(grid):
    poorest, richest = grid["01200"], grid["00100"]
    figures = selectors_impact.assessment_figures([richest, poorest])
    rows = {r["code"]: r for r in figures["areas"]}
    assert rows["01200"]["population"] == {"value": 2110.0, "year": 2024, "source": "rakennettu testiaineisto",
                                           "licence": "CC BY 4.0"}
    sum_index = next(i for i in rows["01200"]["indices"] if i["key"] == "sum_index")
    stored = IndexValue.objects.get(area=poorest, index="sum_index", group="", computation__year=2024)
    assert sum_index["value"] == stored.value and sum_index["year"] == 2024
    assert sum_index["source"] == "rakennettu testiaineisto"
    assert sum_index["label"] == {"fi": "sosioekonominen summaindeksi", "sv": "socioekonomiskt summaindex",
                                  "en": "socioeconomic sum index"}
    assert len(sum_index["computation"]["input_hash"]) == 64
    # the knowledge base's own weakest-decile flag (the one the targeting page reads), not a second computation
    flag = IndexValue.objects.get(area=poorest, index="weakest_decile", group="", computation__year=2024)
    assert rows["01200"]["weakest_decile"]["value"] is (flag.value == 1.0) is True
    assert rows["00100"]["weakest_decile"]["value"] is False
    assert figures["in_weakest_decile"] == ["01200"]
    assert rows["01200"]["rank"]["rank"] == 1 and rows["01200"]["rank"]["of"] == 12
    assert rows["00100"]["rank"]["rank"] == 12
    d = next(x for x in figures["dissimilarity"] if x["group"] == "foreign_language")
    assert d["level"] == "postal_area" and d["year"] == 2024 and 0 < d["value"] < 1
    assert d["source"] == "rakennettu testiaineisto"
    stored_d = IndexValue.objects.get(index="dissimilarity", group="foreign_language", area__isnull=True,
                                      computation__year=2024, computation__level="postal_area")
    assert d["value"] == stored_d.value
    json.dumps(figures)  # stored as JSON


def test_an_area_without_figures_says_so_and_the_city_touches_no_listed_catchment(grid):
    city = Area.objects.get(level=AreaLevel.CITY)
    figures = selectors_impact.assessment_figures([city])
    assert figures["areas"][0]["population"] is None and figures["areas"][0]["indices"] == []
    assert figures["dissimilarity"] == [] and figures["catchments"] == []


def test_submitting_freezes_the_figures_and_later_imports_do_not_change_them(client, grid, staff, member_user):
    assessment = _create(staff, [grid["01200"]])
    services_impact.assessment_submit(assessment=assessment, actor=staff)
    assessment.refresh_from_db()
    frozen = assessment.figures
    assert assessment.status == AssessmentStatus.SUBMITTED and frozen["areas"][0]["population"]["year"] == 2024
    _import(2025, shift=500)  # new statistics: recomputed indices, a new year
    later = selectors_impact.assessment_figures([grid["01200"]])
    assert later["areas"][0]["population"] == {"value": 2600.0, "year": 2025, "source": "rakennettu testiaineisto",
                                               "licence": "CC BY 4.0"}
    assessment.refresh_from_db()
    assert assessment.figures == frozen
    page = _as(client, member_user).get(reverse("governance:assessment-detail", args=[assessment.pk]))
    text = page.content.decode()
    assert "2,110 (2024)" in text and "2,600" not in text and "Frozen when the assessment was submitted" in text
    # a draft shows today's figures as a preview
    draft = _create(staff, [grid["01200"]])
    page = client.get(reverse("governance:assessment-detail", args=[draft.pk]))
    assert "2,600 (2025)" in page.content.decode() and "Preview of today" in page.content.decode()


# --- the workflow through the pages ---------------------------------------------------------------------------------

def test_staff_prepare_and_submit_members_read_and_review_and_every_step_is_audited(
        client, grid, staff, member_user, held_meeting):
    item = held_meeting.items.get(number=1)
    Decision.objects.filter(item=item).delete()
    _as(client, staff)
    form = client.get(reverse("governance:assessment-create") + f"?item={item.pk}")
    assert form.status_code == 200 and f'value="{item.pk}" selected' in form.content.decode()
    response = client.post(reverse("governance:assessment-create"),
                           _post_data([grid["01200"], grid["01100"]], agenda_item=item.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = ImpactAssessment.objects.get()
    assert assessment.prepared_by == staff and assessment.agenda_item == item
    assert sorted(a.code for a in assessment.areas.all()) == ["01100", "01200"]
    assert assessment.population_groups == ["young_people", "foreign_language"]
    assert client.post(reverse("governance:assessment-submit", args=[assessment.pk])).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.figures is not None

    _as(client, member_user)
    meeting_page = client.get(reverse("governance:meeting-detail", args=[held_meeting.pk])).content.decode()
    assert reverse("governance:assessment-detail", args=[assessment.pk]) in meeting_page
    detail = client.get(reverse("governance:assessment-detail", args=[assessment.pk]))
    assert detail.status_code == 200 and "Record the review" in detail.content.decode()
    response = client.post(reverse("governance:assessment-review", args=[assessment.pk]),
                           {"outcome": "accepted", "note": "Hyvä arvio; seuranta 2027."})
    assert response.status_code == 302
    assessment.refresh_from_db()
    review = ImpactReview.objects.get()
    assert assessment.status == AssessmentStatus.ACCEPTED
    assert (review.outcome, review.note, review.reviewed_by, review.meeting) == (
        "accepted", "Hyvä arvio; seuranta 2027.", member_user, held_meeting)
    actions = list(AuditEvent.objects.filter(object_type="governance.impactassessment")
                   .order_by("id").values_list("action", "actor_name"))
    assert actions == [("impact_assessment.create", "staff"), ("impact_assessment.submit", "staff"),
                       ("impact_assessment.review", "member")]
    page = client.get(reverse("governance:assessment-detail", args=[assessment.pk])).content.decode()
    assert "Hyvä arvio; seuranta 2027." in page and "Record the review" not in page


def test_needs_changes_sends_it_back_and_a_revised_version_is_frozen_again(grid, staff, member_user):
    assessment = _create(staff, [grid["01200"]])
    services_impact.assessment_submit(assessment=assessment, actor=staff)
    services_impact.assessment_review(assessment=assessment, actor=member_user, outcome="needs_changes",
                                      note="Kerro vaikutuksesta kouluihin.")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.NEEDS_CHANGES
    services_impact.assessment_update(assessment=assessment, actor=staff, areas=[grid["01200"]],
                                      **_fields(catchment_reasons="Oppilaaksiottoalueet eivät muutu."))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT and assessment.figures is None
    services_impact.assessment_submit(assessment=assessment, actor=staff)
    services_impact.assessment_review(assessment=assessment, actor=member_user, outcome="accepted", note="Ok.")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.ACCEPTED
    assert list(assessment.reviews.values_list("outcome", flat=True)) == ["needs_changes", "accepted"]
    with pytest.raises(ValidationError):  # accepted: no longer editable
        services_impact.assessment_update(assessment=assessment, actor=staff, areas=[grid["01200"]], **_fields())


# --- roles: the attacks ---------------------------------------------------------------------------------------------

def _submitted(staff, grid):
    assessment = _create(staff, [grid["01200"]])
    services_impact.assessment_submit(assessment=assessment, actor=staff)
    return assessment


@pytest.mark.parametrize("name", ["assessments", "assessment-create", "assessment-detail", "assessment-edit"])
def test_others_get_403_and_anonymous_visitors_are_sent_to_log_in(client, grid, staff, plain_user, name):
    assessment = _create(staff, [grid["01200"]])
    url = reverse(f"governance:{name}", args=[assessment.pk] if "detail" in name or "edit" in name else [])
    assert client.get(url).status_code == 302
    assert _as(client, plain_user).get(url).status_code == 403


def test_a_member_cannot_prepare_edit_or_submit(client, grid, staff, member_user):
    assessment = _create(staff, [grid["01200"]])
    _as(client, member_user)
    assert client.post(reverse("governance:assessment-create"), _post_data([grid["00100"]])).status_code == 403
    assert client.post(reverse("governance:assessment-edit", args=[assessment.pk]),
                       _post_data([grid["00100"]], title="Hijacked")).status_code == 403
    assert client.post(reverse("governance:assessment-submit", args=[assessment.pk])).status_code == 403
    assessment.refresh_from_db()
    assert ImpactAssessment.objects.count() == 1 and assessment.title == "Uusi nuorisotila"
    assert assessment.status == AssessmentStatus.DRAFT


def test_a_plain_user_cannot_review_and_nothing_is_saved(client, grid, staff, plain_user):
    assessment = _submitted(staff, grid)
    response = _as(client, plain_user).post(reverse("governance:assessment-review", args=[assessment.pk]),
                                            {"outcome": "accepted", "note": "x"})
    assert response.status_code == 403
    assert not ImpactReview.objects.exists()
    with pytest.raises(PermissionDenied):
        services_impact.assessment_review(assessment=assessment, actor=plain_user, outcome="accepted", note="x")


def test_the_preparer_cannot_review_their_own_assessment(client, grid, staff):
    assessment = _submitted(staff, grid)
    response = _as(client, staff).post(reverse("governance:assessment-review", args=[assessment.pk]),
                                       {"outcome": "accepted", "note": "Omani, hyvä."})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services_impact.assessment_review(assessment=assessment, actor=staff, outcome="accepted", note="x")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and not ImpactReview.objects.exists()


def test_a_draft_cannot_be_reviewed_and_a_review_needs_a_note(client, grid, staff, member_user):
    draft = _create(staff, [grid["01200"]])
    _as(client, member_user)
    response = client.post(reverse("governance:assessment-review", args=[draft.pk]),
                           {"outcome": "accepted", "note": "x"}, follow=True)
    assert "Only a submitted assessment can be reviewed" in response.content.decode()
    submitted = _submitted(staff, grid)
    response = client.post(reverse("governance:assessment-review", args=[submitted.pk]),
                           {"outcome": "accepted", "note": "  "})
    assert response.status_code == 400 and "Note: This field is required." in response.content.decode()
    response = client.post(reverse("governance:assessment-review", args=[submitted.pk]),
                           {"outcome": "rubber-stamped", "note": "x"})
    assert response.status_code == 400 and "The steering group&#x27;s review: Select a valid choice" in \
        response.content.decode()
    assert not ImpactReview.objects.exists()


def test_requests_without_the_csrf_token_are_refused(grid, staff, member_user):
    from django.test import Client

    assessment = _submitted(staff, grid)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member_user)
    response = strict.post(reverse("governance:assessment-review", args=[assessment.pk]),
                           {"outcome": "accepted", "note": "x"})
    assert response.status_code == 403 and not ImpactReview.objects.exists()


# --- bad input --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "field_message"), [
    ({"mixing_reasons": ""}, "Reasons (mixing): This field is required."),
    ({"areas": []}, "Areas touched: Choose at least one area the decision or action touches."),
    ({"areas": ["999999"]}, "Areas touched: Unknown area: 999999."),
    ({"areas": ["abc"]}, "Areas touched: Unknown area: abc."),
    ({"population_groups": []}, "Population groups touched: Choose at least one population group."),
    ({"population_groups": ["aliens"]}, "Population groups touched: Select a valid choice."),
    ({"mixing_effect": "lots"}, "Expected effect on mixing: Select a valid choice."),
    ({"followup_date": "2001-01-01"}, "Follow-up date: The follow-up date must be in the future."),
    ({"followup_date": "31.2.2027"}, "Follow-up date: Enter a valid date."),
    ({"followup_date": "2099-01-01"}, "Follow-up date: The follow-up date must be within 10 years."),
    ({"services_effect": "weakens"}, "Mitigations: An adverse expected effect needs mitigations"),
    ({"title": "x" * 301}, "Planned decision or action: Ensure this value has at most 300 characters"),
])
def test_bad_input_names_the_field_and_saves_nothing(client, grid, staff, change, field_message):
    data = _post_data([grid["01200"]])
    data.update(change)
    response = _as(client, staff).post(reverse("governance:assessment-create"), data)
    assert response.status_code == 200
    text = response.content.decode().replace("&#x27;", "'")
    assert field_message in text, text[text.find("error-summary"):][:1500]
    assert not ImpactAssessment.objects.exists()
    assert not AuditEvent.objects.filter(object_type="governance.impactassessment").exists()


def test_the_error_is_in_finnish_on_a_finnish_page(client, grid, staff):
    data = _post_data([grid["01200"]], mixing_reasons="")
    response = _as(client, staff, "fi").post(reverse("governance:assessment-create"), data)
    text = response.content.decode()
    assert "Perustelut (kohtaaminen): Tämä kenttä vaaditaan." in text
    assert not ImpactAssessment.objects.exists()


def test_a_submit_that_fails_names_the_field_and_keeps_the_draft(client, grid, staff):
    assessment = _create(staff, [grid["01200"]])
    ImpactAssessment.objects.filter(pk=assessment.pk).update(followup_date=timezone.localdate())
    response = _as(client, staff).post(reverse("governance:assessment-submit", args=[assessment.pk]), follow=True)
    assert "Follow-up date: The follow-up date must be in the future." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT and assessment.figures is None


def test_an_assessment_cannot_be_attached_to_an_item_already_decided(grid, staff, held_meeting):
    item = held_meeting.items.get(number=1)
    services.decision_record(item=item, actor=staff, text="Noted.", outcome="noted")
    with pytest.raises(ValidationError) as exc:
        _create(staff, [grid["01200"]], agenda_item=item)
    assert "agenda_item" in exc.value.message_dict and not ImpactAssessment.objects.exists()


# --- the decision ---------------------------------------------------------------------------------------------------

def test_an_item_that_requires_an_assessment_is_approved_only_after_the_group_accepts_one(
        grid, staff, member_user, make_meeting, people):
    meeting = make_meeting(send=False)
    item = meeting.items.get(number=1)
    services.agenda_item_update(item=item, actor=staff, requires_impact_assessment=True)
    assessment = _create(staff, [grid["01200"]], agenda_item=item)
    services_impact.assessment_submit(assessment=assessment, actor=staff)
    services.agenda_send(meeting=meeting, actor=staff, sent_at=timezone.now() - dt.timedelta(days=5))
    services.meeting_record_attendance(meeting=meeting, actor=staff, start_time=dt.time(14), end_time=dt.time(16),
                                       attendances=[(people["chair"], dt.time(14), dt.time(16))])
    item.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.decision_record(item=item, actor=staff, text="Hyväksytään.", outcome="approved")
    assert "outcome" in exc.value.message_dict and not Decision.objects.exists()
    services_impact.assessment_review(assessment=assessment, actor=member_user, outcome="accepted", note="Ok.")
    decision = services.decision_record(item=item, actor=staff, text="Hyväksytään.", outcome="approved")
    assert decision.outcome == "approved"


def test_an_item_that_requires_an_assessment_may_still_be_returned_for_preparation(staff, held_meeting):
    item = held_meeting.items.get(number=1)
    item.requires_impact_assessment = True
    item.save()
    decision = services.decision_record(item=item, actor=staff, text="Palautetaan.", outcome="returned")
    assert decision.outcome == "returned"


def test_the_decision_page_says_why_approval_is_refused(client, staff, held_meeting):
    item = held_meeting.items.get(number=1)
    item.requires_impact_assessment = True
    item.save()
    response = _as(client, staff).post(reverse("governance:decision", args=[held_meeting.pk, item.pk]),
                                       {"text": "Hyväksytään.", "outcome": "approved"})
    assert response.status_code == 200
    assert "requires a segregation impact assessment accepted by the steering group" in response.content.decode()
    assert "No assessment attached yet." in response.content.decode()
    assert not Decision.objects.exists()


# --- the follow-up and the meeting page --------------------------------------------------------------------------------

def test_the_follow_up_link_opens_the_effect_follow_up_for_the_areas(client, grid, staff, member_user, project):
    project.target_areas.set([grid["01200"], grid["01100"]])
    assessment = _create(staff, [grid["01200"]], project=project, followup_date=dt.date(2027, 9, 1))
    services_impact.assessment_submit(assessment=assessment, actor=staff)
    assessment.refresh_from_db()
    link = selectors_impact.followup_link(assessment, assessment.figures)
    url = urlparse(link)
    assert url.path == reverse("programme:followup")
    # 2027 has no figures yet, so the page is not asked for it (it offers only years with figures)
    assert parse_qs(url.query) == {"project": [str(project.pk)], "level": ["postal_area"],
                                   "indicator": ["idx:sum_index"]}
    page = _as(client, member_user).get(reverse("governance:assessment-detail", args=[assessment.pk]))
    assert link.replace("&", "&amp;") in page.content.decode()
    followup = client.get(link)
    assert followup.status_code == 200
    text = followup.content.decode()
    # the page opens on the project's comparison without asking for anything (no form errors)
    assert project.name_fi in text and 'class="errorlist' not in text and "This field is required" not in text


def test_accepted_assessments_whose_follow_up_has_come_are_listed_as_due(grid, staff, member_user):
    assessment = _submitted(staff, grid)
    services_impact.assessment_review(assessment=assessment, actor=member_user, outcome="accepted", note="Ok.")
    assert list(selectors_impact.followups_due()) == []
    later = assessment.followup_date + dt.timedelta(days=1)
    assert list(selectors_impact.followups_due(later)) == [assessment]


def test_the_public_minutes_do_not_show_assessments(client, grid, staff, people, held_meeting):
    item = held_meeting.items.get(number=1)
    item.requires_impact_assessment = True
    item.save()
    assessment = _create(staff, [grid["01200"]], agenda_item=item)
    services.decision_record(item=item, actor=staff, text="Palautetaan.", outcome="returned")
    services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"])
    services.minutes_approve(meeting=held_meeting, actor=staff)
    services.minutes_publish(meeting=held_meeting, actor=staff)
    page = client.get(reverse("governance:minutes-detail", args=[held_meeting.pk])).content.decode()
    assert assessment.title not in page and "impact assessment" not in page.lower()


def test_the_demo_example_assessment_is_marked_submitted_with_frozen_figures_and_loaded_once(grid, staff):
    from yhteiso.governance import demo
    from yhteiso.programme import services as programme_services
    from yhteiso.programme.models import BenefitGoal

    goal, _ = BenefitGoal.objects.get_or_create(number=2, defaults={"name_fi": "Kohtaamiset lisääntyvät"})
    project = programme_services.project_create(actor=staff, goals=[goal],
                                                name_fi="Kohtaamistoiminta, pilottialueena Matinkylä")
    project.target_areas.set([grid["01200"]])
    assert demo._load_example_assessment() is True
    assert demo._load_example_assessment() is False
    example = ImpactAssessment.objects.get()
    assert example.is_example and example.title.startswith("Esimerkki")
    assert example.status == AssessmentStatus.SUBMITTED and example.project == project
    assert example.figures["areas"][0]["code"] == "01200"


def test_staff_revise_an_assessment_sent_back_on_its_page_and_an_accepted_one_is_locked(
        client, grid, staff, member_user):
    assessment = _submitted(staff, grid)
    services_impact.assessment_review(assessment=assessment, actor=member_user, outcome="needs_changes",
                                      note="Lisää lieventävät toimet.")
    _as(client, staff)
    url = reverse("governance:assessment-edit", args=[assessment.pk])
    form = client.get(url).content.decode()
    assert f'value="{grid["01200"].pk}" id="area-{grid["01200"].pk}" checked' in form
    response = client.post(url, _post_data([grid["01200"], grid["00100"]], mixing_effect="less",
                                           mitigations="Kerhot kahdella kielellä."))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT and assessment.mitigations == "Kerhot kahdella kielellä."
    assert sorted(a.code for a in assessment.areas.all()) == ["00100", "01200"]
    services_impact.assessment_submit(assessment=assessment, actor=staff)
    services_impact.assessment_review(assessment=assessment, actor=member_user, outcome="accepted", note="Ok.")
    response = client.post(url, _post_data([grid["00100"]], title="Changed afterwards"), follow=True)
    assert "can no longer be edited" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.title == "Uusi nuorisotila" and assessment.status == AssessmentStatus.ACCEPTED
