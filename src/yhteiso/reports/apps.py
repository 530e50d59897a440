from django.apps import AppConfig

from yhteiso.core.hooks import register_minutes_checked


class ReportsConfig(AppConfig):
    name = "yhteiso.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A report text sent to a meeting is approved by the meeting's decision once the minutes are checked;
        # governance tells core, not reports (it sits below reports).
        from yhteiso.reports.services_narrative import narratives_approve_from_minutes

        register_minutes_checked(narratives_approve_from_minutes)
