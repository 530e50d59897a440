"""``yhteiso indices … --index mutual_information --within COL``: total M, the part between the values of COL and
the part within them."""

from __future__ import annotations

import json

import pytest

from yhteiso.cli import main


def _run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def nested_csv(tmp_path):
    p = tmp_path / "schools.csv"
    p.write_text("school,district,fi,foreign,total\na,N,10,0,10\nb,N,8,2,10\nc,S,1,9,10\nd,S,0,10,10\n",
                 encoding="utf-8")
    return p


def test_within_splits_m_into_between_and_within_parts(nested_csv, capsys):
    code, out, _err = _run([
        "indices", str(nested_csv), "--group", "fi", "--group", "foreign", "--total", "total",
        "--index", "mutual_information", "--index", "multigroup_theil", "--within", "district", "--format", "json"],
        capsys)
    assert code == 0
    r = json.loads(out)
    assert r["mutual_information_total"] == pytest.approx(0.485525, abs=1e-6)
    assert r["mutual_information_between"] == pytest.approx(0.430098, abs=1e-6)
    assert r["mutual_information_between"] + r["mutual_information_within"] == pytest.approx(
        r["mutual_information_total"], abs=1e-12)
    assert r["multigroup_theil_between"] + r["multigroup_theil_within"] == pytest.approx(r["multigroup_theil"])


def test_within_needs_several_groups_and_says_so_without_a_traceback(nested_csv, capsys):
    code, _out, err = _run(["indices", str(nested_csv), "--group", "fi", "--total", "total", "--within",
                            "district"], capsys)
    assert code == 2 and "--within needs several --group columns" in err and "Traceback" not in err


def test_within_with_an_unknown_column_names_it(nested_csv, capsys):
    code, _out, err = _run(["indices", str(nested_csv), "--group", "fi", "--group", "foreign", "--total", "total",
                            "--index", "mutual_information", "--within", "kunta"], capsys)
    assert code == 2 and "kunta" in err
