"""Django admin (superusers only). Day-to-day work goes through the staff pages, which audit every change."""

from django.contrib import admin

from yhteiso.governance.models import AgendaItem, Attendance, Decision, Meeting, Minutes, SteeringGroupMember


@admin.register(SteeringGroupMember)
class SteeringGroupMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "group", "title", "organisation", "deputy_of", "order", "programme"]
    list_filter = ["programme", "role", "group"]
    search_fields = ["name", "title", "organisation"]
    raw_id_fields = ["user"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "start_time", "title", "place", "status", "is_example", "programme"]
    list_filter = ["programme", "status", "is_example"]
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["item", "outcome", "project_status", "budget_line", "budget_amount", "recorded_at"]
    readonly_fields = ["recorded_at", "recorded_by"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "checker", "approved_at", "published_at"]
