from django.contrib import admin

from yhteiso.surveys.models import Instrument, Survey


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("key", "version", "content_hash", "created_at")
    readonly_fields = ("key", "version", "definition", "content_hash", "created_at")

    def has_change_permission(self, request, obj=None):
        return False  # locked


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "opens_at", "closes_at", "is_demo")
    readonly_fields = ("questions",)
