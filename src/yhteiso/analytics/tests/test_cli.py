"""``yhteiso indices`` on real files: outputs, options and errors (exit status 2, no traceback)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from yhteiso.analytics import indices as ix
from yhteiso.analytics.cli import main
from yhteiso.analytics.io import read_table

DATA = Path(__file__).parent / "data"
SAC = str(DATA / "sacramento1.geojson")
ESPOO = str(DATA / "espoo_pienalue_indicators_2025.csv")
GROUPS = ["WHITE_", "BLACK_", "ASIAN_", "HISP_"]
GROUP_ARGS = [arg for g in GROUPS for arg in ("--group", g)]


def run(capsys, *argv):
    """Run the command's own entry point (tests may not import yhteiso.cli: import-linter contract); the
    installed ``yhteiso`` dispatcher is exercised in a subprocess below."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_one_group_gives_the_two_group_indices_as_json(capsys):
    code, out, err = run(capsys, SAC, "--group", "HISP_", "--total", "TOT_POP", "--format", "json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert list(result) == list(ix.TWO_GROUP_INDEX_NAMES)
    t = read_table(SAC)
    expected = ix.two_group_indices(t.numeric("HISP_"), t.numeric("TOT_POP"))
    for name, value in expected.items():
        assert result[name] == pytest.approx(value, abs=1e-15)
    assert result["dissimilarity"] == pytest.approx(0.32184656076566864, abs=1e-12)  # PySAL's value


def test_several_groups_give_the_multigroup_indices(capsys):
    args = [SAC, *GROUP_ARGS, "--total", "TOT_POP", "--format", "json"]
    code, out, _ = run(capsys, *args)
    assert code == 0
    result = json.loads(out)
    assert list(result) == list(ix.MULTIGROUP_INDEX_NAMES)
    assert result["multigroup_dissimilarity"] == pytest.approx(0.41340872573177806, abs=1e-12)


def test_include_rest_adds_the_remainder_of_the_total_as_a_group(capsys):
    args = [SAC, *GROUP_ARGS, "--total", "TOT_POP", "--format", "json",
            "--include-rest", "--index", "mutual_information"]
    code, out, _ = run(capsys, *args)
    t = read_table(SAC)
    counts = np.column_stack([t.numeric(g) for g in GROUPS])
    rest = t.numeric("TOT_POP") - counts.sum(1)
    assert code == 0
    assert json.loads(out) == {"mutual_information": pytest.approx(ix.mutual_information(np.column_stack([counts, rest])))}


def test_selected_indices_in_a_table_and_in_csv(capsys):
    code, out, _ = run(capsys, SAC, "--group", "BLACK_", "--total", "TOT_POP", "--index", "gini",
                       "--index", "atkinson", "--atkinson-b", "0.8")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].split() == ["index", "value"]
    assert [ln.split()[0] for ln in lines[1:]] == ["gini", "atkinson"]
    t = read_table(SAC)
    assert float(lines[2].split()[1]) == pytest.approx(ix.atkinson(t.numeric("BLACK_"), t.numeric("TOT_POP"), b=0.8),
                                                       abs=1e-6)
    code, out, _ = run(capsys, SAC, "--group", "BLACK_", "--total", "TOT_POP", "--index", "gini", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["index", "value"] and rows[1][0] == "gini"
    assert float(rows[1][1]) == pytest.approx(ix.gini(t.numeric("BLACK_"), t.numeric("TOT_POP")), abs=1e-15)


def test_by_gives_one_object_per_value(capsys):
    code, out, err = run(capsys, ESPOO, "--group", "foreign_language_count_est", "--total", "population",
                         "--by", "tilastoalue_name", "--unit-id", "pienalue_name", "--drop-incomplete",
                         "--index", "dissimilarity", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert "Kanta-Leppävaara" in result and set(result["Kanta-Leppävaara"]) == {"dissimilarity"}
    t = read_table(ESPOO)
    mask = np.array([v == "Kanta-Leppävaara" for v in t.text("tilastoalue_name")])
    expected = ix.dissimilarity(t.numeric("foreign_language_count_est")[mask], t.numeric("population")[mask])
    assert result["Kanta-Leppävaara"]["dissimilarity"] == pytest.approx(expected)
    assert "skipped 4 unit(s)" in err


def test_by_in_a_table_and_csv_lists_values_as_rows(capsys):
    code, out, _ = run(capsys, ESPOO, "--group", "foreign_language_count_est", "--total", "population",
                       "--by", "tilastoalue_name", "--drop-incomplete", "--index", "dissimilarity",
                       "--index", "gini", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert rows[0] == ["tilastoalue_name", "dissimilarity", "gini"]
    assert len(rows) == 1 + 26  # 26 tilastoalue
    code, out, _ = run(capsys, ESPOO, "--group", "foreign_language_count_est", "--total", "population",
                       "--by", "tilastoalue_name", "--drop-incomplete", "--index", "dissimilarity")
    assert out.splitlines()[0].split() == ["tilastoalue_name", "dissimilarity"]


def test_espoo_dissimilarity_of_foreign_language_speakers(capsys):
    code, out, err = run(capsys, ESPOO, "--group", "foreign_language_count_est", "--total", "population",
                         "--unit-id", "pienalue_name", "--drop-incomplete", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["dissimilarity"] == pytest.approx(0.29027, abs=1e-5)  # the PROVENANCE sanity check: ≈ 0.29
    assert "Miessaari" in err


def test_inference_options_add_expected_adjusted_p_value_and_interval_reproducibly(capsys):
    args = [ESPOO, "--group", "foreign_language_count_est", "--total", "population", "--drop-incomplete",
            "--index", "dissimilarity", "--null-draws", "19", "--bootstrap", "19", "--seed", "5", "--format", "json"]
    code, out, _ = run(capsys, *args)
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"dissimilarity", "dissimilarity_expected", "dissimilarity_adjusted",
                           "dissimilarity_p_value", "dissimilarity_ci_low", "dissimilarity_ci_high"}
    assert result["dissimilarity_expected"] < 0.05 < result["dissimilarity"]
    assert result["dissimilarity_p_value"] == pytest.approx(1 / 20)
    assert result["dissimilarity_ci_low"] < result["dissimilarity"] < result["dissimilarity_ci_high"]
    assert json.loads(run(capsys, *args)[1]) == result


def test_spatial_indices_with_a_bandwidth_call_the_spatial_module(capsys):
    from yhteiso.analytics import spatial

    code, out, _ = run(capsys, SAC, "--group", "HISP_", "--total", "TOT_POP", "--bandwidth", "2000",
                       "--kernel", "gaussian", "--format", "json")
    assert code == 0
    result = json.loads(out)
    t = read_table(SAC)
    expected = spatial.egohood_dissimilarity(t.numeric("HISP_"), t.numeric("TOT_POP"), points=t.centroids_xy,
                                             bandwidth=2000.0, kernel="gaussian")
    assert result["egohood_dissimilarity"] == pytest.approx(expected, abs=1e-15)
    assert "dissimilarity" in result


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([ESPOO, "--group", "foreign_language_count_est", "--total", "population"],
         "unit in row 36, column 'population': missing or non-numeric value"),
        ([ESPOO, "--group", "foreign_language_count_est", "--total", "population", "--unit-id", "pienalue_name"],
         "unit Miessaari, column 'population': missing or non-numeric value"),
        ([ESPOO, "--group", "vieraskieliset", "--total", "population"], "missing column 'vieraskieliset'"),
        ([ESPOO, "--group", "population", "--total", "foreign_language_count_est", "--drop-incomplete"],
         "exceeds total 'foreign_language_count_est'"),
        ([ESPOO, "--group", "foreign_language_count_est", "--total", "population", "--index", "magic"],
         "unknown index 'magic'"),
        ([ESPOO, "--group", "foreign_language_count_est", "--total", "population", "--index", "mutual_information"],
         "needs several --group options"),
        ([ESPOO, "--group", "foreign_language_count_est", "--total", "population", "--bandwidth", "1000",
          "--drop-incomplete"], "spatial indices need geometry input"),
        ([SAC, "--group", "HISP_", "--total", "TOT_POP", "--bandwidth", "1000", "--kernel", "boxy"],
         "unknown kernel 'boxy'"),
        (["/nonexistent/areas.csv", "--group", "a", "--total", "b"], "no such file"),
    ],
)
def test_errors_exit_with_status_2_and_a_message(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_the_installed_command_reports_errors_without_a_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "yhteiso.cli", "indices", ESPOO, "--group", "nope", "--total", "population"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "yhteiso indices: error:" in proc.stderr and "missing column 'nope'" in proc.stderr
    assert "Traceback" not in proc.stderr
