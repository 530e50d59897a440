"""Demo school data: the constructed example package (not Espoo's figures; see data/example/PROVENANCE.md).
Idempotent: the package is recognised by its content hash."""

from __future__ import annotations

from pathlib import Path

from yhteiso.schools.importing import files_from_paths
from yhteiso.schools.services import school_data_import

EXAMPLE = Path(__file__).resolve().parent / "data" / "example"


def load(stdout) -> None:
    result = school_data_import(files=files_from_paths([EXAMPLE]), meta={"is_example": True})
    if result.already_imported:
        stdout.write("Schools: constructed example already loaded\n")
    else:
        stdout.write("Schools: constructed example loaded (" + ", ".join(f"{k} {v}" for k, v in
                                                                        result.counts.items()) + ")\n")
