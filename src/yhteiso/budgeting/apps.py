from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_secure_delete(sender, connection, **kwargs) -> None:
    """Deleted rows (mixed pending ballots) are overwritten with zeros on SQLite instead of left in free pages."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


class BudgetingConfig(AppConfig):
    name = "yhteiso.budgeting"
    label = "budgeting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        connection_created.connect(_sqlite_secure_delete, dispatch_uid="budgeting-sqlite-secure-delete")
        from yhteiso.budgeting import tasks_ideas

        tasks_ideas.connect()
        from yhteiso.budgeting.subjects import register_subjects

        register_subjects()
        from yhteiso.budgeting.identity import PROVIDERS
        from yhteiso.budgeting.suomifi import SuomifiProvider

        PROVIDERS[SuomifiProvider.name] = SuomifiProvider()
        from django.db.models.signals import post_delete, post_save

        from yhteiso.budgeting import frozen
        from yhteiso.budgeting.models import Round

        # a round saved or deleted by this process (its phase, closing time, settings; a new round that takes a
        # slug) leaves nothing kept of it (``frozen``)
        post_save.connect(frozen.forget_on_change, sender=Round, dispatch_uid="budgeting-frozen-save")
        post_delete.connect(frozen.forget_on_change, sender=Round, dispatch_uid="budgeting-frozen-delete")
