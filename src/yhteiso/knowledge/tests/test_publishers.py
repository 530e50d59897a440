"""A data source's publisher reads in the reader's language (issue 13): the demo data and the importers' defaults
stored "Statistics Finland (Tilastokeskus)", which Finnish pages showed in English; a Swedish page showed the
Finnish "Lähde: Tilastokeskus". Checked on the data sets page, an area page, a map export's attribution lines, the
site's data sources page, and the data migration that rewrites the stored English names."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from yhteiso.areas.models import Area, AreaLevel, BoundaryImport
from yhteiso.knowledge.models import Dataset

ENGLISH = ("Statistics Finland", "Helsinki Region Environmental Services", "Source:")


def _get(client, url: str, lang: str) -> str:
    client.cookies["yhteiso_language"] = lang
    return client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()


def test_publishers_and_attributions_are_named_in_the_readers_language(demo_data, client):
    district = Area.objects.get(level=AreaLevel.MAJOR_DISTRICT, name_fi="Suur-Leppävaara")
    export = reverse("knowledge:export", args=["csv"]) + "?level=suuralue&indicator=var:population&year=2025"
    pages = [reverse("knowledge:datasets"), reverse("knowledge:area-profile", args=[district.code]), export,
             reverse("core:sources")]
    for url in pages:
        fi = _get(client, url, "fi")
        assert "Tilastokeskus" in fi and not any(e in fi for e in ENGLISH), url
        sv = _get(client, url, "sv")
        assert "Statistikcentralen" in sv and "Tilastokeskus" not in sv and "Lähde:" not in sv, url
    datasets = _get(client, reverse("knowledge:datasets"), "sv")
    assert "Områdesgränser: HSY" in datasets
    assert "öppna data, källan ska anges" in datasets
    assert "Statistics Finland" in _get(client, reverse("knowledge:datasets"), "en")


def test_stored_publishers_are_finnish_names(demo_data):
    assert not Dataset.objects.filter(publisher__startswith="Statistics Finland").exists()
    assert not BoundaryImport.objects.filter(publisher__contains="Environmental Services").exists()
    assert Dataset.objects.filter(publisher="Tilastokeskus, Paavo").exists()


@pytest.mark.django_db
def test_the_data_migration_rewrites_the_english_names_an_installation_holds():
    paavo = Dataset.objects.create(code="paavo-old", title="Paavo", licence="CC BY 4.0", attribution="x",
                                   publisher="Statistics Finland (Tilastokeskus), Paavo")
    px = Dataset.objects.create(code="px-old", title="PX", licence="CC BY 4.0", attribution="x",
                                publisher="Statistics Finland (Tilastokeskus)")
    own = Dataset.objects.create(code="own", title="Own", licence="-", attribution="x", publisher="Espoon kaupunki")
    hsy = BoundaryImport.objects.create(filename="a.geojson", content_hash="0" * 64, level=AreaLevel.SMALL_AREA,
                                        crs="EPSG:4326", publisher="Helsinki Region Environmental Services HSY")
    importlib.import_module("yhteiso.knowledge.migrations.0004_hpolish_publisher_names").forwards(apps, None)
    importlib.import_module("yhteiso.areas.migrations.0003_hpolish_publisher_names").forwards(apps, None)
    for obj in (paavo, px, own, hsy):
        obj.refresh_from_db()
    assert (paavo.publisher, px.publisher, own.publisher) == ("Tilastokeskus, Paavo", "Tilastokeskus",
                                                              "Espoon kaupunki")
    assert hsy.publisher == "Helsingin seudun ympäristöpalvelut HSY"
