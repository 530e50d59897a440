"""Read tables of areal units from CSV, XLSX, GeoJSON and GeoPackage files.

:func:`read_table` returns a :class:`Table`: named columns (numeric columns as float arrays, empty cells as
``NaN``; text columns as lists of str), unit ids and — for geometry files — the geometries and their centroids in
a projected CRS (metres), for the spatial indices.

* **CSV**: UTF-8 (with or without BOM; Latin-1 accepted as a fallback), delimiter ``,`` ``;`` or tab detected
  from the header line. With ``;`` or tab a decimal comma (``12,5``) is accepted, as Finnish statistics often
  use it; with ``,`` it is not (see ``docs/methods/reading-files.md``).
* **XLSX**: the first worksheet, or the one named by ``layer``; the first row is the header.
* **GeoJSON / GeoPackage**: read with pyogrio (GDAL); ``layer`` selects a GeoPackage layer. Geographic
  coordinates (e.g. EPSG:4326) are projected for the centroids: to ETRS-TM35FIN (EPSG:3067) when the data lie
  in Finland, otherwise to the data's UTM zone.

This module is the entry point kept for ``yhteiso indices``; the reading itself is the engine's one reader stack,
:mod:`yhteiso.analytics.readers.tabular` (shared with ``yhteiso import``). Errors (unreadable file, unknown
format, missing column, bad cell, a limit exceeded) raise
:class:`~yhteiso.analytics.readers.common.ReaderError` (a :class:`ValueError`) naming the file, row and column.

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "areas.csv"
>>> _ = path.write_text("area;foreign;total\\nA;10;20\\nB;0,5;10\\n", encoding="utf-8")
>>> t = read_table(path, id_column="area")
>>> t.ids, t.numeric("foreign").tolist()
(['A', 'B'], [10.0, 0.5])
"""

from __future__ import annotations

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.analytics.readers.tabular import Table, read_table

__all__ = ["ReaderError", "Table", "read_table"]
