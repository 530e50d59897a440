import io

import openpyxl
import pytest

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.analytics.readers.table import read_statistics_table as read_table

WIDE = b"code,name,year,pop,share\nA1,One,2024,100,12.5\nA2,Two,2024,..,\nA1,One,2025,110,13\n"
LONG = b"alue;vuosi;muuttuja;arvo\nA1;2024;pop;100\nA1;2024;share;12,5\nA2;2024;pop;x\n"


def test_wide_tables_give_one_variable_per_column():
    table = read_table(WIDE, area_column="code", year_column="year", name_column="name", filename="w.csv")
    values = {(c.area_code, c.year, c.variable): c for c in table.cells}
    assert values[("A1", 2025, "pop")].value == 110
    assert values[("A2", 2024, "pop")].suppressed
    assert ("A2", 2024, "share") not in values  # empty = not published
    assert table.area_names["A1"] == {"fi": "One"}


def test_a_column_mapping_renames_and_limits_the_variables():
    table = read_table(WIDE, area_column="code", year_column="year", columns={"population": "pop"}, filename="w.csv")
    assert {c.variable for c in table.cells} == {"population"}


def test_long_tables_with_semicolons_and_decimal_commas():
    table = read_table(LONG, area_column="alue", year_column="vuosi", layout="long", variable_column="muuttuja",
                       value_column="arvo", decimal_comma=True, filename="l.csv")
    values = {(c.area_code, c.variable): c for c in table.cells}
    assert values[("A1", "share")].value == 12.5
    assert values[("A2", "pop")].suppressed


def test_xlsx_tables_are_read():
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["code", "pop"])
    ws.append(["A1", 100])
    buf = io.BytesIO()
    book.save(buf)
    table = read_table(buf.getvalue(), area_column="code", year=2024, filename="t.xlsx")
    assert [(c.area_code, c.year, c.value) for c in table.cells] == [("A1", 2024, 100.0)]


def test_a_bad_number_names_the_file_row_and_column():
    bad = WIDE.replace(b"13\n", b"13 %\n")
    with pytest.raises(ReaderError) as err:
        read_table(bad, area_column="code", year_column="year", name_column="name", filename="w.csv")
    assert (err.value.file, err.value.row, err.value.column) == ("w.csv", 4, "share")


def test_a_missing_column_is_named():
    with pytest.raises(ReaderError, match="no column 'kokotun'"):
        read_table(WIDE, area_column="kokotun", year=2024, filename="w.csv")


def test_a_bad_year_is_named():
    with pytest.raises(ReaderError, match="'20x4' is not a calendar year") as err:
        read_table(WIDE.replace(b"2025", b"20x4"), area_column="code", year_column="year", name_column="name",
                   filename="w.csv")
    assert err.value.row == 4


def test_a_duplicate_row_is_refused():
    with pytest.raises(ReaderError, match="appears twice"):
        read_table(WIDE + b"A1,One,2025,1,1\n", area_column="code", year_column="year", name_column="name",
                   filename="w.csv")
