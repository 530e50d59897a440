"""Reading and writing pabulib ``.pb`` files (Stolicki, Szufa & Talmon 2020, "Pabulib: A Participatory Budgeting
Library", arXiv:2012.06539; format description at pabulib.org).

A file has three sections, each a section name line followed by a header line and ``;``-separated rows::

    META            key;value rows (budget, vote_type, rule, num_projects, num_votes, min_length, ...)
    PROJECTS        project_id;cost;...;selected
    VOTES           voter_id;vote;...   (``vote`` = comma-separated project ids)

Every error raises :class:`PBFormatError` naming the line number and the reason.

>>> text = "META\\nkey;value\\nbudget;100\\nvote_type;approval\\nPROJECTS\\nproject_id;cost\\na;60\\nb;50\\n"
>>> text += "VOTES\\nvoter_id;vote\\n1;a,b\\n2;b\\n"
>>> inst = parse_pb(text)
>>> inst.budget, inst.project_ids, inst.ballots
(Fraction(100, 1), ['a', 'b'], [('a', 'b'), ('b',)])
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPES = ("approval", "ordinal", "cumulative", "scoring")


class PBFormatError(ValueError):
    """A malformed ``.pb`` file; ``line`` is the 1-based line number (0 when the whole file is at fault).

    ``reason`` is English; ``code`` and ``params`` let an interface say it in the user's language (a number that
    is not one has the code of its :class:`PBNumberError` and its ``what`` among the params)."""

    def __init__(self, line: int, reason: str, code: str = "", **params: object):
        self.line = line
        self.reason = reason
        self.code = code
        self.params = params
        super().__init__(f"line {line}: {reason}" if line else reason)


class PBNumberError(ValueError):
    """A number of the file that is not one: ``code`` (not_a_number, too_many_digits, negative), ``what`` (budget,
    cost, meta) and ``params`` (``id`` of the project, ``key`` of META, ``value`` as written)."""

    def __init__(self, reason: str, code: str, what: str, **params: str):
        super().__init__(reason)
        self.code = code
        self.what = what
        self.params = params


def _number_error(line: int, exc: ValueError) -> PBFormatError:
    if isinstance(exc, PBNumberError):
        return PBFormatError(line, str(exc), exc.code, what=exc.what, **exc.params)
    return PBFormatError(line, str(exc))


@dataclass
class PBInstance:
    """One participatory-budgeting election as read from (or to be written to) a ``.pb`` file."""

    meta: dict[str, str]
    projects: dict[str, dict[str, str]]  # project id -> column -> raw value (incl. "cost")
    votes: list[dict[str, str]] = field(default_factory=list)  # voter rows: "voter_id", "vote", ...
    project_columns: list[str] = field(default_factory=lambda: ["project_id", "cost"])
    vote_columns: list[str] = field(default_factory=lambda: ["voter_id", "vote"])

    @property
    def budget(self) -> Fraction:
        return parse_number(self.meta["budget"], what="budget")

    @property
    def project_ids(self) -> list[str]:
        return list(self.projects)

    def cost(self, pid: str) -> Fraction:
        return parse_number(self.projects[pid]["cost"], what=f"cost of project {pid}", project=pid)

    @property
    def costs(self) -> list[Fraction]:
        return [self.cost(p) for p in self.projects]

    @property
    def ballots(self) -> list[tuple[str, ...]]:
        """Each voter's approved project ids (in the order written)."""
        return [split_vote(v.get("vote", "")) for v in self.votes]

    def selected(self) -> list[str]:
        """Project ids marked ``selected`` (= 1) in the file: the officially funded projects."""
        return [p for p, row in self.projects.items() if row.get("selected", "").strip() in {"1", "1.0"}]


MAX_DIGITS = 15
"""A number of a ``.pb`` file (budget, cost) has at most this many digits before and after the decimal point: larger
exponents (``1e999999999``) would make exact fractions of unbounded size."""


def parse_number(raw: str, *, what: str, key: str = "", project: str = "") -> Fraction:
    """``raw`` as an exact fraction: finite, not negative, at most :data:`MAX_DIGITS` digits either side of the point.

    >>> parse_number("2,5", what="cost")
    Fraction(5, 2)
    >>> parse_number("1e999999999", what="cost")
    Traceback (most recent call last):
    ...
    yhteiso.analytics.pb.pabulib.PBNumberError: cost has too many digits: '1e999999999'
    """
    kind = "cost" if project else ("meta" if key else "budget")
    where = {"id": project, "key": key, "value": raw[:40]}
    try:
        number = Decimal(raw.strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise PBNumberError(f"{what} is not a number: {raw[:40]!r}", "not_a_number", kind, **where) from None
    if not number.is_finite():
        raise PBNumberError(f"{what} is not a number: {raw[:40]!r}", "not_a_number", kind, **where)
    if number and (number.adjusted() >= MAX_DIGITS or number.as_tuple().exponent < -MAX_DIGITS):
        raise PBNumberError(f"{what} has too many digits: {raw[:40]!r}", "too_many_digits", kind, **where)
    value = Fraction(number)
    if value < 0:
        raise PBNumberError(f"{what} is negative: {raw[:40]!r}", "negative", kind, **where)
    return value


def split_vote(raw: str) -> tuple[str, ...]:
    raw = raw.strip()
    return tuple(p.strip() for p in raw.split(",")) if raw else ()


def _rows(text: str):
    """Yield (line number, fields) for each non-empty line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = next(csv.reader([line], delimiter=";", quotechar='"'), [])
        yield number, [f.strip() for f in fields]


def parse_pb(source: str | bytes) -> PBInstance:
    """Parse the text (or UTF-8 bytes) of a ``.pb`` file; raise :class:`PBFormatError` naming line and reason."""
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PBFormatError(source[: exc.start].count(b"\n") + 1, "the file is not UTF-8 text",
                                "not_utf8") from None
    source = source.lstrip("\ufeff")
    meta: dict[str, str] = {}
    projects: dict[str, dict[str, str]] = {}
    votes: list[dict[str, str]] = []
    seen_voters: set[str] = set()
    section = None
    header: list[str] | None = None
    project_columns: list[str] = []
    vote_columns: list[str] = []
    seen_sections: list[str] = []
    vote_lines: list[int] = []
    meta_lines: dict[str, int] = {}
    meta_start = 1
    for number, fields in _rows(source):
        first = fields[0] if fields else ""
        if len(fields) == 1 and first.upper() in SECTIONS:
            name = first.upper()
            if name in seen_sections:
                raise PBFormatError(number, f"section {name} appears twice", "section_twice", name=name)
            expected = SECTIONS[len(seen_sections)] if len(seen_sections) < len(SECTIONS) else None
            if name != expected:
                raise PBFormatError(number, f"section {name} found where {expected} was expected", "section_order",
                                    name=name, expected=expected or "")
            seen_sections.append(name)
            section, header = name, None
            if name == "META":
                meta_start = number
            continue
        if section is None:
            raise PBFormatError(number, "the file must start with the META section", "meta_first")
        if header is None:
            header = [h.lower() for h in fields]
            need = {"META": ["key", "value"], "PROJECTS": ["project_id", "cost"], "VOTES": ["voter_id"]}[section]
            missing = [c for c in need if c not in header]
            if missing:
                raise PBFormatError(number, f"the {section} header lacks the column(s) {', '.join(missing)}",
                                    "header_lacks", section=section, columns=", ".join(missing))
            if len(set(header)) != len(header):
                raise PBFormatError(number, f"the {section} header repeats a column name", "header_repeats",
                                    section=section)
            if section == "PROJECTS":
                project_columns = header
            elif section == "VOTES":
                vote_columns = header
            continue
        if len(fields) != len(header):
            raise PBFormatError(
                number, f"{section} row has {len(fields)} fields but the header has {len(header)}", "row_fields",
                section=section, n=len(fields), m=len(header),
            )
        row = dict(zip(header, fields, strict=True))
        if section == "META":
            key = row["key"].lower()
            if key in meta:
                raise PBFormatError(number, f"META key {key!r} appears twice", "meta_twice", key=key[:40])
            meta[key] = row["value"]
            meta_lines[key] = number
        elif section == "PROJECTS":
            pid = row["project_id"]
            if not pid:
                raise PBFormatError(number, "empty project_id", "empty_project_id")
            if "," in pid:
                raise PBFormatError(number, f"project_id {pid!r} contains a comma", "project_comma", id=pid[:40])
            if pid in projects:
                raise PBFormatError(number, f"project {pid!r} is listed twice", "project_twice", id=pid[:40])
            try:
                parse_number(row["cost"], what=f"cost of project {pid}", project=pid[:40])
            except ValueError as exc:
                raise _number_error(number, exc) from None
            projects[pid] = row
        else:
            vid = row["voter_id"]
            if not vid:
                raise PBFormatError(number, "empty voter_id", "empty_voter_id")
            if vid in seen_voters:
                raise PBFormatError(number, f"voter {vid!r} is listed twice", "voter_twice", voter=vid[:40])
            seen_voters.add(vid)
            chosen = split_vote(row.get("vote", ""))
            for pid in chosen:
                if pid not in projects:
                    raise PBFormatError(number, f"voter {vid!r} votes for unknown project {pid!r}", "unknown_project",
                                        voter=vid[:40], id=pid[:40])
            if len(set(chosen)) != len(chosen):
                raise PBFormatError(number, f"voter {vid!r} names the same project twice", "same_project_twice",
                                    voter=vid[:40])
            votes.append(row)
            vote_lines.append(number)
    if seen_sections != list(SECTIONS):
        missing = [s for s in SECTIONS if s not in seen_sections]
        raise PBFormatError(0, f"section(s) missing: {', '.join(missing)}", "sections_missing",
                            sections=", ".join(missing))
    meta_line = meta_lines.get("budget", meta_start)
    if "budget" not in meta:
        raise PBFormatError(meta_start, "META has no budget", "no_budget")
    try:
        budget = parse_number(meta["budget"], what="budget")
    except ValueError as exc:
        raise _number_error(meta_line, exc) from None
    if budget <= 0:
        raise PBFormatError(meta_line, "the budget must be positive", "budget_not_positive")
    vote_type = meta.get("vote_type", "approval").lower()
    if vote_type not in VOTE_TYPES:
        raise PBFormatError(meta_lines.get("vote_type", meta_start), f"unknown vote_type {vote_type!r}",
                            "unknown_vote_type", vote_type=vote_type[:40])
    for key, actual, what in (("num_projects", len(projects), "projects"), ("num_votes", len(votes), "votes")):
        if key in meta:
            try:
                declared = int(meta[key])
            except ValueError:
                raise PBFormatError(meta_lines[key], f"META {key} is not a whole number: {meta[key][:40]!r}",
                                    "meta_not_whole", key=key, value=meta[key][:40]) from None
            if declared != actual:
                raise PBFormatError(meta_lines[key], f"META {key} says {declared} but the file has {actual} {what}",
                                    "meta_count", key=key, declared=declared, actual=actual)
    lo, hi = meta.get("min_length"), meta.get("max_length")
    bounds = {}
    for key in ("min_length", "max_length"):
        if meta.get(key):
            try:
                bounds[key] = int(parse_number(meta[key], what=f"META {key}", key=key))
            except ValueError as exc:
                raise _number_error(meta_lines[key], exc) from None
    if vote_type == "approval" and bounds:
        for row, number in zip(votes, vote_lines, strict=True):
            n = len(split_vote(row.get("vote", "")))
            if n < bounds.get("min_length", 0) or n > bounds.get("max_length", n):
                raise PBFormatError(
                    number, f"voter {row['voter_id']!r} chose {n} projects, outside min_length–max_length {lo}–{hi}",
                    "vote_length", voter=row["voter_id"][:40], n=n, lo=lo or "", hi=hi or "",
                )
    return PBInstance(meta=meta, projects=projects, votes=votes, project_columns=project_columns,
                      vote_columns=vote_columns)


def read_pb(path) -> PBInstance:
    """Read and parse a ``.pb`` file from disk."""
    with open(path, "rb") as fh:
        return parse_pb(fh.read())


def _fmt(value) -> str:
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(Decimal(value.numerator) / value.denominator)
    return str(value)


def write_pb(instance: PBInstance) -> str:
    """The instance as ``.pb`` text (LF line ends; fields containing ``;`` or quotes are quoted)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    meta = dict(instance.meta)
    meta["num_projects"] = str(len(instance.projects))
    meta["num_votes"] = str(len(instance.votes))
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, _fmt(value)])
    out.write("PROJECTS\n")
    pcols = list(instance.project_columns)
    writer.writerow(pcols)
    for pid, row in instance.projects.items():
        writer.writerow([pid if c == "project_id" else _fmt(row.get(c, "")) for c in pcols])
    out.write("VOTES\n")
    vcols = list(instance.vote_columns)
    writer.writerow(vcols)
    for row in instance.votes:
        writer.writerow([_fmt(row.get(c, "")) for c in vcols])
    return out.getvalue()
