import json
from pathlib import Path

import pytest

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.analytics.readers.jsonstat import read_jsonstat

FILE = Path(__file__).parent / "data" / "jsonstat" / "espoo_small.json"


def test_it_reads_areas_years_and_variables_from_the_roles():
    table = read_jsonstat(FILE)
    assert table.area_codes == ["A1", "A2", "A3"]
    assert table.years == [2023, 2024]
    cell = next(c for c in table.cells if (c.area_code, c.year, c.variable) == ("A2", 2024, "test_vaesto:vaesto"))
    assert cell.value == 205
    assert table.variables["test_vaesto:vieraskieliset"]["fi"].endswith("Vieraskieliset")


def test_a_null_value_is_a_suppressed_cell():
    table = read_jsonstat(FILE)
    cell = next(c for c in table.cells if (c.area_code, c.year, c.variable) == ("A3", 2023, "test_vaesto:vieraskieliset"))
    assert cell.suppressed and cell.value is None


def test_a_wrong_number_of_values_is_refused(tmp_path):
    doc = json.loads(FILE.read_text(encoding="utf-8"))
    doc["value"] = doc["value"][:-1]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ReaderError, match="11 cells but the dimensions need 12"):
        read_jsonstat(bad)


def test_a_json_stat_1_file_is_refused(tmp_path):
    bad = tmp_path / "old.json"
    bad.write_text(json.dumps({"dataset": {"value": []}}), encoding="utf-8")
    with pytest.raises(ReaderError):
        read_jsonstat(bad)


def test_broken_json_names_the_line(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{\n"version": "2.0",\n oops}', encoding="utf-8")
    with pytest.raises(ReaderError, match="not valid JSON") as err:
        read_jsonstat(bad)
    assert err.value.row == 3
