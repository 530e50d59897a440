"""Local sign-in: throttling per account and per client (the admin login too), where each role lands, which
``next`` is honoured, branded error pages, the audited admin, and the demo accounts' guard."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.utils import timezone

from yhteiso.config.env import ConfigurationError
from yhteiso.config.signin import oidc_endpoints, parse_group_roles
from yhteiso.core import demo
from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP

pytestmark = pytest.mark.django_db

PASSWORD = "oikea-salasana-2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Many sign-in attempts per test: a fast hasher keeps them quick (the throttle does not depend on the hasher).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user():
    return User.objects.create_superuser("admin", "admin@example.org", PASSWORD)


@pytest.fixture
def member():
    user = User.objects.create_user("jasen", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=STEERING_GROUP)[0])
    return user


@pytest.fixture
def staff():
    user = User.objects.create_user("henkilo", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    return user


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- throttling ------------------------------------------------------------------------------------------------------


def test_fifty_wrong_admin_passwords_then_the_right_one_is_refused_on_the_admin_login(client, admin_user):
    for _ in range(50):
        client.post("/admin/login/", {"username": "admin", "password": "arvaus"})
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429
    assert not _signed_in(client)


def test_wrong_passwords_for_one_account_from_many_addresses_lock_that_account(client, admin_user):
    for i in range(6):
        client.post("/kirjaudu/", {"username": "admin", "password": "arvaus"}, REMOTE_ADDR=f"10.0.0.{i + 1}")
    response = client.post("/kirjaudu/", {"username": "Admin ", "password": PASSWORD}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    response = client.post("/kirjaudu/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert not _signed_in(client)


def test_wrong_passwords_for_many_accounts_from_one_client_lock_that_client(client, member):
    for i in range(6):
        client.post("/kirjaudu/", {"username": f"guess{i}", "password": "arvaus"}, REMOTE_ADDR="10.9.9.9")
    response = client.post("/kirjaudu/", {"username": "jasen", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert not _signed_in(client)
    # Another client can still sign in to that (unlocked) account.
    response = client.post("/kirjaudu/", {"username": "jasen", "password": PASSWORD}, REMOTE_ADDR="10.9.9.10")
    assert response.status_code == 302 and _signed_in(client)


def test_the_lockout_message_is_in_the_users_language(client, admin_user):
    client.cookies["yhteiso_language"] = "sv"
    for _ in range(6):
        response = client.post("/kirjaudu/", {"username": "admin", "password": "arvaus"})
    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="sv"' in page
    assert "Inloggningen är tillfälligt stoppad" in page
    client.cookies["yhteiso_language"] = "fi"
    page = client.post("/kirjaudu/", {"username": "admin", "password": PASSWORD}).content.decode()
    assert "Kirjautuminen on keskeytetty" in page


def test_a_few_mistakes_do_not_lock_and_success_resets_the_count(client, member):
    for _ in range(3):
        client.post("/kirjaudu/", {"username": "jasen", "password": "arvaus"})
    assert client.post("/kirjaudu/", {"username": "jasen", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(3):
        client.post("/kirjaudu/", {"username": "jasen", "password": "arvaus"})
    assert client.post("/kirjaudu/", {"username": "jasen", "password": PASSWORD}).status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_the_client(client, member, settings):
    settings.YHTEISO_TRUSTED_PROXIES = "1"
    for i in range(6):
        client.post("/kirjaudu/", {"username": f"guess{i}", "password": "x"}, REMOTE_ADDR="10.0.0.254",
                    HTTP_X_FORWARDED_FOR=f"198.51.100.{i + 1}")
    # Six different clients behind one proxy: none of them is locked, so the member can sign in.
    response = client.post("/kirjaudu/", {"username": "jasen", "password": PASSWORD}, REMOTE_ADDR="10.0.0.254",
                           HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.status_code == 302


def test_a_made_up_forwarded_address_is_counted_against_the_connection_not_a_server_error(client, member, settings):
    # Two hops configured, one proxy really in front: the client's own text lands where the client's address is
    # expected. On PostgreSQL it used to reach the throttle's address column and answer 500 on every attempt.
    settings.YHTEISO_TRUSTED_PROXIES = "2"
    statuses = [client.post("/kirjaudu/", {"username": "jasen", "password": "arvaus"}, REMOTE_ADDR="10.0.0.254",
                            HTTP_X_FORWARDED_FOR="not-an-address, 198.51.100.7").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # counted, and the fifth mistake locks
    locked = client.post("/kirjaudu/", {"username": "jasen", "password": PASSWORD}, REMOTE_ADDR="10.0.0.254",
                         HTTP_X_FORWARDED_FOR="not-an-address, 198.51.100.7")
    assert locked.status_code == 429 and not _signed_in(client)


# --- where people land ---------------------------------------------------------------------------------------------


def test_a_steering_group_member_lands_on_the_meetings_not_on_a_403(client, member):
    response = client.post("/kirjaudu/", {"username": "jasen", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/ohjausryhma/kokoukset/"
    assert client.get(response["Location"]).status_code == 200


def test_staff_land_on_the_staff_home_and_others_on_the_front_page(client, staff):
    response = client.post("/kirjaudu/", {"username": "henkilo", "password": PASSWORD})
    assert response["Location"] == "/henkilosto/"
    client.logout()
    User.objects.create_user("tavallinen", password=PASSWORD)
    response = client.post("/kirjaudu/", {"username": "tavallinen", "password": PASSWORD})
    assert response["Location"] == "/"


def test_next_is_honoured_only_when_same_site_and_allowed_for_the_role(client, member):
    def sign_in(next_url):
        client.logout()
        return client.post("/kirjaudu/", {"username": "jasen", "password": PASSWORD, "next": next_url})["Location"]

    assert sign_in("/ohjausryhma/kokoukset/uusi/") == "/ohjausryhma/kokoukset/"  # staff-only page: not followed
    assert sign_in("/henkilosto/muutosloki/") == "/ohjausryhma/kokoukset/"
    assert sign_in("https://evil.example/phish") == "/ohjausryhma/kokoukset/"
    assert sign_in("//evil.example/") == "/ohjausryhma/kokoukset/"
    assert sign_in("/admin/") == "/ohjausryhma/kokoukset/"
    assert sign_in("/no/such/page/") == "/ohjausryhma/kokoukset/"
    assert sign_in("/tietopohja/") == "/tietopohja/"
    assert sign_in("/ohjausryhma/kokoukset/?vuosi=2026") == "/ohjausryhma/kokoukset/?vuosi=2026"


# --- error pages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "heading"), [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"),
                                               ("en", "Page not found")])
def test_a_missing_page_is_a_branded_404_in_the_users_language(client, lang, heading):
    client.cookies["yhteiso_language"] = lang
    response = client.get("/ei-tallaista-sivua/")
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{lang}"' in page and heading in page
    assert 'class="site-header"' in page and 'href="/"' in page


def test_a_steering_group_member_on_a_staff_page_gets_a_finnish_403_with_a_way_on(client, member):
    client.force_login(member)
    response = client.get("/henkilosto/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Ei pääsyä tälle sivulle" in page and "Forbidden" not in page
    assert 'href="/ohjausryhma/kokoukset/"' in page


def test_a_failed_csrf_check_explains_itself(member):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.cookies["yhteiso_language"] = "sv"
    response = csrf_client.post("/kirjaudu/", {"username": "jasen", "password": PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formuläret kunde inte skickas" in page and "CSRF" not in page


def test_a_server_error_is_a_branded_500(client, settings):
    from django.urls import path

    from yhteiso.config import urls as root_urls

    def broken(request):
        raise RuntimeError("boom")

    class Urls:
        urlpatterns = [path("rikki/", broken), *root_urls.urlpatterns]
        handler500 = root_urls.handler500

    settings.ROOT_URLCONF = Urls
    client.raise_request_exception = False
    response = client.get("/rikki/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Jokin meni vikaan" in page and "boom" not in page and "Traceback" not in page


def test_the_500_page_renders_even_without_the_database(rf):
    from yhteiso.core.errors import server_error

    request = rf.get("/")

    class BrokenUser:
        @property
        def is_authenticated(self):
            raise RuntimeError("database is down")

    request.user = BrokenUser()
    response = server_error(request)
    assert response.status_code == 500
    assert "Jokin meni vikaan" in response.content.decode()


# --- the admin writes the audit log --------------------------------------------------------------------------------


def test_admin_edits_creates_and_deletes_are_in_the_audit_log(client, admin_user):
    client.force_login(admin_user)
    group = Group.objects.get_or_create(name=STEERING_GROUP)[0]
    response = client.post("/admin/auth/user/add/", {"username": "uusi", "password1": "Pitka-salasana-991",
                                                      "password2": "Pitka-salasana-991", "usable_password": "true"})
    assert response.status_code == 302
    user = User.objects.get(username="uusi")
    created = AuditEvent.objects.get(action="admin.create", object_type="auth.user", object_id=str(user.pk))
    assert created.actor == admin_user and "password" not in created.after

    change = {"username": "uusi", "first_name": "Uusi", "last_name": "", "email": "", "is_active": "on",
              "groups": [group.pk], "date_joined_0": "2026-12-01", "date_joined_1": "10:00:00"}
    assert client.post(f"/admin/auth/user/{user.pk}/change/", change).status_code == 302
    updated = AuditEvent.objects.get(action="admin.update", object_id=str(user.pk))
    assert updated.before["first_name"] == "" and updated.after["first_name"] == "Uusi"
    assert updated.before["groups"] == [] and updated.after["groups"] == [group.pk]
    assert "password" not in updated.before and "password" not in updated.after

    response = client.post(f"/admin/auth/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not User.objects.filter(pk=user.pk).exists()
    deleted = AuditEvent.objects.get(action="admin.delete", object_id=str(user.pk))
    assert deleted.before["username"] == "uusi"


def test_admin_bulk_delete_is_in_the_audit_log(client, admin_user):
    client.force_login(admin_user)
    groups = [Group.objects.create(name=f"ryhma-{i}") for i in range(3)]
    response = client.post("/admin/auth/group/", {"action": "delete_selected", "_selected_action": [g.pk for g in groups],
                                                  "post": "yes"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="admin.delete", object_type="auth.group").count() == 3


def test_every_registered_admin_writes_the_audit_log():
    from django.contrib import admin

    from yhteiso.core.admin_audit import AuditedModelAdminMixin

    assert admin.site._registry
    assert all(isinstance(model_admin, AuditedModelAdminMixin) for model_admin in admin.site._registry.values())


# --- demo accounts ---------------------------------------------------------------------------------------------------


def test_demo_accounts_are_not_created_in_a_database_that_is_not_the_local_demo(monkeypatch):
    monkeypatch.delenv("YHTEISO_DEMO_ACCOUNTS", raising=False)
    out = io.StringIO()
    demo.load(out)
    assert not User.objects.filter(username="admin").exists()
    assert "not created" in out.getvalue()
    assert Group.objects.filter(name=STEERING_GROUP).exists()  # the role groups are still there


def test_demo_accounts_are_never_created_in_production_even_when_asked(monkeypatch):
    monkeypatch.setenv("YHTEISO_DEMO_ACCOUNTS", "true")
    monkeypatch.setenv("YHTEISO_ENV", "production")
    demo.load(io.StringIO())
    assert not User.objects.filter(username="admin").exists()


def test_demo_accounts_are_created_in_the_local_demo_sqlite(monkeypatch, settings, tmp_path):
    monkeypatch.delenv("YHTEISO_DEMO_ACCOUNTS", raising=False)
    monkeypatch.delenv("YHTEISO_ENV", raising=False)
    settings.DATA_DIR = tmp_path
    monkeypatch.setitem(connection.settings_dict, "ENGINE", "django.db.backends.sqlite3")
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "yhteiso.sqlite3"))
    assert demo.demo_accounts_refusal() == ""
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "other.sqlite3"))
    assert demo.demo_accounts_refusal() != ""


# --- settings ------------------------------------------------------------------------------------------------------


def test_group_roles_are_parsed_and_bad_roles_refused():
    assert parse_group_roles("X", "a=steering_group,b=administrator") == {"a": ("steering_group",),
                                                                           "b": ("administrator",)}
    with pytest.raises(ConfigurationError, match="unknown role 'boss'"):
        parse_group_roles("YHTEISO_OIDC_GROUP_ROLES", "a=boss")
    with pytest.raises(ConfigurationError, match="not GROUP=ROLE"):
        parse_group_roles("YHTEISO_OIDC_GROUP_ROLES", "just-a-group")


def test_failures_without_a_username_lock_only_their_client_not_every_city_account_sign_in(rf):
    """A failed OpenID Connect callback has no username; five of them from one address must not pause the city
    account sign-in for everybody (a shared empty-username counter would)."""
    from axes.handlers.proxy import AxesProxyHandler
    from django.contrib.auth.signals import user_login_failed

    def request_from(address):
        request = rf.get("/kirjaudu/kaupunki/paluu/", REMOTE_ADDR=address)
        request.axes_ip_address = address
        request.axes_user_agent = ""
        request.axes_path_info = request.path
        request.axes_http_accept = ""
        request.axes_attempt_time = timezone.now()
        request.axes_credentials = {}
        request.axes_locked_out = False
        return request

    for _ in range(6):
        user_login_failed.send(sender=__name__, credentials={}, request=request_from("10.6.6.6"))
    assert AxesProxyHandler.is_locked(request_from("10.6.6.6"), credentials={})
    assert not AxesProxyHandler.is_locked(request_from("10.7.7.7"), credentials={})


def test_an_incomplete_openid_connect_configuration_is_refused_with_a_message():
    no_endpoints = dict.fromkeys(("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT"), "")
    with pytest.raises(ConfigurationError, match="YHTEISO_OIDC_CLIENT_SECRET"):
        oidc_endpoints("https://login.example/t/v2.0", no_endpoints, client_id="x", secret="")
    with pytest.raises(ConfigurationError, match="YHTEISO_OIDC_ISSUER"):
        oidc_endpoints("", no_endpoints, client_id="x", secret="s")
    with pytest.raises(ConfigurationError, match="YHTEISO_OIDC_TOKEN_ENDPOINT"):
        oidc_endpoints("", {"OIDC_OP_AUTHORIZATION_ENDPOINT": "https://a", "OIDC_OP_TOKEN_ENDPOINT": ""},
                       client_id="x", secret="s")
    assert oidc_endpoints("https://login.example/t/v2.0/", no_endpoints, client_id="x", secret="s") == no_endpoints
