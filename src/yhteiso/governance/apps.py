from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "yhteiso.governance"
    label = "governance"
    default_auto_field = "django.db.models.BigAutoField"
