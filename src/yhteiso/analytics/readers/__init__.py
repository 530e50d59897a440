"""The analytics engine's one reader stack: PX (PC-Axis), JSON-stat 2, Paavo CSV/DBF, long or wide CSV/XLSX
statistics, GeoJSON/GeoPackage boundaries, and the columnar tables of ``yhteiso indices``. Pure Python: each
returns plain data (:class:`~yhteiso.analytics.readers.common.Statistics` of
:class:`~yhteiso.analytics.readers.common.Cell`, a :class:`~yhteiso.analytics.readers.tabular.Table`, or
:class:`~yhteiso.analytics.readers.geo.Boundaries`) and raises
:class:`~yhteiso.analytics.readers.common.ReaderError` naming the file, row, column and a reason code on bad
input. One number rule (:func:`~yhteiso.analytics.readers.common.to_number` for floats,
:func:`~yhteiso.analytics.readers.common.parse_exact` for money), one text decoder
(:func:`~yhteiso.analytics.readers.tabular.decode_text`) and one bounded row reader
(:func:`~yhteiso.analytics.readers.tabular.read_rows`) serve every format; other readers in the engine (e.g. the
participatory-budgeting file reader) use the same pieces. See ``docs/methods/reading-files.md``. Import the
submodules directly."""
