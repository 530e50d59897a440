import struct
from pathlib import Path

import pytest

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.analytics.readers.paavo import read_dbf, read_paavo, statistics_year

PAAVO = Path(__file__).parent / "data" / "paavo_2019_espoo_postal_areas.csv"


def test_each_variable_goes_to_its_statistics_year():
    assert statistics_year("hr_mtu", 2019) == 2016
    assert statistics_year("he_vakiy", 2019) == 2017
    table = read_paavo(PAAVO, release_year=2019, municipality="049")
    tapiola = {(c.variable, c.year): c.value for c in table.cells if c.area_code == "02100"}
    assert tapiola[("he_vakiy", 2017)] == 5025
    assert tapiola[("hr_mtu", 2016)] == 27093
    assert table.area_names["02100"] == {"fi": "Tapiola", "sv": "Hagalund"}
    assert len(table.area_codes) == 46


def test_minus_one_is_suppressed_never_zero():
    table = read_paavo(PAAVO, release_year=2019)
    hospital = [c for c in table.cells if c.area_code == "02290"]
    suppressed = [c for c in hospital if c.suppressed]
    assert len(suppressed) == 41
    assert all(c.value is None for c in suppressed)
    assert not any(c.value == -1 for c in table.cells)


def test_a_non_number_names_the_row_and_column(tmp_path):
    lines = PAAVO.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("hr_mtu")] = "n/a"
    lines[3] = ",".join(row)
    bad = tmp_path / "paavo.csv"
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ReaderError) as err:
        read_paavo(bad, release_year=2019)
    assert (err.value.file, err.value.row, err.value.column) == ("paavo.csv", 4, "hr_mtu")
    assert "'n/a' is not a number" in str(err.value)


def test_it_reads_the_dbf_attribute_table():
    fields = [("posti_alue", "C", 5), ("nimi", "C", 20), ("he_vakiy", "N", 10)]
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(f[2] for f in fields)
    out = bytearray(struct.pack("<BBBBIHH20x", 3, 119, 1, 1, 2, header_len, record_len))
    for name, typ, length in fields:
        out += struct.pack("<11sc4xB15x", name.encode(), typ.encode(), length)
    out += b"\r"
    for code, name, pop in (("02100", "Tapiola", "5025"), ("02290", "Puolarmetsä", "-1")):
        out += b" " + code.encode() + name.encode("utf-8").ljust(20) + pop.rjust(10).encode()
    out += b"\x1a"
    assert read_dbf(bytes(out))[0] == {"posti_alue": "02100", "nimi": "Tapiola", "he_vakiy": "5025"}
    table = read_paavo(bytes(out), year=2017, filename="pno.dbf")
    cells = {c.area_code: c for c in table.cells}
    assert cells["02100"].value == 5025 and cells["02290"].suppressed
