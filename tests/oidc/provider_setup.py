"""Prepares the test provider's database: ``python -m tests.oidc.provider_setup REDIRECT_URI CLIENT_SECRET``, or
``python -m tests.oidc.provider_setup --groups USERNAME GROUP...`` to change one user's groups.

Users (password ``provider-pw-2026``): ``emma`` in the staff group, ``taru`` in the steering group, ``ville`` in a
group the platform does not map, ``aino`` in the administrators' group. Group names look like Entra object ids."""

import os
import sys

import django

STAFF_GROUP = "0b7c3f7e-5f39-4a0e-9d54-3f6f2c1a1111"
STEERING_GROUP = "5a9e1d2c-7b44-4c1f-8e2a-6d3b4c5e2222"
ADMIN_GROUP = "9c8b7a6d-1e2f-4a3b-8c9d-0e1f2a3b3333"
OTHER_GROUP = "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4444"
PASSWORD = "provider-pw-2026"
USERS = {
    "emma": ("Emma", "Aalto", [STAFF_GROUP]),
    "taru": ("Taru", "Salovaara", [STEERING_GROUP, OTHER_GROUP]),
    "ville": ("Ville", "Virtanen", [OTHER_GROUP]),
    "aino": ("Aino", "Pietarinen", [ADMIN_GROUP, STAFF_GROUP]),
}


def _set_groups(user, names):
    from django.contrib.auth.models import Group

    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in names])


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc.provider_settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    if argv[0] == "--groups":
        _set_groups(User.objects.get(username=argv[1]), argv[2:])
        return
    redirect_uri, secret = argv
    call_command("migrate", interactive=False, verbosity=0)
    from oauth2_provider.models import Application

    for username, (first, last, groups) in USERS.items():
        user = User.objects.create_user(username, f"{username}@espoo.example", PASSWORD, first_name=first,
                                        last_name=last)
        _set_groups(user, groups)
    for client_id in ("yhteiso-test", "yhteiso-test-nopkce"):
        Application.objects.create(
            name=client_id, client_id=client_id, client_secret=secret, client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, redirect_uris=redirect_uri,
            algorithm=Application.RS256_ALGORITHM, skip_authorization=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
