"""The numbers published in docs/espoo-dissimilarity.md, recomputed from the shipped Espoo pienalue data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from yhteiso.analytics import indices as ix
from yhteiso.analytics.io import read_table

DATA = Path(__file__).parent / "data" / "espoo_pienalue_indicators_2025.csv"


@pytest.fixture(scope="module")
def espoo():
    t = read_table(DATA, id_column="pienalue_name")
    t = t.subset(~np.isnan(t.numeric("population")))
    counts = np.column_stack([t.numeric("foreign_language_count_est"), t.numeric("other_language_count_est")])
    return t, counts


def test_the_data_covers_84_inhabited_pienalue_with_a_quarter_foreign_language_speakers(espoo):
    t, counts = espoo
    assert len(t) == 84
    assert counts.sum() == 319_986
    assert counts[:, 0].sum() == 81_045
    np.testing.assert_array_equal(counts.sum(axis=1), t.numeric("population"))


def test_dissimilarity_and_mutual_information_of_foreign_language_speakers(espoo):
    _t, counts = espoo
    assert ix.dissimilarity(counts[:, 0], counts.sum(1)) == pytest.approx(0.290265, abs=1e-6)
    assert ix.mutual_information(counts) == pytest.approx(0.044722, abs=1e-6)


def test_m_splits_into_suuralue_tilastoalue_and_pienalue_parts(espoo):
    t, counts = espoo
    suuralue = [k[3] for k in t.text("kokotun")]
    d = ix.mutual_information_decomposition(counts, [suuralue, t.text("tilastoalue_code")],
                                            level_names=["suuralue", "tilastoalue"], unit_ids=t.ids)
    assert sum(d.between) == pytest.approx(d.total, abs=1e-15)
    shares = [round(100 * b / d.total, 1) for b in d.between]
    assert shares == [25.2, 44.0, 30.8]
    assert max(d.within[1], key=d.within[1].get) == "6"  # Vanha-Espoo
    local = ix.local_mutual_information(counts)
    top = [t.ids[i] for i in np.argsort(local)[::-1][:5]]
    assert top == ["Suvela", "Suurpelto", "Perkkaa", "Otaniemi", "Haukilahti"]
