"""Demo accounts for the local demo: one per role, with a published password.

They are created only in the local demo SQLite database (``$YHTEISO_DATA_DIR/yhteiso.sqlite3``) or when
``YHTEISO_DEMO_ACCOUNTS=true`` says so explicitly, and never with ``YHTEISO_ENV=production``: a published password
must not open an administrator account in a real database that ``DATABASE_URL`` happens to name."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction

from yhteiso.config.env import env_bool, env_str
from yhteiso.core.permissions import COMMUNICATIONS_PLANNER, PROGRAMME_STAFF, STEERING_GROUP, ensure_role_groups

DEMO_USERS = [
    # username, first name, last name, group, superuser
    ("admin", "Ylläpitäjä", "", None, True),
    ("ohjelmapaallikko", "Emma", "Aalto", PROGRAMME_STAFF, False),
    ("ohjausryhma", "Taru", "Salovaara", STEERING_GROUP, False),
    ("viestinta", "Sanni", "Olasvuori", COMMUNICATIONS_PLANNER, False),
]


def demo_accounts_refusal() -> str:
    """Why demo accounts may not be created here ("" when they may)."""
    if env_str("YHTEISO_ENV", "").strip().lower() == "production":
        return "YHTEISO_ENV=production"
    if env_bool("YHTEISO_DEMO_ACCOUNTS", False):
        return ""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        demo_db = (Path(settings.DATA_DIR) / "yhteiso.sqlite3").resolve()
        if Path(str(db["NAME"])).resolve() == demo_db:
            return ""
    return "the database is not the local demo SQLite database (set YHTEISO_DEMO_ACCOUNTS=true to create them anyway)"


@transaction.atomic
def load(stdout) -> None:
    ensure_role_groups()
    refusal = demo_accounts_refusal()
    if refusal:
        stdout.write(f"Demo accounts not created: {refusal}.\n")
        return
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
        "admin (administrator), ohjelmapaallikko (programme staff), ohjausryhma (steering group), "
        "viestinta (communications planner)\n"
    )
