from django.apps import AppConfig


class MapsurveysConfig(AppConfig):
    name = "yhteiso.mapsurveys"
    label = "mapsurveys"
    default_auto_field = "django.db.models.BigAutoField"
