"""Shared result types and the error every reader raises."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path


class ReaderError(ValueError):
    """Bad input. ``str(err)`` names the file, row (1-based, as a spreadsheet shows it), column and reason."""

    def __init__(self, reason: str, *, file: str = "", row: int | None = None, column: str | None = None):
        self.reason = reason
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return (", ".join(where) + ": " if where else "") + self.reason


@dataclass(frozen=True)
class Cell:
    """One statistic: ``value`` is None when the publisher suppressed or did not publish it (``suppressed`` says
    which; suppressed is never turned into zero). ``row``/``column`` point back into the file for error reports."""

    area_code: str
    year: int
    variable: str
    value: float | None
    suppressed: bool = False
    row: int | None = None
    column: str | None = None


@dataclass
class Table:
    """Everything a statistics reader found: the cells, labels of the variables (``{code: {"fi": .., "sv": ..,
    "en": ..}}``) and metadata from the file (title, table id, source, ...)."""

    cells: list[Cell]
    variables: dict[str, dict[str, str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    area_names: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted({c.year for c in self.cells})

    @property
    def area_codes(self) -> list[str]:
        return sorted({c.area_code for c in self.cells})


def file_label(path: str | Path | None, default: str = "<input>") -> str:
    return Path(path).name if path else default


def content_hash(data: bytes) -> str:
    """SHA-256 of the file's bytes (used to recognise a file imported before)."""
    return hashlib.sha256(data).hexdigest()


def read_bytes(source: str | Path | bytes) -> tuple[bytes, str]:
    """(bytes, label) from a path or raw bytes."""
    if isinstance(source, bytes | bytearray):
        return bytes(source), "<upload>"
    path = Path(source)
    try:
        return path.read_bytes(), path.name
    except OSError as err:
        raise ReaderError(f"cannot read the file ({err.strerror})", file=path.name) from err


def parse_number(text: str, *, file: str, row: int | None, column: str | None, decimal_comma: bool = False) -> float:
    """A finite float from text (spaces as thousands separators allowed); ReaderError otherwise."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ReaderError(f"{text!r} is not a number", file=file, row=row, column=column) from None
    if not math.isfinite(value):
        raise ReaderError(f"{text!r} is not a finite number", file=file, row=row, column=column)
    return value


def parse_year(text: str | int, *, file: str, row: int | None, column: str | None) -> int:
    value = str(text).strip()
    if value.endswith(".0"):
        value = value[:-2]
    if len(value) == 4 and value.isdigit():
        return int(value)
    raise ReaderError(f"{text!r} is not a calendar year (YYYY)", file=file, row=row, column=column)
