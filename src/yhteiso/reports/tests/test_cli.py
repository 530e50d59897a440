"""``yhteiso report``: files written atomically; bad input gives a message on stderr, exit code 2 and no file."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from yhteiso.cli import main
from yhteiso.reports.tests.conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_it_writes_the_council_report_in_the_chosen_format(programme, tmp_path, capsys):
    out = tmp_path / "raportti.xlsx"
    code = main(["report", "council", "--as-of", AS_OF.isoformat(), "--format", "xlsx", "--lang", "fi",
                 "--output", str(out)])
    assert code == 0
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raportti.xlsx"]


def test_a_cut_off_date_before_the_programme_leaves_no_file(programme, tmp_path, capsys):
    code = main(["report", "council", "--as-of", "2024-12-31", "--format", "pdf", "--lang", "fi",
                 "--output", str(tmp_path / "r.pdf")])
    assert code == 2
    assert "before the programme started on 1.1.2025" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_missing_swedish_text_is_listed_and_leaves_no_file(programme, tmp_path, capsys):
    from yhteiso.programme.models import BenefitGoal

    goal = programme["goals"][1]
    BenefitGoal.objects.filter(pk=goal.pk).update(name_sv="")
    try:
        code = main(["report", "council", "--as-of", AS_OF.isoformat(), "--format", "docx", "--lang", "sv",
                     "--output", str(tmp_path / "r.docx")])
        err = capsys.readouterr().err
        assert code == 2
        assert "not been translated into Swedish (1)" in err and "Turvallisuuden tunne kasvaa" in err
        assert list(tmp_path.iterdir()) == []
        code = main(["report", "council", "--as-of", AS_OF.isoformat(), "--format", "html", "--lang", "sv",
                     "--output", str(tmp_path / "r.html"), "--allow-untranslated"])
        assert code == 0
        assert 'lang="fi">2. Turvallisuuden tunne kasvaa' not in (tmp_path / "r.html").read_text()
        assert "(på finska)" in (tmp_path / "r.html").read_text()
    finally:
        BenefitGoal.objects.filter(pk=goal.pk).update(name_sv="Känslan av trygghet ökar")


def test_a_future_cut_off_date_writes_a_draft(programme, tmp_path, capsys):
    future = dt.date.today() + dt.timedelta(days=40)
    code = main(["report", "council", "--as-of", future.isoformat(), "--format", "html", "--lang", "fi",
                 "--output", str(tmp_path / "d.html")])
    assert code == 0
    assert "DRAFT" in capsys.readouterr().err
    assert (tmp_path / "d.html").read_text().count("LUONNOS / UTKAST / DRAFT") >= 2


def test_a_missing_output_folder_is_a_clear_error(programme, tmp_path, capsys):
    code = main(["report", "council", "--as-of", AS_OF.isoformat(), "--output", str(tmp_path / "nope" / "r.pdf")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_publish_export_and_regenerate_from_a_snapshot_file(programme, tmp_path, capsys):
    from yhteiso.reports.models import PublishedReport

    assert main(["report", "council", "--as-of", AS_OF.isoformat(), "--lang", "fi", "--publish", "--by", "nobody"]) == 2
    assert "not a programme-staff user" in capsys.readouterr().err
    assert main(["report", "council", "--as-of", AS_OF.isoformat(), "--lang", "fi", "--publish"]) == 0
    report = PublishedReport.objects.get(as_of=AS_OF, kind="annual", language="fi")
    snap_file = tmp_path / "snapshot.json"
    assert main(["report", "snapshot", "--id", str(report.pk), "--output", str(snap_file)]) == 0
    assert main(["report", "regenerate", "--snapshot", str(snap_file), "--format", "docx",
                 "--output", str(tmp_path / "again.docx")]) == 0
    assert (tmp_path / "again.docx").read_bytes() == bytes(report.files.get(fmt="docx").content)
    assert main(["report", "verify", "--id", str(report.pk)]) == 0
    assert "identical" in capsys.readouterr().out
    # A tampered snapshot file: refused, nothing written.
    data = json.loads(snap_file.read_text())
    data["snapshot"]["goals"][0]["indicators"][0]["cells"][0]["baseline"]["value"] = "99.9"
    snap_file.write_text(json.dumps(data))
    code = main(["report", "regenerate", "--snapshot", str(snap_file), "--format", "pdf",
                 "--output", str(tmp_path / "bad.pdf")])
    assert code == 2
    assert "fails its integrity check" in capsys.readouterr().err
    assert not (tmp_path / "bad.pdf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    report.delete()
