from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "yhteiso.surveys"
    label = "surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from yhteiso.surveys.subjects import register_subjects

        register_subjects()
