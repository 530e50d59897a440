from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "yhteiso.programme"
    label = "programme"
    default_auto_field = "django.db.models.BigAutoField"
