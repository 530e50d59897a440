from django.apps import AppConfig


class MapsurveysConfig(AppConfig):
    name = "yhteiso.mapsurveys"
    label = "mapsurveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from yhteiso.mapsurveys.subjects import register_subjects

        register_subjects()
