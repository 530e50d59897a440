from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    name = "yhteiso.budgeting"
    label = "budgeting"
    default_auto_field = "django.db.models.BigAutoField"
