from django.contrib import admin

from yhteiso.mapsurveys.models import MapSurvey


@admin.register(MapSurvey)
class MapSurveyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "opens_at", "closes_at", "is_demo")
