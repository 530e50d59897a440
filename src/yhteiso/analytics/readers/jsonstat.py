"""PxWeb JSON-stat 2 datasets (``"version": "2.0"``, ``"class": "dataset"``).

Cells are stored in row-major order over ``id`` (the last dimension varies fastest); ``value`` may be an array
or a sparse object; ``status`` marks suppressed cells (``".."``, ``"..."``, ...), and a ``null`` value is a
suppressed cell, never zero. ``role.geo`` and ``role.time`` name the area and time dimensions when present.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from yhteiso.analytics.readers.common import (
    MAX_ROWS,
    Cell,
    ReaderError,
    Statistics,
    check_number,
    guarded,
    read_bytes,
    strict_json,
)


def _categories(dataset: dict, dim: str, name: str) -> list[str]:
    try:
        category = dataset["dimension"][dim]["category"]
    except (KeyError, TypeError):
        raise ReaderError(f"dimension {dim!r} has no category", file=name, column=dim) from None
    index = category.get("index")
    if isinstance(index, list):
        return [str(c) for c in index]
    if isinstance(index, dict):
        return [str(code) for code, _ in sorted(index.items(), key=lambda kv: kv[1])]
    labels = category.get("label") or {}
    if len(labels) == 1:
        return [str(next(iter(labels)))]
    raise ReaderError(f"dimension {dim!r} has no category index", file=name, column=dim)


@guarded("a JSON-stat dataset")
def read_jsonstat(
    source: str | Path | bytes,
    *,
    area_dimension: str | None = None,
    area: str | None = None,
    year_dimension: str | None = None,
    variable_prefix: str | None = None,
    filename: str | None = None,
) -> Statistics:
    """Read a JSON-stat 2 dataset into cells (see :func:`yhteiso.analytics.readers.px.read_px` for the options)."""
    raw, name = read_bytes(source)
    name = filename or name
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReaderError.of("not_utf8", file=name, encoding="UTF-8") from None
    dataset = strict_json(text, file=name)
    if not isinstance(dataset, dict):
        raise ReaderError("expected a JSON object", file=name)
    if dataset.get("class") == "collection" or ("dataset" in dataset and "id" not in dataset):
        raise ReaderError("a JSON-stat collection or bundle: export one dataset", file=name)
    if str(dataset.get("version", "")) != "2.0" or dataset.get("class") != "dataset":
        raise ReaderError('not a JSON-stat 2 dataset ("version": "2.0", "class": "dataset" expected)', file=name)
    dims = dataset.get("id")
    sizes = dataset.get("size")
    if not isinstance(dims, list) or not isinstance(sizes, list) or len(dims) != len(sizes):
        raise ReaderError('"id" and "size" must be lists of the same length', file=name)
    cats = {d: _categories(dataset, d, name) for d in dims}
    for d, s in zip(dims, sizes, strict=True):
        if len(cats[d]) != s:
            raise ReaderError(f"dimension {d!r} has {len(cats[d])} categories but size {s}", file=name, column=d)
    role = dataset.get("role") or {}
    year_dim = year_dimension or (role.get("time") or [None])[0] or next(
        (d for d in dims if d.lower() in {"vuosi", "year", "år", "time"}), None)
    if year_dim not in dims:
        raise ReaderError.of("no_time_dimension", file=name)
    area_dim = area_dimension or (None if area else (role.get("geo") or [None])[0])
    if area_dim is None and not area:
        raise ReaderError.of("no_area_dimension", file=name)
    if area_dim is not None and area_dim not in dims:
        raise ReaderError.of("no_dimension", file=name, name=area_dim, available=", ".join(dims))
    total = 1
    for s in sizes:
        total *= s
    if total > MAX_ROWS:
        raise ReaderError.of("too_many_rows", file=name, limit=MAX_ROWS)
    values = dataset.get("value")
    if isinstance(values, list):
        if len(values) != total:
            raise ReaderError(f'"value" has {len(values)} cells but the dimensions need {total}', file=name)
        get_value = values.__getitem__
    elif isinstance(values, dict):
        def get_value(i, _v=values):
            return _v.get(str(i))
    else:
        raise ReaderError('"value" must be a list or an object', file=name)
    status = dataset.get("status")
    if isinstance(status, str):
        def get_status(i, _s=status):
            return _s
    elif isinstance(status, list):
        def get_status(i, _s=status):
            return _s[i] if i < len(_s) else None
    elif isinstance(status, dict):
        def get_status(i, _s=status):
            return _s.get(str(i))
    else:
        def get_status(i):
            return None
    years = {}
    for code in cats[year_dim]:
        if not (len(code) == 4 and code.isdigit()):
            raise ReaderError.of("not_annual", file=name, column=year_dim, value=code)
        years[code] = int(code)
    prefix = variable_prefix or str(dataset.get("extension", {}).get("px", {}).get("tableid", "")) or Path(name).stem
    others = [d for d in dims if d not in (year_dim, area_dim)]
    lang = str(dataset.get("extension", {}).get("lang", "") or "fi")[:2]
    variables: dict[str, dict[str, str]] = {}
    cells: list[Cell] = []
    for flat, combo in enumerate(itertools.product(*(cats[d] for d in dims))):
        pos = dict(zip(dims, combo, strict=True))
        var_code = ":".join([prefix, *(pos[d] for d in others)])
        if var_code not in variables:
            labels = [str((dataset["dimension"][d]["category"].get("label") or {}).get(pos[d], pos[d])) for d in others]
            title = str(dataset.get("label", ""))
            variables[var_code] = {lang: " – ".join([t for t in [title, *labels] if t])}
        column = ", ".join(f"{d}={pos[d]}" for d in dims)
        value = get_value(flat)
        flag = get_status(flat)
        if value is None:
            cell_value, suppressed = None, True
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise ReaderError(f"value {value!r} is not a number", file=name, column=column)
        else:
            cell_value, suppressed = check_number(float(value), file=name, row=None, column=column), False
        if flag and str(flag).strip(".") == "" and cell_value is not None:
            cell_value, suppressed = None, True
        cells.append(Cell(area_code=area if area_dim is None else pos[area_dim], year=years[pos[year_dim]],
                          variable=var_code, value=cell_value, suppressed=suppressed, column=column))
    meta = {"title": str(dataset.get("label", "")), "table_id": prefix, "source": str(dataset.get("source", ""))}
    return Statistics(cells=cells, variables=variables, meta=meta)
