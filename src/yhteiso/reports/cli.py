"""``yhteiso report``: council reports and steering-group documents from the command line.

    yhteiso report council --as-of 2026-12-31 --format pdf --lang fi --output raportti.pdf [--kind annual]
    yhteiso report midterm --format docx --lang sv --output puolivali.docx        (cut-off 31.7.2027)
    yhteiso report final --as-of 2028-12-31 --format pdf --lang fi --output loppuraportti.pdf
    yhteiso report council --as-of 2026-12-31 --lang fi --publish [--by USERNAME]  (freeze; staff use)
    yhteiso report list                                                           (published reports)
    yhteiso report regenerate (--id N | --snapshot FILE.json) --format pdf --output PATH
    yhteiso report snapshot --id N --output FILE.json                             (export with its hash)
    yhteiso report verify --id N                                                  (regenerate, compare hashes)
    yhteiso report agenda --meeting N --format pdf --output PATH
    yhteiso report minutes --meeting N --format docx --output PATH

Bad input (a cut-off date before the programme started, a Swedish version with untranslated texts, a snapshot
that fails its integrity check, a missing output folder) gives a message on stderr and exit code 2, and no file:
output is written to a temporary file in the target folder and renamed into place only when complete.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

EXIT_BAD_INPUT = 2
FORMATS = ("docx", "pdf", "html", "xlsx")


class CliError(Exception):
    pass


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _report_options(p: argparse.ArgumentParser, *, as_of_default: dt.date | None, kind: str | None) -> None:
    p.add_argument("--as-of", type=_date, default=as_of_default, required=as_of_default is None,
                   help="cut-off date of the report, YYYY-MM-DD")
    if kind is None:
        p.add_argument("--kind", choices=("annual", "midterm", "final"), default="annual",
                       help="annual council report (default), mid-term review or final report")
    p.set_defaults(kind_fixed=kind)
    p.add_argument("--format", choices=FORMATS, default="pdf", help="output format (default pdf)")
    p.add_argument("--lang", choices=("fi", "sv"), default="fi", help="language of the report (default fi)")
    p.add_argument("--programme", metavar="SLUG", default="",
                   help="the programme reported on (its slug; default: the default programme)")
    p.add_argument("--output", type=Path, help="file to write (required unless --publish)")
    p.add_argument("--publish", action="store_true",
                   help="freeze the report: store its data snapshot and files with their hashes (staff use)")
    p.add_argument("--by", metavar="USERNAME",
                   help="with --publish: the programme-staff user recorded as the publisher in the audit log")
    p.add_argument("--allow-untranslated", action="store_true",
                   help="generate a Swedish version even if some texts exist only in Finnish (they are marked); "
                        "publishing still refuses it")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="report_command", metavar="WHAT")
    sub.required = True
    _report_options(sub.add_parser("council", help="report to the city council (annual, or --kind)"),
                    as_of_default=None, kind=None)
    _report_options(sub.add_parser("midterm", help="mid-term review (cut-off 2027-07-31 unless --as-of)"),
                    as_of_default=dt.date(2027, 7, 31), kind="midterm")
    _report_options(sub.add_parser("final", help="final report covering the whole programme period"),
                    as_of_default=None, kind="final")
    sub.add_parser("list", help="list the published reports")
    p = sub.add_parser("regenerate", help="generate a file again from a published report's frozen snapshot")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--id", type=int, help="id of a published report")
    src.add_argument("--snapshot", type=Path, help="an exported snapshot file (JSON with its sha256)")
    p.add_argument("--format", choices=FORMATS, default="pdf")
    p.add_argument("--output", type=Path, required=True)
    p = sub.add_parser("snapshot", help="export a published report's snapshot with its integrity hash")
    p.add_argument("--id", type=int, required=True)
    p.add_argument("--output", type=Path, required=True)
    p = sub.add_parser("verify", help="regenerate a published report's files and compare them with the stored hashes")
    p.add_argument("--id", type=int, required=True)
    for which in ("agenda", "minutes"):
        p = sub.add_parser(which, help=f"the steering group's {which} of a meeting")
        p.add_argument("--meeting", type=int, required=True, help="meeting id")
        p.add_argument("--format", choices=("pdf", "docx"), default="pdf")
        p.add_argument("--lang", choices=("fi", "sv", "en"), default="fi")
        p.add_argument("--output", type=Path, required=True)


def write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder, renamed into place at the end;
    on any failure nothing is left behind."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"The output folder {folder} does not exist.")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _generate(args) -> int:
    from yhteiso.programme.selectors_programmes import programme_by_slug
    from yhteiso.reports import renderers
    from yhteiso.reports.selectors import build_snapshot
    from yhteiso.reports.services import report_publish
    from yhteiso.reports.validation import missing_translations_message

    kind = args.kind_fixed or args.kind
    programme = programme_by_slug(args.programme)
    if programme is None:
        raise CliError(f"No programme with the slug {args.programme!r}.")
    if args.publish:
        report = report_publish(as_of=args.as_of, kind=kind, language=args.lang, actor=_publisher(args.by),
                                programme=programme)
        print(f"Published report {report.pk}: {kind} {report.as_of.isoformat()} ({report.language}); "
              f"snapshot SHA-256 {report.snapshot_sha256}")
        for file in report.files.all():
            print(f"  {file.fmt:5} {file.size:>9} bytes  SHA-256 {file.sha256}")
        if args.output:
            content = next(bytes(x.content) for x in report.files.all() if x.fmt == args.format)
            write_atomically(args.output, content)
            print(f"Wrote {args.output}")
        return 0
    if args.output is None:
        raise CliError("Give --output PATH (or --publish).")
    data = build_snapshot(as_of=args.as_of, kind=kind, language=args.lang, programme=programme)
    if data["missing_translations"] and not args.allow_untranslated:
        raise CliError(missing_translations_message(data["missing_translations"], publishing=False) +
                       "\nTranslate them, or use --allow-untranslated to generate a version marked as partly "
                       "Finnish. Nothing was written.")
    content = renderers.render(data, args.format)
    write_atomically(args.output, content)
    if data["draft"]:
        print(f"Note: the cut-off date {args.as_of.isoformat()} is in the future; wrote a DRAFT built from the data "
              f"of {data['data_date']}.", file=sys.stderr)
    print(f"Wrote {args.output} ({len(content)} bytes)")
    return 0


def _publisher(username: str | None):
    """The user named by ``--by`` (must be programme staff), or None (recorded as "system")."""
    if not username:
        return None
    from django.contrib.auth import get_user_model

    from yhteiso.core.permissions import is_programme_staff

    user = get_user_model().objects.filter(username=username).first()
    if user is None or not is_programme_staff(user):
        raise CliError(f"{username!r} is not a programme-staff user, so it cannot publish reports.")
    return user


def _published(report_id: int):
    from yhteiso.reports.models import PublishedReport

    try:
        return PublishedReport.objects.get(pk=report_id)
    except PublishedReport.DoesNotExist:
        raise CliError(f"There is no published report with id {report_id}.") from None


def _regenerate(args) -> int:
    from yhteiso.reports import renderers
    from yhteiso.reports.selectors import load_snapshot
    from yhteiso.reports.snapshot import load_envelope

    if args.snapshot is not None:
        try:
            text = args.snapshot.read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(f"Cannot read {args.snapshot}: {exc.strerror}.") from None
        data = load_envelope(text)
    else:
        data = load_snapshot(_published(args.id))
    content = renderers.render(data, args.format)
    write_atomically(args.output, content)
    print(f"Wrote {args.output} ({len(content)} bytes) from the frozen snapshot of {data['as_of']}.")
    return 0


def _meeting_document(args) -> int:
    from yhteiso.governance.models import Meeting
    from yhteiso.reports.meeting_documents import render_meeting_document

    try:
        meeting = Meeting.objects.get(pk=args.meeting)
    except Meeting.DoesNotExist:
        raise CliError(f"There is no meeting with id {args.meeting}.") from None
    content = render_meeting_document(meeting, which=args.report_command, fmt=args.format, language=args.lang)
    write_atomically(args.output, content)
    print(f"Wrote {args.output} ({len(content)} bytes)")
    return 0


def run(args) -> int:
    from django.utils import translation

    with translation.override("en"):  # messages of the command line are in English, like its --help
        return _run(args)


def _run(args) -> int:
    from django.core.exceptions import ValidationError

    from yhteiso.reports.selectors import ReportInputError
    from yhteiso.reports.snapshot import SnapshotError

    try:
        command = args.report_command
        if command in ("council", "midterm", "final"):
            return _generate(args)
        if command == "list":
            from yhteiso.reports.selectors import published_reports

            for r in published_reports():
                print(f"{r.pk:4}  {r.kind:8} {r.as_of.isoformat()}  {r.language}  {r.snapshot_sha256}")
            return 0
        if command == "regenerate":
            return _regenerate(args)
        if command == "snapshot":
            from yhteiso.reports.selectors import export_envelope

            write_atomically(args.output, export_envelope(_published(args.id)).encode("utf-8"))
            print(f"Wrote {args.output}")
            return 0
        if command == "verify":
            from yhteiso.reports.selectors import report_verify

            ok = True
            for r in report_verify(report=_published(args.id)):
                if r["identical"]:
                    state = "identical"
                elif r["text_identical"]:
                    state = "bytes differ, extracted text identical"
                else:
                    state = "DIFFERENT"
                    ok = False
                print(f"{r['fmt']:5} {state}  stored {r['stored']}  regenerated {r['regenerated']}")
            return 0 if ok else 1
        if command in ("agenda", "minutes"):
            return _meeting_document(args)
    except (CliError, ReportInputError, SnapshotError) as exc:
        print(f"yhteiso report: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValidationError as exc:
        print(f"yhteiso report: {'; '.join(exc.messages)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_BAD_INPUT
