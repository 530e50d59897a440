"""Statistics Finland PX (PC-Axis) files, as StatFin's PxWeb serves them.

The header is a list of ``KEYWORD[lang]("subkey")=value;`` statements, followed by ``DATA=`` and the cells in
row-major order over the STUB dimensions then the HEADING dimensions (the last HEADING dimension varies fastest).
Missing-value markers ``"."``, ``".."``, ``"..."``, ``"...."``, ``"....."``, ``"......"`` (not available,
confidential, ...) are kept as suppressed cells, never zero; ``"-"`` is PX's "magnitude nil" and is a true zero.

The encoding comes from ``CODEPAGE`` (default ISO-8859-1, as in the PX specification). A file whose bytes do not
fit its declared encoding (e.g. saved as UTF-8 while it still says ``iso-8859-15``, or UTF-16) is refused with a
message instead of being read as mojibake.
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from yhteiso.analytics.readers.common import Cell, ReaderError, Statistics, guarded, parse_number, read_bytes

MISSING_MARKERS = {".", "..", "...", "....", ".....", "......"}
NIL_MARKER = "-"
YEAR_DIMENSION_NAMES = {"vuosi", "år", "year", "tilastovuosi", "statistikår"}


@dataclass
class PxFile:
    """The parsed file: ``keywords[(KEYWORD, lang, subkey)] = [items]`` and the data tokens."""

    name: str
    keywords: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    data: list[str] = field(default_factory=list)
    encoding: str = ""

    @property
    def language(self) -> str:
        return (self.keywords.get(("LANGUAGE", "", "")) or ["fi"])[0]

    @property
    def languages(self) -> list[str]:
        return self.get("LANGUAGES", default=[self.language])

    def get(self, keyword: str, lang: str = "", subkey: str = "", default=None):
        if lang == self.language:
            lang = ""
        return self.keywords.get((keyword, lang, subkey), default)

    def text(self, keyword: str, lang: str = "") -> str:
        items = self.get(keyword, lang) or self.get(keyword) or [""]
        return items[0]

    def dimensions(self, lang: str = "") -> list[str]:
        return list(self.get("STUB", lang, default=self.get("STUB", default=[])) or []) + list(
            self.get("HEADING", lang, default=self.get("HEADING", default=[])) or []
        )

    def values(self, dim: str, lang: str = "") -> list[str]:
        if lang and lang != self.language:
            dims = self.dimensions()
            translated = self.dimensions(lang)
            local = translated[dims.index(dim)] if dim in dims and len(translated) == len(dims) else dim
            found = self.get("VALUES", lang, local)
            if found:
                return found
        return self.get("VALUES", "", dim, default=[]) or []

    def codes(self, dim: str) -> list[str]:
        return self.get("CODES", "", dim) or self.values(dim)


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or raw[:200].count(b"\x00") > 10:
        raise ReaderError("the file is UTF-16 encoded; PX files must be ISO-8859-15, Windows-1252 or UTF-8 "
                          "as declared by their CODEPAGE keyword", file=name)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
        declared = "utf-8"
    else:
        head = raw[:20000].decode("latin-1")
        match = re.search(r'CODEPAGE\s*=\s*"([^"]+)"', head)
        declared = match.group(1).strip().lower() if match else "iso-8859-1"
    try:
        codec = codecs.lookup(declared)
    except LookupError:
        raise ReaderError.of("px_encoding", file=name, column="CODEPAGE", value=declared) from None
    if not getattr(codec, "_is_text_encoding", True):  # e.g. "zlib", "base64", "rot13": not a character set
        raise ReaderError.of("px_encoding", file=name, column="CODEPAGE", value=declared)
    if codec.name in ("utf-8", "utf-8-sig"):
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            raise ReaderError(f"the file declares UTF-8 but byte {err.start} is not valid UTF-8",
                              file=name, row=line) from None
    # A single-byte code page decodes any bytes, so check that the text is not really UTF-8.
    if any(b >= 0x80 for b in raw):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            line = next(i for i, ln in enumerate(raw.split(b"\n"), 1) if any(b >= 0x80 for b in ln))
            raise ReaderError(
                f"the file declares CODEPAGE={declared!r} but its text is UTF-8 (first non-ASCII text on this "
                f"row); save it as {declared} or declare CODEPAGE=\"utf-8\"", file=name, row=line)
    try:
        return raw.decode(codec.name), codec.name
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ReaderError(f"byte {err.start} is not valid {declared}", file=name, row=line) from None


def _split_statements(header: str):
    """Yield (statement, line number) for each ``...;`` outside quotes."""
    start, line, in_quote = 0, 1, False
    start_line = 1
    for i, ch in enumerate(header):
        if ch == '"':
            in_quote = not in_quote
        elif ch == "\n":
            line += 1
        elif ch == ";" and not in_quote:
            yield header[start:i], start_line
            start = i + 1
            start_line = line
    rest = header[start:].strip()
    if rest:
        yield rest, start_line


_KEY = re.compile(r'^\s*([A-Za-z0-9_-]+)(?:\[([A-Za-z_-]+)\])?(?:\((.*?)\))?\s*=', re.S)


def _items(value: str) -> list[str]:
    """Split a value into comma-separated items; adjacent quoted strings join; bare tokens are kept."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0
    bare = ""
    while i < len(value):
        ch = value[i]
        if ch == '"':
            end = value.index('"', i + 1) if '"' in value[i + 1:] else len(value)
            if depth:
                bare += value[i:end + 1]
            else:
                current.append(value[i + 1:end])
            i = end + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            items.append("".join(current) + bare.strip())
            current, bare = [], ""
        elif not ch.isspace() or depth:
            bare += ch
        i += 1
    if current or bare.strip():
        items.append("".join(current) + bare.strip())
    return items


@guarded("a PX file")
def parse(source: str | Path | bytes, *, filename: str | None = None) -> PxFile:
    """Parse a PX file (path or bytes) into keywords and data tokens."""
    raw, name = read_bytes(source)
    name = filename or name
    text, encoding = _decode(raw, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = re.search(r"(^|\n|;)\s*DATA\s*=", text)
    if not match:
        raise ReaderError("no DATA= section: this is not a PX file", file=name)
    header, data_text = text[: match.end()], text[match.end():]
    header = header[: header.rfind("DATA")]
    px = PxFile(name=name, encoding=encoding)
    for statement, line in _split_statements(header):
        if not statement.strip():
            continue
        key = _KEY.match(statement)
        if not key:
            raise ReaderError(f"cannot read the statement {statement.strip()[:60]!r}", file=name, row=line)
        keyword, lang, sub = key.group(1).upper(), key.group(2) or "", key.group(3) or ""
        sub = sub.strip().strip('"')
        px.keywords[(keyword, lang, sub)] = _items(statement[key.end():])
    if ("STUB", "", "") not in px.keywords and ("HEADING", "", "") not in px.keywords:
        raise ReaderError("the file has neither STUB nor HEADING", file=name)
    data_text = data_text.split(";", 1)[0]
    px.data = re.findall(r'"[^"]*"|[^\s,;"]+', data_text)
    header_lines = header.count("\n") + 1
    expected = 1
    for dim in px.dimensions():
        count = len(px.values(dim))
        if count == 0:
            raise ReaderError(f"dimension {dim!r} has no VALUES", file=name, column=dim)
        expected *= count
    if len(px.data) != expected:
        raise ReaderError(f"DATA has {len(px.data)} cells but the dimensions need {expected}",
                          file=name, row=header_lines)
    return px


def _find_dimension(px: PxFile, wanted: str) -> str:
    wanted_l = wanted.strip().lower()
    for lang in ["", *px.languages]:
        for i, dim in enumerate(px.dimensions(lang)):
            codes = {dim.lower(), (px.get("VARIABLECODE", "", px.dimensions()[i]) or [""])[0].lower()}
            if wanted_l in codes:
                return px.dimensions()[i]
    raise ReaderError.of("no_dimension", file=px.name, name=wanted, available=", ".join(px.dimensions()))


@guarded("a PX file")
def read_px(
    source: str | Path | bytes,
    *,
    area_dimension: str | None = None,
    area: str | None = None,
    year_dimension: str | None = None,
    select: dict[str, list[str]] | None = None,
    variable_prefix: str | None = None,
    filename: str | None = None,
) -> Statistics:
    """Read a PX file into cells (area × year × variable).

    Parameters
    ----------
    area_dimension : name (in any of the file's languages) or VARIABLECODE of the area dimension; its CODES
        (or VALUES) are the area codes. Give ``area`` instead for a table of one area.
    year_dimension : the time dimension; found automatically from TIMEVAL or a dimension called Vuosi/År/Year.
        Its values must be calendar years.
    select : keep only these codes (or values) of a dimension, e.g. ``{"Sukupuoli": ["SSS"]}``.
    variable_prefix : prefix of the variable codes (default TABLEID or MATRIX); the codes of the remaining
        dimensions are appended with ``:``.
    """
    px = parse(source, filename=filename)
    dims = px.dimensions()
    if year_dimension:
        year_dim = _find_dimension(px, year_dimension)
    else:
        candidates = [d for d in dims if px.get("TIMEVAL", "", d)] or [
            d for i, d in enumerate(dims)
            if {d.lower(), *(px.dimensions(lang)[i].lower() for lang in px.languages
                             if len(px.dimensions(lang)) == len(dims))} & YEAR_DIMENSION_NAMES
        ]
        if not candidates:
            raise ReaderError.of("no_time_dimension", file=px.name)
        year_dim = candidates[0]
    if area_dimension:
        area_dim = _find_dimension(px, area_dimension)
    elif area:
        area_dim = None
    else:
        raise ReaderError.of("no_area_dimension", file=px.name)
    selected: dict[str, set[str]] = {}
    for dim_name, wanted in (select or {}).items():
        dim = _find_dimension(px, dim_name)
        known = set(px.codes(dim)) | set(px.values(dim))
        missing = [w for w in wanted if w not in known]
        if missing:
            raise ReaderError(f"dimension {dim!r} has no value {missing[0]!r}", file=px.name, column=dim)
        selected[dim] = set(wanted)
    prefix = variable_prefix or px.text("TABLEID") or px.text("MATRIX") or Path(px.name).stem
    other_dims = [d for d in dims if d not in (year_dim, area_dim)]
    languages = [lang for lang in ("fi", "sv", "en") if lang in px.languages] or [px.language]
    years = []
    for text in px.codes(year_dim):
        if not (len(text) == 4 and text.isdigit()):
            raise ReaderError.of("not_annual", file=px.name, column=year_dim, value=text)
        years.append(int(text))
    variables: dict[str, dict[str, str]] = {}
    title = {lang: px.text("CONTENTS", lang) or px.text("TITLE", lang) for lang in languages}
    index_lists = [range(len(px.values(d))) for d in dims]
    cells: list[Cell] = []
    for flat, combo in enumerate(itertools.product(*index_lists)):
        keep = True
        for dim, idx in zip(dims, combo, strict=True):
            if dim in selected and not ({px.codes(dim)[idx], px.values(dim)[idx]} & selected[dim]):
                keep = False
                break
        if not keep:
            continue
        pos = dict(zip(dims, combo, strict=True))
        var_code = ":".join([prefix, *(px.codes(d)[pos[d]] for d in other_dims)])
        if var_code not in variables:
            labels = {}
            for lang in languages:
                parts = [px.values(d, lang)[pos[d]] if len(px.values(d, lang)) > pos[d] else px.values(d)[pos[d]]
                         for d in other_dims]
                labels[lang] = " – ".join([title[lang], *parts]) if title[lang] else " – ".join(parts)
            variables[var_code] = labels
        token = px.data[flat].strip('"')
        column = ", ".join(f"{d}={px.codes(d)[pos[d]]}" for d in dims)
        if token in MISSING_MARKERS:
            value, suppressed = None, True
        elif token == NIL_MARKER:
            value, suppressed = 0.0, False
        else:
            value = parse_number(token, file=px.name, row=None, column=column)
            suppressed = False
        cells.append(Cell(area_code=area if area_dim is None else px.codes(area_dim)[pos[area_dim]],
                          year=years[pos[year_dim]], variable=var_code, value=value, suppressed=suppressed,
                          column=column))
    meta = {
        "title": title.get("fi") or next(iter(title.values()), ""),
        "table_id": px.text("TABLEID") or px.text("MATRIX"),
        "source": px.text("SOURCE"),
        "encoding": px.encoding,
    }
    return Statistics(cells=cells, variables=variables, meta=meta)
