import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.surveys import instruments as shipped
from yhteiso.surveys import services
from yhteiso.surveys.models import Instrument, definition_hash


def test_the_participation_indicator_has_thl_s_ten_finnish_statements_and_cites_its_source():
    thl = shipped.THL_PARTICIPATION
    assert len(thl["questions"]) == 10
    assert thl["questions"][0]["text"]["fi"] == "Tunnen, että päivittäiset tekemiseni ovat merkityksellisiä."
    assert thl["questions"][9]["text"]["fi"] == "Pystyn vaikuttamaan joihinkin elinympäristöni asioihin."
    assert "thl.fi" in thl["source"]["url"]
    assert thl["scoring"]["min_answered"] == 10
    # Only Finnish is official; selkosuomi shows the official statements unchanged.
    assert thl["official_languages"] == ["fi", "fi-x-selko"]
    assert all(q["text"]["fi-x-selko"] == q["text"]["fi"] for q in thl["questions"])


def test_every_shipped_text_exists_in_every_respondent_language():
    for definition in shipped.ALL:
        for q in definition["questions"]:
            for lang in RESPONDENT_LANGUAGES:
                assert q["text"].get(lang), (definition["key"], q["key"], lang)
                for o in q.get("options", []) + q.get("extra_options", []):
                    assert o["label"].get(lang), (q["key"], o["value"], lang)


def test_syncing_instruments_is_idempotent_and_stores_a_content_hash(db):
    first = services.instrument_sync()
    second = services.instrument_sync()
    assert [i.pk for i in first] == [i.pk for i in second]
    thl = Instrument.objects.get(key="thl_participation", version=1)
    assert thl.content_hash == definition_hash(shipped.THL_PARTICIPATION)


def test_a_stored_instrument_version_is_locked_against_editing(db):
    services.instrument_sync()
    thl = Instrument.objects.get(key="thl_participation", version=1)
    thl.definition["questions"][0]["text"]["fi"] = "Muokattu väittämä."
    with override("en"), pytest.raises(ValidationError, match="locked"):
        thl.save()
    thl.refresh_from_db()
    assert thl.definition["questions"][0]["text"]["fi"].startswith("Tunnen, että")


def test_sync_refuses_a_changed_definition_under_an_old_version_number(db, monkeypatch):
    services.instrument_sync()
    changed = dict(shipped.SAFETY, name={"fi": "Muutettu"})
    monkeypatch.setattr(shipped, "ALL", [changed])
    with override("en"), pytest.raises(ValidationError, match="new version"):
        services.instrument_sync()
