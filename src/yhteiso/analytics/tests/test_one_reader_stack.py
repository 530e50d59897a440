"""One reader stack: ``yhteiso indices`` (:func:`yhteiso.analytics.io.read_table`) and ``yhteiso import``
(:mod:`yhteiso.analytics.readers.table`, ``paavo``) read the same file the same way — one number rule, one error
type with file, row, column and a reason code."""

from __future__ import annotations

from fractions import Fraction

import pytest

from yhteiso.analytics.io import read_table
from yhteiso.analytics.readers.common import ReaderError, parse_exact, to_number
from yhteiso.analytics.readers.paavo import read_paavo
from yhteiso.analytics.readers.table import read_statistics_table


def test_a_decimal_comma_in_a_semicolon_csv_is_read_by_both_commands(tmp_path):
    path = tmp_path / "alueet.csv"
    path.write_text("alue;osuus\n00100;12,5\n00200;1 234,5\n", encoding="utf-8")
    indices = read_table(path, id_column="alue").numeric("osuus").tolist()
    imported = read_statistics_table(path, area_column="alue", year=2024)
    assert indices == [12.5, 1234.5]
    assert [c.value for c in imported.cells] == [12.5, 1234.5]


@pytest.mark.parametrize("text", ['"12,5"', "1.234", "1,234"])
def test_in_a_comma_separated_csv_both_commands_refuse_or_accept_alike(tmp_path, text):
    path = tmp_path / "areas.csv"
    path.write_text(f"area,share\n00100,{text}\n", encoding="utf-8")
    try:
        expected = read_statistics_table(path, area_column="area", year=2024).cells[0].value
    except ReaderError as err:
        with pytest.raises(ReaderError) as other:
            read_table(path, id_column="area").numeric("share")
        assert (other.value.code, other.value.row, other.value.column) == (err.code, err.row, err.column)
    else:
        assert read_table(path, id_column="area").numeric("share").tolist() == [expected]


def test_the_number_rule():
    assert to_number("12,5", decimal_comma=True) == (12.5, "")
    assert to_number("12,5") == (None, "decimal_comma")
    assert to_number("1\u00a0234\u202f567") == (1234567.0, "")
    assert to_number("1 23") == (None, "bad_grouping")
    assert to_number("1.234,5", decimal_comma=True) == (None, "not_a_number")
    assert to_number("1e300") == (None, "too_large")
    assert to_number("nan") == (None, "not_finite")
    assert to_number("−7") == (-7.0, "")
    assert parse_exact("1 250,50", decimal_comma=True) == Fraction(2501, 2)


def test_paavo_and_tables_share_the_rule_and_the_error(tmp_path):
    path = tmp_path / "paavo.csv"
    path.write_text("posti_alue;nimi;he_vakiy\n02100;Tapiola;1 234,5\n02150;Otaniemi;x1\n", encoding="utf-8")
    with pytest.raises(ReaderError) as err:
        read_paavo(path, release_year=2019)
    assert (err.value.code, err.value.row, err.value.column) == ("not_a_number", 3, "he_vakiy")
