"""Django admin for superusers (programme staff use the staff pages, which audit every change)."""

from django.contrib import admin

from yhteiso.programme import models


class CellInline(admin.TabularInline):
    model = models.IndicatorCell
    fk_name = "indicator"
    extra = 0
    fields = ("order", "label_fi", "disaggregation", "baseline_value", "baseline_year", "target_kind",
              "target_value", "target_direction", "target_year")


@admin.register(models.BenefitGoal)
class BenefitGoalAdmin(admin.ModelAdmin):
    list_display = ("number", "name_fi", "programme")
    list_filter = ("programme",)


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fi", "goal", "unit", "programme")
    list_filter = ("programme", "goal")
    inlines = [CellInline]


@admin.register(models.Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ("cell", "measured_on", "value", "source", "entered_by")
    list_filter = ("cell__indicator",)


class TargetGroupInline(admin.TabularInline):
    model = models.ProjectTargetGroup
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "status", "year", "programme")
    list_filter = ("programme", "status", "goals", "year")
    filter_horizontal = ("goals", "target_areas")
    inlines = [TargetGroupInline]


@admin.register(models.ProjectComment)
class ProjectCommentAdmin(admin.ModelAdmin):
    list_display = ("project", "author", "created_at")


class LineInline(admin.TabularInline):
    model = models.BudgetLine
    extra = 0


@admin.register(models.BudgetYear)
class BudgetYearAdmin(admin.ModelAdmin):
    list_display = ("year", "total", "programme")
    list_filter = ("programme",)
    inlines = [LineInline]


@admin.register(models.BudgetEntry)
class BudgetEntryAdmin(admin.ModelAdmin):
    list_display = ("line", "kind", "amount", "project", "entry_date")
    list_filter = ("line__budget_year__programme", "kind", "line__budget_year")


@admin.register(models.Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ("title_fi", "category", "likelihood", "impact", "owner", "next_review", "is_open", "programme")
    list_filter = ("programme",)


@admin.register(models.ReportingDeadline)
class ReportingDeadlineAdmin(admin.ModelAdmin):
    list_display = ("title_fi", "kind", "date", "year", "done", "programme")
    list_filter = ("programme",)
