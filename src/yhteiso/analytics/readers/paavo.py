"""Statistics Finland *Paavo* (open data by postal code area) exports: the CSV of the WFS/PxWeb download or the
attribute table (``.dbf``) of the shapefile.

Paavo's release year is not the statistics year: in release *R*, population, education, households and
buildings (``he_``, ``ko_``, ``te_``, ``ra_``) describe 31.12. of *R* − 2, while income, workplaces and main type of
activity (``hr_``, ``tr_``, ``tp_``, ``pt_``) describe year *R* − 3. :func:`read_paavo` stores each variable under
its statistics year. ``-1`` is Paavo's suppression marker (fewer than 30 inhabitants or 10 households): such cells
are kept as suppressed, never zero. Empty cells are not published and are skipped.
"""

from __future__ import annotations

import struct
from pathlib import Path

from yhteiso.analytics.readers.common import MAX_ROWS, Cell, ReaderError, Statistics, guarded, parse_number, read_bytes
from yhteiso.analytics.readers.tabular import read_rows

IDENTITY_COLUMNS = {"posti_alue", "postinumeroalue", "nimi", "namn", "kunta", "euref_x", "euref_y", "vuosi", "objectid",
                    "id", "gml_id", "geometry", "kuntanro", "dataset"}
PREFIX_LAG = {"he": 2, "ko": 2, "te": 2, "ra": 2, "hr": 3, "tr": 3, "tp": 3, "pt": 3}
SUPPRESSED = -1.0


def statistics_year(variable: str, release_year: int) -> int:
    """Statistics (reference) year of a Paavo variable in a release, e.g. ``hr_mtu`` of release 2019 → 2016."""
    return release_year - PREFIX_LAG.get(variable.split("_", 1)[0], 2)


@guarded("a dBASE table")
def read_dbf(raw: bytes, *, name: str = "<dbf>", encoding: str = "utf-8") -> list[dict[str, str]]:
    """The records of a dBASE III/IV table as dicts of text (no external dependency)."""
    if len(raw) < 32 or raw[0] not in (0x03, 0x04, 0x83, 0x8B, 0x30, 0xF5):
        raise ReaderError("not a dBASE (.dbf) file", file=name)
    n_records, header_len, record_len = struct.unpack("<IHH", raw[4:12])
    if record_len == 0 or n_records > MAX_ROWS or header_len + n_records * record_len > len(raw) + record_len:
        raise ReaderError.of("unreadable", file=name, what="a dBASE table", detail="record count or length")
    fields = []
    pos = 32
    while pos < header_len - 1 and raw[pos] != 0x0D:
        desc = raw[pos:pos + 32]
        fname = desc[:11].split(b"\x00", 1)[0].decode("ascii", "replace").strip()
        fields.append((fname, chr(desc[11]), desc[16]))
        pos += 32
    rows = []
    for i in range(n_records):
        start = header_len + i * record_len
        rec = raw[start:start + record_len]
        if len(rec) < record_len:
            raise ReaderError(f"the file ends inside record {i + 1}", file=name, row=i + 2)
        if rec[:1] == b"*":
            continue
        offset = 1
        row = {}
        for fname, _ftype, flen in fields:
            try:
                row[fname] = rec[offset:offset + flen].decode(encoding).strip()
            except UnicodeDecodeError:
                raise ReaderError(f"text is not {encoding}", file=name, row=i + 2, column=fname) from None
            offset += flen
        rows.append(row)
    return rows


def _rows(raw: bytes, name: str, encoding: str) -> tuple[list[dict[str, str]], bool]:
    """The records as dicts of text and whether a decimal comma is allowed (``;``-separated CSV)."""
    if name.lower().endswith(".dbf"):
        return read_dbf(raw, name=name, encoding=encoding), False
    rows = read_rows(raw, encoding=encoding, filename=name)
    records = [{h: ("" if i >= len(r) or r[i] is None else str(r[i])) for i, h in enumerate(rows.header)}
               for r in rows.body]
    return records, rows.decimal_comma


@guarded("a Paavo file")
def read_paavo(
    source: str | Path | bytes,
    *,
    release_year: int | None = None,
    year: int | None = None,
    municipality: str | None = None,
    variables: list[str] | None = None,
    encoding: str = "utf-8",
    filename: str | None = None,
) -> Statistics:
    """Read a Paavo CSV or DBF.

    Give ``release_year`` (each variable goes to its statistics year) or ``year`` (every variable to that year).
    ``municipality`` keeps only the rows of one municipality code (e.g. ``"049"``); ``variables`` limits the
    columns read.
    """
    raw, name = read_bytes(source)
    name = filename or name
    if (release_year is None) == (year is None):
        raise ReaderError.of("release_or_year", file=name)
    rows, decimal_comma = _rows(raw, name, encoding)
    if not rows:
        raise ReaderError.of("no_rows", file=name)
    columns = list(rows[0].keys())
    code_col = next((c for c in columns if c.lower() in ("posti_alue", "postinumeroalue")), None)
    if code_col is None:
        raise ReaderError.of("no_postal_column", file=name, row=1)
    lower = {c.lower(): c for c in columns}
    wanted = variables or [c for c in columns if c.lower() not in IDENTITY_COLUMNS]
    for v in wanted:
        if v not in columns:
            raise ReaderError.of("missing_column", file=name, row=1, column=v, name=v, available=", ".join(columns))
    cells: list[Cell] = []
    names: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for i, row in enumerate(rows, start=2):
        if municipality and lower.get("kunta") and row[lower["kunta"]].strip() != municipality:
            continue
        code = (row.get(code_col) or "").strip()
        if not code:
            raise ReaderError.of("postal_code_empty", file=name, row=i, column=code_col)
        if not (code.isdigit() and len(code) <= 5):
            raise ReaderError.of("not_postal_code", file=name, row=i, column=code_col, value=code)
        code = code.zfill(5)
        if code in seen:
            raise ReaderError.of("postal_code_twice", file=name, row=i, column=code_col, value=code)
        seen.add(code)
        names[code] = {"fi": (row.get(lower.get("nimi", ""), "") or "").strip(),
                       "sv": (row.get(lower.get("namn", ""), "") or "").strip()}
        for var in wanted:
            text = (row.get(var) or "").strip()
            if text == "":
                continue
            value = parse_number(text, file=name, row=i, column=var, decimal_comma=decimal_comma)
            stat_year = year if year is not None else statistics_year(var, release_year)  # type: ignore[arg-type]
            if value == SUPPRESSED:
                cells.append(Cell(code, stat_year, var, None, True, row=i, column=var))
            else:
                cells.append(Cell(code, stat_year, var, value, False, row=i, column=var))
    if not cells:
        raise ReaderError.of("no_rows_left", file=name)
    meta = {"title": f"Paavo {release_year}" if release_year else "Paavo", "table_id": "paavo"}
    return Statistics(cells=cells, variables={v: {} for v in wanted}, meta=meta, area_names=names)
