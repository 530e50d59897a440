from django.apps import AppConfig

from yhteiso.core.hooks import register_area_actions


class ProgrammeConfig(AppConfig):
    name = "yhteiso.programme"
    label = "programme"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The knowledge base's area profile lists the actions reaching the area without importing the programme.
        from yhteiso.programme.targeting import projects_reaching

        register_area_actions(projects_reaching)
