from django.apps import AppConfig


class RespondentsConfig(AppConfig):
    """Installed for its translation catalogue (``locale/``) only: the layer has no models."""

    name = "yhteiso.respondents"
    label = "respondents"
