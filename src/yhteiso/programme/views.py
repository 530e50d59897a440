"""Programme pages: public (dashboard, projects, budget, risks, reporting calendar) and staff forms. Views stay
thin: reads through selectors, writes through services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yhteiso.areas.models import Area
from yhteiso.core import formatting as fmt
from yhteiso.core.permissions import is_programme_staff, is_steering_member, member_required, staff_required
from yhteiso.programme import forms, selectors, selectors_programmes, selectors_progress, services
from yhteiso.programme.charts import indicator_charts, short_label
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    Indicator,
    IndicatorCell,
    Measurement,
    Project,
    ProjectStatus,
    ReportingDeadline,
    Risk,
    TargetGroup,
)
from yhteiso.programme.models_intake import not_in_intake
from yhteiso.viz import bar_chart


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _fresh(obj):
    """A separate copy for a ModelForm (which changes its instance while validating), so that the service still
    sees the stored values as "before" for the audit log."""
    return type(obj).objects.get(pk=obj.pk) if obj is not None else None


def _apply_validation_error(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (others on the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _indicator_url(indicator: Indicator) -> str:
    """The indicator's page: its code, and its programme when that is not the default one (codes repeat across
    programmes)."""
    return (reverse("programme:indicator-detail", args=[indicator.code])
            + selectors_programmes.page_query(indicator.programme))


def chosen_programme(request):
    """The programme a page shows: ``?ohjelma=<slug>``, the default programme without it; 404 for an unknown
    slug. The addresses stay as they were (the default programme's pages are the old pages)."""
    programme = selectors_programmes.programme_by_slug(request.GET.get(selectors_programmes.PAGE_PARAMETER, ""))
    if programme is None:
        raise Http404
    return programme


# --- Public pages -----------------------------------------------------------------------------------------------


def dashboard(request):
    """Table 1 at a glance: goals × indicators × baseline / latest / target / status, the budget, the next
    report. Charts and every cell are on the indicator pages behind the links."""
    as_of = _parse_date(request.GET.get("as_of"))
    programme = chosen_programme(request)
    overview = selectors.programme_overview(as_of=as_of, programme=programme)
    totals = dict.fromkeys(selectors.STATUS_ORDER, 0)
    for goal in overview:
        for key, n in goal["counts"].items():
            totals[key] += n
    year = as_of.year if as_of else dt.date.today().year
    budget = selectors.budget_overview(year=year, programme=programme)
    deadline = selectors.next_deadline(today=as_of, programme=programme)
    deadline_date = formats.date_format(deadline.date, "SHORT_DATE_FORMAT") if deadline and deadline.date else ""
    title = deadline.localized("title") if deadline else ""
    return render(request, "programme/dashboard.html", {
        "glance": selectors.at_a_glance(overview), "as_of": as_of, "totals": totals,
        "totals_list": [(key, selectors.status_label(key), totals[key]) for key in selectors.STATUS_ORDER],
        "project_counts": selectors.project_status_counts(programme=programme),
        "project_total": Project.objects.filter(not_in_intake(), programme=programme).count(),
        "programme": programme, "page_programme": programme,
        "programme_query": selectors_programmes.page_query(programme),
        "budget": budget,
        "budget_share": round(100 * budget["totals"]["used"] / budget["total"]) if budget and budget["total"] else 0,
        "next_deadline": deadline,
        # The plan's titles often carry the date already ("… tilanteesta 31.12.2026"): do not say it twice.
        "deadline_date": "" if deadline_date and (deadline_date in title or f"{deadline.date:%d.%m.%Y}" in title
                                                  or f"{deadline.date.day}.{deadline.date.month}." in title)
        else deadline_date,
        "days_left": selectors.deadline_days_left(deadline, today=as_of),
        "is_staff": is_programme_staff(request.user),
    })


def indicator_detail(request, code: str):
    programme = chosen_programme(request)
    indicator = get_object_or_404(Indicator, code=code, programme=programme)
    as_of = _parse_date(request.GET.get("as_of"))
    overview = selectors.programme_overview(as_of=as_of, goal_ids=[indicator.goal_id], programme=programme)
    entry = next(i for g in overview for i in g["indicators"] if i["id"] == indicator.pk)
    entry["charts"] = indicator_charts(entry, with_history=True)
    is_staff = is_programme_staff(request.user)
    return render(request, "programme/indicator_detail.html", {
        "goal": overview[0], "item": entry, "indicator": indicator, "as_of": as_of,
        "is_staff": is_staff, "programme": programme,
        "proposed": list(selectors.proposed_measurements(indicator=indicator)) if is_staff else [],
    })


def project_list(request):
    goal = _int_or_none(request.GET.get("goal"))
    status = request.GET.get("status") if request.GET.get("status") in ProjectStatus.values else None
    group = request.GET.get("target_group") if request.GET.get("target_group") in TargetGroup.values else None
    area = _int_or_none(request.GET.get("area"))
    programme = chosen_programme(request)
    projects = selectors.project_list(goal=goal, status=status, target_group=group, area=area, user=request.user,
                                      programme=programme)
    areas = Area.objects.filter(programme_projects__isnull=False).distinct().order_by("level", "name_fi")
    return render(request, "programme/project_list.html", {
        "projects": projects,
        "goals": BenefitGoal.objects.filter(programme=programme),
        "programme": programme, "page_programme": programme,
        "statuses": ProjectStatus.choices,
        "target_groups": TargetGroup.choices,
        "areas": areas,
        "selected": {"goal": goal, "status": status, "target_group": group, "area": area},
        "is_staff": is_programme_staff(request.user),
    })


def project_detail(request, pk: int):
    try:
        project = selectors.project_detail(project_id=pk, user=request.user)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    can_comment = is_steering_member(request.user)
    is_staff = is_programme_staff(request.user)
    reports = list(selectors_progress.project_reports(project))
    may_read = selectors_progress.may_read_reports(request.user, project)
    return render(request, "programme/project_detail.html", {
        "project": project,
        "programme_shares": selectors_programmes.project_shares(project),
        "latest_report": reports[0] if reports else None,
        "latest_reach": selectors_progress.report_reach_totals(reports[0]) if reports else [],
        "reports": reports if may_read else None,
        "pilots": project.pilots.select_related("indicator", "area"),
        "may_report": selectors_progress.may_report(request.user, project),
        "may_file_report": project.status in (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS,
                                              ProjectStatus.COMPLETED),
        "budget": selectors.project_budget(project=project),
        "entries": project.budget_entries.select_related("line__budget_year").order_by("entry_date", "id"),
        "comments": project.comments.select_related("author") if can_comment else None,
        "comment_form": forms.CommentForm() if can_comment else None,
        "status_form": forms.ProjectStatusForm(project=project) if is_staff and project.allowed_statuses()
        else None,
        "is_staff": is_staff,
        "programme_count": selectors_programmes.programmes().count() if is_staff else 0,
        "lifecycle": [(s, ProjectStatus(s).label) for s in ProjectStatus.values if s != ProjectStatus.REJECTED
                      or project.status == ProjectStatus.REJECTED],
    })


def budget(request, year: int | None = None):
    programme = chosen_programme(request)
    years = selectors.budget_years(programme=programme)
    if year is None:
        this_year = dt.date.today().year
        year = this_year if this_year in years else (years[-1] if years else this_year)
    overview = selectors.budget_overview(year=year, programme=programme)
    if overview is None and (years or request.resolver_match.kwargs.get("year")):
        raise Http404
    return render(request, "programme/budget.html", {
        "overview": overview, "year": year, "years": years, "is_staff": is_programme_staff(request.user),
        "programme": programme, "page_programme": programme,
        "programme_query": selectors_programmes.page_query(programme),
        # drawn twice: at 390 px the 640-unit chart's text shrank to about 5 px; a phone gets the narrow one
        "chart": _budget_chart(overview) if overview else "",
        "chart_narrow": _budget_chart(overview, width=380, id_prefix="bar-narrow") if overview else "",
    })


def _budget_chart(overview, *, width: int = 640, id_prefix: str = "bar") -> str:
    budget_word, used_word = _("budget"), _("committed or spent")
    bars = []
    for row in overview["lines"]:
        bars.append((short_label(f"{short_label(row['name'], 16)}: {budget_word}"), float(row["amount"])))
        bars.append((short_label(f"{short_label(row['name'], 16)}: {used_word}"), float(row["used"])))
    return bar_chart(bars, title=_("Budget %(year)s by line (€)") % {"year": overview["year"]},
                     value_label=_("euros"), decimal_comma=get_language() != "en",
                     colours=["#0072b2", "#d55e00"], width=width, id_prefix=id_prefix,
                     tick_format=fmt.euros_axis)


def risk_list(request):
    is_staff = is_programme_staff(request.user)
    programme = chosen_programme(request)
    return render(request, "programme/risk_list.html", {
        "risks": selectors.risk_register(include_closed=is_staff, programme=programme), "is_staff": is_staff,
        "programme": programme, "programme_query": selectors_programmes.page_query(programme),
    })


def reporting_calendar(request):
    is_staff = is_programme_staff(request.user)
    today = dt.date.today()
    programme = chosen_programme(request)
    return render(request, "programme/calendar.html", {
        "deadlines": selectors.reporting_calendar(programme=programme), "today": today, "is_staff": is_staff,
        "overdue": selectors_progress.overdue_reports(today=today, programme=programme) if is_staff else None,
        "programme": programme, "programme_query": selectors_programmes.page_query(programme),
    })


# --- Members ----------------------------------------------------------------------------------------------------


@member_required
def project_comment(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.project_comment_create(project=project, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your comment was saved."))
            return redirect(reverse("programme:project-detail", args=[pk]) + "#comments")
    return render(request, "programme/form.html", {
        "form": form, "title": _("Comment on “%(project)s”") % {"project": project.name},
        "back_url": reverse("programme:project-detail", args=[pk]),
    }, status=400)


# --- Staff ------------------------------------------------------------------------------------------------------


def _staff_form(request, *, form, title: str, save, success_url: str, back_url: str, intro: str = "",
                template: str = "programme/form.html", extra: dict | None = None):
    """GET shows the form; POST validates and calls ``save(form)`` (a service call, one transaction). A service
    ValidationError is shown on the fields it names; nothing is saved."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url if not callable(success_url) else success_url(obj))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, "title": title, "back_url": back_url, "intro": intro,
                                      **(extra or {})}, status=status)


@staff_required
def manage(request):
    programme = chosen_programme(request)
    return render(request, "programme/manage.html", {
        "goals": BenefitGoal.objects.prefetch_related("indicators__cells"),
        "projects": Project.objects.order_by("-year", "id"),
        "budget_years": BudgetYear.objects.prefetch_related("lines"),
        "risks": selectors.risk_register(include_closed=True, programme=programme),
        "deadlines": selectors.reporting_calendar(programme=programme),
        "programme_query": selectors_programmes.page_query(programme),
    })


@staff_required
def goal_edit(request, pk: int | None = None):
    goal = get_object_or_404(BenefitGoal, pk=pk) if pk else None
    form = forms.GoalForm(request.POST or None, instance=_fresh(goal))
    return _staff_form(
        request, form=form, title=_("Edit benefit goal") if goal else _("New benefit goal"),
        save=lambda f: services.goal_save(actor=request.user, goal=goal, **f.service_fields()),
        success_url=reverse("programme:manage"), back_url=reverse("programme:manage"))


@staff_required
def indicator_edit(request, pk: int | None = None):
    indicator = get_object_or_404(Indicator, pk=pk) if pk else None
    form = forms.IndicatorForm(request.POST or None, instance=_fresh(indicator))
    return _staff_form(
        request, form=form, title=_("Edit indicator") if indicator else _("New indicator"),
        save=lambda f: services.indicator_save(actor=request.user, indicator=indicator, **f.service_fields()),
        success_url=lambda obj: _indicator_url(obj), back_url=reverse("programme:manage"))


@staff_required
def cell_edit(request, indicator_pk: int | None = None, pk: int | None = None):
    cell = get_object_or_404(IndicatorCell, pk=pk) if pk else None
    indicator = cell.indicator if cell else get_object_or_404(Indicator, pk=indicator_pk)
    form = forms.CellForm(request.POST or None, instance=_fresh(cell), indicator=indicator)
    return _staff_form(
        request, form=form,
        title=(_("Edit cell, baseline and target") if cell else _("New cell")) + f" – {indicator.code}",
        save=lambda f: services.cell_save(actor=request.user, cell=cell,
                                          **{"indicator": indicator, **f.service_fields()}),
        success_url=_indicator_url(indicator),
        back_url=_indicator_url(indicator),
        intro=_("Targets: a number (with a baseline and a target year; the expected path is a straight line "
                "from the baseline to the target), a direction (the latest value is compared with the baseline), "
                "converging towards the city average (choose the reference cell), or a count of pilots."))


@staff_required
def measurement_edit(request, cell_pk: int | None = None, pk: int | None = None):
    measurement = get_object_or_404(Measurement, pk=pk) if pk else None
    cell = measurement.cell if measurement else get_object_or_404(IndicatorCell, pk=cell_pk)
    form = forms.IndicatorMeasurementForm(request.POST or None, instance=_fresh(measurement))
    url = _indicator_url(cell.indicator)

    def save(f):
        if measurement:
            return services.measurement_update(measurement=measurement, actor=request.user, **f.service_fields())
        return services.measurement_create(cell=cell, actor=request.user, **f.service_fields())

    return _staff_form(
        request, form=form,
        title=(_("Edit measurement") if measurement else _("New measurement")) + f" – {cell}",
        save=save, success_url=url, back_url=url)


@staff_required
@require_POST
def measurement_approve(request, pk: int):
    measurement = get_object_or_404(Measurement.objects.select_related("cell__indicator"), pk=pk)
    url = _indicator_url(measurement.cell.indicator)
    try:
        services.measurement_approve(measurement=measurement, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The measurement was approved and now counts on the public pages."))
    return redirect(url)


@staff_required
def measurement_delete(request, pk: int):
    measurement = get_object_or_404(Measurement, pk=pk)
    url = _indicator_url(measurement.cell.indicator)
    if request.method == "POST":
        services.measurement_delete(measurement=measurement, actor=request.user)
        messages.success(request, _("The measurement was deleted."))
        return redirect(url)
    return render(request, "programme/confirm_delete.html", {"object": measurement, "back_url": url})


@staff_required
def project_edit(request, pk: int | None = None):
    project = get_object_or_404(Project, pk=pk) if pk else None
    programme = project.programme if project else chosen_programme(request)
    form = forms.ProjectForm(request.POST or None, instance=_fresh(project), programme=programme)

    def save(f):
        data = f.service_fields()
        links = {"goals": f.cleaned_data["goals"], "target_groups": f.cleaned_data["target_groups"],
                 "target_areas": f.cleaned_data["target_areas"], "deputies": f.cleaned_data["deputies"]}
        if project:
            return services.project_update(project=project, actor=request.user, **links, **data)
        return services.project_create(actor=request.user, programme=programme, **links, **data)

    return _staff_form(
        request, form=form, title=_("Edit project") if project else _("New project or action"), save=save,
        success_url=lambda obj: reverse("programme:project-detail", args=[obj.pk]),
        back_url=(reverse("programme:project-detail", args=[pk]) if pk
                  else reverse("programme:project-list") + selectors_programmes.page_query(programme)),
        intro="" if project else _("New projects start as proposals; the steering group decides on them."),
        extra={"page_programme": programme,
               "programme_choice": None if project else selectors_programmes.form_choice(programme)})


@staff_required
def project_status(request, pk: int):
    project = get_object_or_404(Project, pk=pk)
    form = forms.ProjectStatusForm(request.POST or None, project=project)
    url = reverse("programme:project-detail", args=[pk])
    return _staff_form(
        request, form=form, title=_("Change the status of “%(project)s”") % {"project": project.name},
        save=lambda f: services.project_set_status(project=project, actor=request.user, **f.cleaned_data),
        success_url=url, back_url=url,
        intro=_("Current status: %(status)s.") % {"status": project.get_status_display()})


@staff_required
def budget_year_edit(request, year: int | None = None):
    budget_year = get_object_or_404(BudgetYear, year=year) if year else None
    form = forms.BudgetYearForm(request.POST or None, instance=_fresh(budget_year))
    return _staff_form(
        request, form=form, title=_("Edit budget year") if budget_year else _("New budget year"),
        save=lambda f: services.budget_year_save(actor=request.user, budget_year=budget_year,
                                                 **f.service_fields()),
        success_url=lambda obj: reverse("programme:budget-year", args=[obj.year]),
        back_url=reverse("programme:budget"))


@staff_required
def budget_line_edit(request, year: int | None = None, pk: int | None = None):
    line = get_object_or_404(BudgetLine, pk=pk) if pk else None
    budget_year = line.budget_year if line else get_object_or_404(BudgetYear, year=year)
    form = forms.BudgetLineForm(request.POST or None, instance=_fresh(line), budget_year=budget_year)
    url = reverse("programme:budget-year", args=[budget_year.year])
    return _staff_form(
        request, form=form, title=(_("Edit budget line") if line else _("New budget line")) + f" {budget_year}",
        save=lambda f: services.budget_line_save(actor=request.user, line=line,
                                                 **{"budget_year": budget_year, **f.service_fields()}),
        success_url=url, back_url=url)


@staff_required
def budget_entry_create(request, line_pk: int):
    """Commit or record spending on a line. When the entry would overspend the line, the form comes back with a
    warning and the entry is saved only if the user ticks the confirmation box."""
    line = get_object_or_404(BudgetLine.objects.select_related("budget_year"), pk=line_pk)
    form = forms.BudgetEntryForm(request.POST or None, line=line,
                                 initial={"project": request.GET.get("project")})
    url = reverse("programme:budget-year", args=[line.budget_year.year])
    warning = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        warning = selectors.budget_overspend_warning(line=line, amount=data["amount"])
        if warning and not data["confirm_overspend"]:
            form.add_error("confirm_overspend", _("Confirm the overspend, or change the amount."))
        else:
            service = services.budget_commit if data["kind"] == "committed" else services.budget_spend
            try:
                service(line=line, amount=data["amount"], actor=request.user, project=data["project"],
                        note=data["note"], entry_date=data["entry_date"], allow_overspend=bool(warning))
            except ValidationError as exc:
                _apply_validation_error(form, exc)
            else:
                messages.success(request, _("The budget entry was saved."))
                return redirect(url)
    if not warning:
        form.fields.pop("confirm_overspend", None)  # the confirmation is offered only with a warning
    totals = line.totals()
    return render(request, "programme/budget_entry_form.html", {
        "form": form, "line": line, "totals": totals, "warning": warning, "back_url": url,
        "title": _("New budget entry – %(line)s") % {"line": line},
    }, status=400 if request.method == "POST" else 200)


@staff_required
def budget_entry_mark_spent(request, pk: int):
    entry = get_object_or_404(BudgetEntry.objects.select_related("line__budget_year"), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.budget_entry_mark_spent(entry=entry, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The commitment was marked as spent."))
    return redirect("programme:budget-year", year=entry.line.budget_year.year)


@staff_required
def risk_edit(request, pk: int | None = None):
    risk = get_object_or_404(Risk, pk=pk) if pk else None
    # a new risk goes into the chosen programme (?ohjelma=); an existing one stays in its own
    programme = risk.programme if risk else chosen_programme(request)
    form = forms.RiskForm(request.POST or None, instance=_fresh(risk))
    url = reverse("programme:risk-list") + selectors_programmes.page_query(programme)
    return _staff_form(
        request, form=form, title=_("Edit risk") if risk else _("New risk"),
        save=lambda f: services.risk_save(actor=request.user, risk=risk, programme=programme, **f.service_fields()),
        success_url=url, back_url=url)


@staff_required
def deadline_edit(request, pk: int | None = None):
    deadline = get_object_or_404(ReportingDeadline, pk=pk) if pk else None
    # a new deadline goes into the chosen programme (?ohjelma=); an existing one stays in its own
    programme = deadline.programme if deadline else chosen_programme(request)
    form = forms.DeadlineForm(request.POST or None, instance=_fresh(deadline))
    url = reverse("programme:calendar") + selectors_programmes.page_query(programme)
    return _staff_form(
        request, form=form, title=_("Edit reporting deadline") if deadline else _("New reporting deadline"),
        save=lambda f: services.deadline_save(actor=request.user, deadline=deadline, programme=programme,
                                              **f.service_fields()),
        success_url=url, back_url=url)

