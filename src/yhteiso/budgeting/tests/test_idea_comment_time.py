"""A comment sent after identifying with Suomi.fi leaves no time of its own in the database.

The attack: in a Suomi.fi round the comment is stored in the same request that finishes the identification. Before
the fix its audit row kept the moment to the microsecond, and the service's Suomi.fi identification log (kept by the
identity provider, with the person's identity code, available to the service) has the same moment: the two together
name the person behind an anonymous comment. Supports keep no time for this reason; an identified comment now keeps
only its day (``written_on``), like them. Failed before the fix: the comment's submission had an audit row."""

from __future__ import annotations

import pytest
from django.core import signing
from django.db.models import DateTimeField, TimeField

from yhteiso.budgeting import suomifi, views_suomifi
from yhteiso.budgeting.models import Round
from yhteiso.budgeting.models_ideas import IdeaComment
from yhteiso.budgeting.tests.factories_ideas import idea_round, published
from yhteiso.core.models import AuditEvent

pytestmark = pytest.mark.django_db
CALLBACK = "/osallistuva-budjetointi/suomifi/paluu/"


@pytest.fixture
def suomifi_round(settings, monkeypatch):
    settings.YHTEISO_SUOMIFI_METADATA_URL = "https://suomifi.invalid/.well-known/openid-configuration"
    settings.YHTEISO_SUOMIFI_CLIENT_ID = "yhteiso-test"
    settings.YHTEISO_SUOMIFI_PRIVATE_KEY = "not used: the identification is stood in for below"
    claims = {settings.YHTEISO_SUOMIFI_IDENTITY_CLAIM: "131052-308T",
              settings.YHTEISO_SUOMIFI_MUNICIPALITY_CLAIM: settings.YHTEISO_SUOMIFI_MUNICIPALITY}
    monkeypatch.setattr(suomifi, "identify_with_token", lambda **kwargs: (dict(claims), "id-token"))
    monkeypatch.setattr(suomifi, "logout_url", lambda **kwargs: None)
    rnd = idea_round()
    Round.objects.filter(pk=rnd.pk).update(identity_provider="suomifi")
    rnd = Round.objects.get(pk=rnd.pk)
    return rnd, published(rnd, title="Uimaranta Laaksolahteen")


def _callback(client, rnd, flow: dict):
    flow = {"r": rnd.pk, "s": "state", "n": "nonce", "v": "verifier", "q": "", **flow}
    client.cookies[views_suomifi.FLOW_COOKIE] = signing.dumps(
        flow, salt=views_suomifi.FLOW_SALT, compress=True, serializer=views_suomifi._FlowSerializer)
    return client.get(CALLBACK, {"code": "c", "state": "state"})


def test_a_comment_after_suomifi_keeps_no_moment_that_the_identification_log_also_has(client, suomifi_round):
    rnd, idea = suomifi_round
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = _callback(client, rnd, {"p": "comment", "i": idea.pk, "b": "Hyvä idea, laituri myös!", "d": "",
                                       "l": "fi"})
    assert response.status_code == 302 and "ok=commented" in response["Location"]
    (comment,) = IdeaComment.objects.filter(idea=idea)
    assert comment.state == "pending" and comment.display_name == ""
    assert not {f.name for f in IdeaComment._meta.get_fields() if isinstance(f, DateTimeField | TimeField)}
    written = AuditEvent.objects.exclude(pk__in=before)
    assert not written.exists(), list(written.values_list("action", "object_id"))


def test_staff_decisions_on_such_a_comment_are_still_audited(client, suomifi_round, django_user_model):
    from yhteiso.budgeting import services_ideas

    rnd, idea = suomifi_round
    _callback(client, rnd, {"p": "comment", "i": idea.pk, "b": "Kannatan", "d": "", "l": "fi"})
    (comment,) = IdeaComment.objects.filter(idea=idea)
    staff = django_user_model.objects.create_user("moderaattori", password="pw-123456-x")
    services_ideas.idea_comment_moderate(actor=staff, comment=comment, state="published")
    assert AuditEvent.objects.filter(action="pb_idea_comment.published", object_id=str(comment.pk)).exists()
