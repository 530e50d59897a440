from django.conf import settings

from yhteiso import __version__
from yhteiso.core.permissions import is_admin, is_programme_staff, is_steering_member


def platform(request):
    user = getattr(request, "user", None)
    return {
        "yhteiso_version": __version__,
        "ui_languages": settings.LANGUAGES,
        "is_programme_staff": is_programme_staff(user),
        "is_steering_member": is_steering_member(user),
        "is_admin": is_admin(user),
    }
