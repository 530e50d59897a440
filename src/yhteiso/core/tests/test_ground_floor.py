"""The ground floor in ``core`` has one copy of each shared helper: content-language fallback, formatting of numbers,
money and dates, and the progress-status label. A copy defined again anywhere else in the package fails here."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.utils import translation

from yhteiso.core import formatting
from yhteiso.core.localisation import Localized, localized_text, pick

PACKAGE = Path(__file__).resolve().parents[2]

# Names the old copies had (issue 11), and the names a new copy would most likely get.
HELPER_NAMES = {
    "localized", "_localized", "localized_language", "localized_text", "pick_language",
    "format_number", "format_date", "format_money", "format_euros", "money", "_money", "eur", "_eur", "euros",
    "_fmt_eur", "fmt_eur", "format_percent", "status_label", "percent",
    "isolate", "amount_in_reading_order", "in_reading_order",
}
HOMES = {PACKAGE / "core" / "formatting.py", PACKAGE / "core" / "localisation.py"}


def _function_definitions():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts or "tests" in path.parts or path in HOMES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield path.relative_to(PACKAGE), node


def test_no_copy_of_a_core_helper_is_defined_outside_core():
    copies = [f"{path}:{node.lineno} {node.name}" for path, node in _function_definitions()
              if node.name in HELPER_NAMES]
    assert not copies, "use yhteiso.core.formatting / yhteiso.core.localisation instead of: " + ", ".join(copies)


def test_the_scan_sees_function_definitions_at_every_depth():
    names = {node.name for _path, node in _function_definitions()}
    assert {"indicator_value", "project_create"} <= names  # a module-level one in programme, a service


class _Place(Localized):
    def __init__(self, fi="", sv="", en=""):
        self.name_fi, self.name_sv, self.name_en = fi, sv, en


@pytest.mark.parametrize(("texts", "language", "expected"), [
    (("Leppävaara", "Alberga", ""), "sv", ("Alberga", "sv")),
    (("Leppävaara", "", ""), "sv", ("Leppävaara", "fi")),
    (("Leppävaara", "Alberga", "Leppävaara EN"), "en", ("Leppävaara EN", "en")),
    (("Matinkylä", "", ""), "en", ("Matinkylä", "fi")),
    (("", "Bara svenska", ""), "fi", ("Bara svenska", "sv")),
    (("", "", ""), "sv", ("", "fi")),
])
def test_one_fallback_rule_active_language_then_finnish_then_the_first_non_empty(texts, language, expected):
    place = _Place(*texts)
    assert (place.localized("name", language), place.localized_language("name", language)) == expected


def test_the_active_language_is_the_default():
    place = _Place("Leppävaara", "Alberga", "")
    with translation.override("sv"):
        assert place.localized("name") == "Alberga"
        assert localized_text({"fi": "Kysely", "sv": "Enkät"}) == "Enkät"
    with translation.override("en"):
        assert place.localized("name") == "Leppävaara"
    assert pick({"en": "Survey", "fi": ""}, "fi") == ("en", "Survey")


def test_models_read_their_content_fields_through_the_one_rule():
    from yhteiso.areas.models import Area
    from yhteiso.knowledge.models import Variable

    area = Area(code="1", name_fi="Tapiola", name_sv="Hagalund")
    variable = Variable(code="he_vakiy", name_fi="", name_sv="", name_en="Population")
    with translation.override("sv"):
        assert area.name == "Hagalund"
        assert variable.name == "Population"
    with translation.override("en"):
        assert area.name == "Tapiola"


@pytest.mark.parametrize(("language", "expected"), [
    ("fi", ("1\u00a0234\u00a0567,5", "70\u00a0250,50\u00a0€", "17\u00a0%", "31.7.2026")),
    ("sv", ("1\u00a0234\u00a0567,5", "70\u00a0250,50\u00a0€", "17\u00a0%", "31.7.2026")),
    ("en", ("1,234,567.5", "70,250.50\u00a0€", "17\u00a0%", "31 Jul 2026")),
])
def test_numbers_money_percentages_and_dates_follow_the_active_language(language, expected):
    with translation.override(language):
        got = (formatting.number("1234567.5"), formatting.euros(70250.5), formatting.percent(17),
               formatting.date(dt.date(2026, 7, 31)))
    assert got == expected


def test_on_a_right_to_left_page_numbers_amounts_and_percentages_keep_their_reading_order():
    lri, pdi = "\u2066", "\u2069"
    with translation.override("ar"):
        got = (formatting.number(45000), formatting.money(45000), formatting.euros(45000),
               formatting.euros(45000, symbol="zł"), formatting.percent(17), formatting.quantity(73.4))
        missing = formatting.euros(None)
    assert got == (f"{lri}45\u00a0000{pdi}", f"{lri}45\u00a0000{pdi}", f"{lri}45\u00a0000\u00a0€{pdi}",
                   f"{lri}45\u00a0000\u00a0zł{pdi}", f"{lri}17\u00a0%{pdi}", f"{lri}73,4{pdi}")
    assert missing == "–"
    # each isolated once (an amount is not an isolated number inside another isolate), and never on a
    # left-to-right page, in the active language or one given
    assert all(text.count(lri) == 1 for text in got)
    with translation.override("ar"):
        assert formatting.euros(45000, language="fi") == "45\u00a0000\u00a0€"
    with translation.override("fi"):
        assert "\u2066" not in formatting.euros(45000) + formatting.number(1) + formatting.percent(5)
        assert formatting.euros(45000, language="ar").startswith(lri)


def test_missing_values_are_a_dash_everywhere():
    assert {formatting.number(None), formatting.euros(None), formatting.percent(None), formatting.date(None),
            formatting.quantity(""), formatting.money("not a number")} == {"–"}


def test_the_status_label_is_translated_and_unknown_codes_pass_through():
    with translation.override("fi"):
        assert formatting.status_label("on_track") == "Oikealla suunnalla"
    with translation.override("sv"):
        assert formatting.status_label("off_track") == "Efter målet"
    assert formatting.status_label("something_else") == "something_else"
    assert formatting.status_label("") == "–"
