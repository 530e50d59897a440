"""Readers for area statistics and boundaries: PX (PC-Axis), JSON-stat 2, Paavo CSV/DBF, long or wide CSV/XLSX,
GeoJSON/GeoPackage. Pure Python: each returns plain data (:class:`~yhteiso.analytics.readers.common.Table` of
:class:`~yhteiso.analytics.readers.common.Cell` or a :class:`~yhteiso.analytics.readers.geo.Boundaries`) and raises
:class:`~yhteiso.analytics.readers.common.ReaderError` naming the file, row, column and reason on bad input.
Import the submodules directly."""
