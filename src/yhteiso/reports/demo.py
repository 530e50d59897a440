"""Demo content of the reports app. Nothing is stored: reports are generated from the programme's data on
demand, and the first real report (31.12.2026) can be published only after its cut-off date."""

from __future__ import annotations


def load(stdout) -> None:
    stdout.write(
        "Reports: generate the council report with "
        "`yhteiso report council --as-of 2026-12-31 --format pdf --lang fi --output raportti.pdf` "
        "or on the staff page /raportit/ (a cut-off date still in the future gives a draft).\n"
    )
