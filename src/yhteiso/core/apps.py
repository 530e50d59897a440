from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yhteiso.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from yhteiso.core import lookups

        lookups.register()  # __in with an id no integer column can hold matches nothing (instead of a 500)
