"""The test provider as a Suomi.fi-style OpenID Connect provider, for ``tests/oidc/test_suomifi.py``.

``python -m tests.oidc.suomifi_provider REDIRECT_URI POST_LOGOUT_REDIRECT_URI`` prepares its database: people who identify (password
``provider-pw-2026``) and the client ``yhteiso-suomifi``. The validator (``suomifi_validator``) gives what the adapter reads from Suomi.fi:
the level of assurance (``acr``) and names in the ID token, the personal identity code (``urn:oid:1.2.246.21``) and
the home municipality number (``urn:oid:1.2.246.517.2002.2.6``) only from the userinfo endpoint; and it authenticates
the client with ``private_key_jwt`` (the client's public key from ``OIDC_TEST_CLIENT_KEY_FILE``), as Suomi.fi does,
instead of a client secret."""

import os
import sys

import django

PASSWORD = "provider-pw-2026"
CLIENT_ID = "yhteiso-suomifi"
LOA_HIGH = "http://ftn.ficora.fi/2017/loa3"
LOA_SUBSTANTIAL = "http://ftn.ficora.fi/2017/loa2"
ESPOO, HELSINKI = "049", "091"
# username: (given name, family name, identity code, home municipality, level of assurance)
PEOPLE = {
    "maija": ("Maija", "Meikäläinen", "131052-308T", ESPOO, LOA_HIGH),
    "matti": ("Matti", "Virtanen", "010190-123M", ESPOO, LOA_SUBSTANTIAL),
    "helena": ("Helena", "Helsinkiläinen", "150585-246K", HELSINKI, LOA_HIGH),
    "heikki": ("Heikki", "Heikko", "020304A3589", ESPOO, "http://eidas.europa.eu/LoA/low"),
    "eidas": ("Erika", "Mustermann", "", "", LOA_HIGH),  # a foreign eIDAS identification: no identity code
}


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc.provider_settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    redirect_uri, post_logout_redirect_uri = argv
    call_command("migrate", interactive=False, verbosity=0)
    for username, (given, family, *_rest) in PEOPLE.items():
        User.objects.create_user(username, "", PASSWORD, first_name=given, last_name=family)
    Application.objects.create(
        name=CLIENT_ID, client_id=CLIENT_ID, client_secret="not-used-private-key-jwt",
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri, post_logout_redirect_uris=post_logout_redirect_uri,
        algorithm=Application.RS256_ALGORITHM, skip_authorization=True,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
