"""PX reader on the real Statistics Finland files (ISO-8859-15, CRLF) and on broken ones."""

from pathlib import Path

import pytest

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.analytics.readers.px import parse, read_px

DATA = Path(__file__).parent / "data" / "statfin_px"
POPULATION = DATA / "statfin_vaerak_pxt_11rc.px"
TIME_USE = DATA / "statfin_akay_pxt_001.px"
UNEMPLOYMENT = DATA / "statfin_tyonv_eckero.px"


def test_it_reads_the_population_table_with_its_iso_8859_15_text():
    table = read_px(POPULATION, area="FI", select={"Sukupuoli": ["SSS"], "Ikä": ["SSS"]})
    first = table.cells[0]
    assert (first.year, first.value) == (1865, 1843245.0)
    assert table.years[0] == 1865 and table.years[-1] == 2023
    label = table.variables[first.variable]
    assert "Väestö" in label["fi"] and "Befolkning" in label["sv"]
    assert table.meta["table_id"] == "statfin_vaerak_pxt_11rc"
    assert table.meta["encoding"] in ("iso8859-15", "iso-8859-15")


def test_it_finds_dimensions_by_their_name_in_another_language():
    table = read_px(POPULATION, area="FI", select={"Sex": ["SSS"], "Age": ["SSS"]}, year_dimension="Year")
    assert len(table.cells) == 2023 - 1865 + 1


def test_confidential_cells_are_kept_as_suppressed_not_zero():
    table = read_px(TIME_USE, area="FI")
    suppressed = [c for c in table.cells if c.suppressed]
    assert len(suppressed) == 3
    assert all(c.value is None for c in suppressed)
    assert all(c.value is not None for c in table.cells if not c.suppressed)


def test_monthly_tables_are_refused_with_the_period_named():
    with pytest.raises(ReaderError, match=r"2024M01.*not a calendar year") as err:
        read_px(UNEMPLOYMENT, area_dimension="Alue")
    assert err.value.column == "Kuukausi"


def test_a_utf8_file_that_claims_iso_8859_15_is_refused(tmp_path):
    text = POPULATION.read_bytes().decode("iso-8859-15")
    bad = tmp_path / "utf8.px"
    bad.write_bytes(text.encode("utf-8"))
    with pytest.raises(ReaderError, match="declares CODEPAGE='iso-8859-15' but its text is UTF-8") as err:
        parse(bad)
    assert err.value.file == "utf8.px" and err.value.row is not None


def test_a_utf16_file_is_refused(tmp_path):
    bad = tmp_path / "utf16.px"
    bad.write_bytes(TIME_USE.read_bytes().decode("iso-8859-15").encode("utf-16"))
    with pytest.raises(ReaderError, match="UTF-16"):
        parse(bad)


def test_an_unknown_code_page_is_refused(tmp_path):
    bad = tmp_path / "cp.px"
    bad.write_bytes(TIME_USE.read_bytes().replace(b'CODEPAGE="iso-8859-15"', b'CODEPAGE="klingon-1"'))
    with pytest.raises(ReaderError, match="unknown encoding"):
        parse(bad)


def test_a_data_block_of_the_wrong_size_is_refused(tmp_path):
    raw = TIME_USE.read_bytes()
    bad = tmp_path / "short.px"
    bad.write_bytes(raw[: raw.rindex(b";")].rsplit(b" ", 3)[0] + b";\r\n")
    with pytest.raises(ReaderError, match=r"DATA has .* cells but the dimensions need 768"):
        parse(bad)


def test_a_file_without_data_is_not_a_px_file(tmp_path):
    bad = tmp_path / "x.px"
    bad.write_bytes(b'CHARSET="ANSI";\r\nSTUB="a";\r\n')
    with pytest.raises(ReaderError, match="no DATA="):
        parse(bad)


def test_an_unknown_selection_is_named():
    with pytest.raises(ReaderError, match="has no value 'X'"):
        read_px(POPULATION, area="FI", select={"Sukupuoli": ["X"]})
