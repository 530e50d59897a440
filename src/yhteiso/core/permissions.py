"""Roles. Public (anonymous), steering-group member (reads everything, comments), communications planner (writes
the communication plan, campaigns and news items, nothing else), programme staff (edits), administrator (superuser;
Django admin). Roles are Django groups so staff can manage them without code."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

STEERING_GROUP = "steering_group"
PROGRAMME_STAFF = "programme_staff"
COMMUNICATIONS_PLANNER = "communications_planner"
ROLE_GROUPS = (STEERING_GROUP, PROGRAMME_STAFF, COMMUNICATIONS_PLANNER)


def _in_group(user, name: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_yhteiso_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._yhteiso_groups = cache
    return name in cache


def is_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def is_programme_staff(user) -> bool:
    """May create and edit programme content."""
    return is_admin(user) or _in_group(user, PROGRAMME_STAFF)


def is_communications_planner(user) -> bool:
    """May write the communication plan, the programme's campaigns and every project's campaigns and news items
    (the programme office's communications planner, plan section 5); programme staff may too."""
    return is_programme_staff(user) or _in_group(user, COMMUNICATIONS_PLANNER)


def is_steering_member(user) -> bool:
    """May read everything (including unpublished material) and comment on proposals."""
    return is_programme_staff(user) or _in_group(user, STEERING_GROUP)


def has_steering_role(user) -> bool:
    """Holds the steering-group role itself (not only through being programme staff)."""
    return _in_group(user, STEERING_GROUP)


def _require(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.yhteiso_role_check = check  # lets the sign-in view tell whether a user may see a page
        return wrapper

    return decorator


staff_required = _require(is_programme_staff)
"""View decorator: programme staff or administrator; anonymous users are sent to the login page, others get 403."""

member_required = _require(is_steering_member)
"""View decorator: steering-group member, programme staff or administrator."""

comms_required = _require(is_communications_planner)
"""View decorator: communications planner, programme staff or administrator."""


def may_open(user, view) -> bool:
    """Whether ``user`` passes the role check of ``view`` (a view function resolved from a URL)."""
    check = getattr(view, "yhteiso_role_check", None)
    return check is None or bool(check(user))


def ensure_role_groups() -> None:
    """Create the role groups if they do not exist (idempotent)."""
    from django.contrib.auth.models import Group

    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
