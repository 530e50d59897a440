"""Demo accounts for the local demo: one per role, with a password printed on the console."""

from __future__ import annotations

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP, ensure_role_groups

DEMO_USERS = [
    # username, first name, last name, group, superuser
    ("admin", "Ylläpitäjä", "", None, True),
    ("ohjelmapaallikko", "Emma", "Aalto", PROGRAMME_STAFF, False),
    ("ohjausryhma", "Taru", "Salovaara", STEERING_GROUP, False),
]


@transaction.atomic
def load(stdout) -> None:
    ensure_role_groups()
    password = os.environ.get("YHTEISO_DEMO_PASSWORD", "yhteiso-demo-2026")
    user_model = get_user_model()
    for username, first, last, group, superuser in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "is_superuser": superuser,
                                         "is_staff": superuser},
        )
        if created:
            user.set_password(password)
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
    stdout.write(
        "Demo accounts (password from YHTEISO_DEMO_PASSWORD, default 'yhteiso-demo-2026'): "
        "admin (administrator), ohjelmapaallikko (programme staff), ohjausryhma (steering group)\n"
    )
