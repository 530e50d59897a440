from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "yhteiso.surveys"
    label = "surveys"
    default_auto_field = "django.db.models.BigAutoField"
