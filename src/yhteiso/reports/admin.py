"""Django admin (superusers only): published reports are read-only, so a frozen snapshot cannot be edited here."""

from django.contrib import admin

from yhteiso.reports.models import ActionAssessment, PublishedReport


@admin.register(PublishedReport)
class PublishedReportAdmin(admin.ModelAdmin):
    list_display = ("kind", "as_of", "language", "published_at", "snapshot_sha256", "programme")
    list_filter = ("programme", "kind", "language")
    readonly_fields = ("kind", "as_of", "language", "snapshot_json", "snapshot_sha256", "published_at",
                       "published_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActionAssessment)
class ActionAssessmentAdmin(admin.ModelAdmin):
    list_display = ("project", "review_date", "recommendation", "updated_at")
    list_filter = ("review_date", "recommendation")
