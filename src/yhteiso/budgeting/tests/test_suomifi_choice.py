"""Choosing Suomi.fi as a round's identity provider from the staff pages, and the voting page of such a round (the
whole identification is tested against a real provider in ``tests/oidc/test_suomifi.py``)."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ValidationError

from yhteiso.budgeting import services_setup
from yhteiso.budgeting.identity import provider_choices
from yhteiso.budgeting.models import Round
from yhteiso.budgeting.tests.factories import make_round

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"


@pytest.fixture
def configured(settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings.YHTEISO_SUOMIFI_CLIENT_ID = "espoo-osbu"
    settings.YHTEISO_SUOMIFI_METADATA_URL = "https://tunnistus.example/.well-known/openid-configuration"
    settings.YHTEISO_SUOMIFI_PRIVATE_KEY = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    return key


def test_suomifi_is_offered_only_once_it_is_configured(settings, configured):
    assert "suomifi" in dict(provider_choices())
    settings.YHTEISO_SUOMIFI_CLIENT_ID = ""
    assert dict(provider_choices()).keys() == {"dev-codes"}
    rnd = make_round(open_voting=False)
    with pytest.raises(ValidationError) as caught:
        services_setup.round_settings_update(actor=None, round=rnd, identity_provider="suomifi")
    assert "identity_provider" in caught.value.message_dict
    assert Round.objects.get(pk=rnd.pk).identity_provider == "dev-codes"


def test_the_provider_is_chosen_before_the_voting_and_frozen_with_the_rules(configured):
    rnd = make_round(open_voting=False)
    services_setup.round_settings_update(actor=None, round=rnd, identity_provider="suomifi")
    assert Round.objects.get(pk=rnd.pk).identity_provider == "suomifi"
    voting = make_round(slug="open")
    with pytest.raises(ValidationError) as caught:
        services_setup.round_settings_update(actor=None, round=voting, identity_provider="suomifi")
    assert "identity_provider" in caught.value.message_dict


def test_a_suomifi_rounds_voting_page_offers_the_suomifi_button_and_refuses_a_code(client, configured):
    rnd = make_round()
    Round.objects.filter(pk=rnd.pk).update(identity_provider="suomifi")
    page = client.get(f"{BASE}{rnd.slug}/aanesta/").content.decode()
    assert f'action="{BASE}{rnd.slug}/aanesta/suomifi/"' in page and "Tunnistaudu Suomi.fi-tunnistuksella" in page
    assert 'name="code"' not in page
    response = client.post(f"{BASE}{rnd.slug}/aanesta/", {"code": "ABCD-EFGH-JKLM"})
    assert response.status_code == 400 and "Suomi.fi-painikkeella" in response.content.decode()


def test_the_callback_without_a_started_identification_says_to_start_again(client, configured):
    response = client.get(f"{BASE}suomifi/paluu/?code=x&state=y")
    assert response.status_code == 400 and "Yritä uudelleen" in response.content.decode()


def test_the_service_keys_are_published_only_when_configured(client, settings, configured):
    keys = client.get(f"{BASE}suomifi/avaimet/").json()["keys"]
    public = configured.public_key().public_numbers()
    assert all(k["kty"] == "RSA" and "d" not in k for k in keys)
    assert {k["use"] for k in keys} == {"sig", "enc"}
    assert int.from_bytes(base64.urlsafe_b64decode(keys[0]["n"] + "=="), "big") == public.n
    settings.YHTEISO_SUOMIFI_CLIENT_ID = ""
    assert client.get(f"{BASE}suomifi/avaimet/").status_code == 404
    assert client.get(f"{BASE}suomifi/paluu/").status_code == 400
