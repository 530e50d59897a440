"""Peer cities: the figures are those of an independent computation from the shipped Paavo subset."""

from __future__ import annotations

import argparse
import csv
import io
import json

import numpy as np
import pytest

from yhteiso.schools import cli_peers, peers


def _rows(city):
    with open(peers.DATA, encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["kunta"] == city]


def test_espoos_d_of_the_lowest_income_class_matches_the_formula():
    rows = [r for r in _rows("049") if all(float(r[c]) >= 0 for c in peers.COLUMNS) and float(r["he_vakiy"]) > 0]
    g = np.array([float(r["hr_pi_tul"]) for r in rows])
    t = np.array([float(r["hr_tuy"]) for r in rows])
    d = 0.5 * np.abs(g / g.sum() - (t - g) / (t - g).sum()).sum()
    espoo = peers.compare()[0]
    assert espoo["name_fi"] == "Espoo" and espoo["areas"] == len(rows) == 45  # 02290 (suppressed) left out
    assert espoo["dissimilarity_low_income"] == pytest.approx(d, abs=1e-12)


def test_each_city_is_computed_from_its_own_postal_areas_and_own_city_rates():
    out = {r["name_fi"]: r for r in peers.compare()}
    assert list(out) == ["Espoo", "Helsinki", "Vantaa", "Tampere", "Turku", "Oulu"]
    for r in out.values():
        assert r["sum_index_p10"] < r["sum_index_median"] < r["sum_index_p90"] <= r["sum_index_max"]
        assert r["sum_index_weakest_decile_mean"] > 100
    assert out["Helsinki"]["areas"] > out["Turku"]["areas"]


def test_the_command_prints_json():
    parser = argparse.ArgumentParser()
    cli_peers.add_arguments(parser)
    out = io.StringIO()
    assert cli_peers.run(parser.parse_args(["--format", "json"]), stdout=out) == 0
    doc = json.loads(out.getvalue())
    assert [c["municipality"] for c in doc["cities"]] == ["049", "091", "092", "837", "853", "564"]


@pytest.mark.django_db
def test_the_json_output_has_the_same_figures_as_the_command(client):
    from django.urls import reverse

    doc = client.get(reverse("schools:peers-json")).json()
    assert doc["cities"][0]["dissimilarity_low_income"] == peers.compare()[0]["dissimilarity_low_income"]


def test_the_peer_cities_d_groups_are_the_knowledge_bases_one_list():
    from yhteiso.knowledge import computations, recipes
    from yhteiso.schools import peers

    assert peers.D_GROUPS is recipes.DISSIMILARITY_COUNTS
    specs = {g.group: g.count for g in computations.GROUPS if g.count}
    assert specs == {group: ((count,), whole) for group, (count, whole) in recipes.DISSIMILARITY_COUNTS.items()}
