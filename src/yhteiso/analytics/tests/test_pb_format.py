"""The pabulib .pb reader and writer, and the pb-results command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yhteiso.analytics.pb.pabulib import PBFormatError, parse_pb, read_pb, write_pb
from yhteiso.cli import main

DATA = Path(__file__).parent / "data" / "pabulib"

GOOD = """META
key;value
budget;100
vote_type;approval
num_projects;2
num_votes;2
PROJECTS
project_id;cost;name;selected
a;60;Park "benches";1
b;50;"Library; books";0
VOTES
voter_id;vote
1;a,b
2;b
"""


def test_it_reads_all_four_real_files_with_their_metadata():
    for path in sorted(DATA.glob("*.pb")):
        inst = read_pb(path)
        assert int(inst.meta["num_projects"]) == len(inst.projects)
        assert int(inst.meta["num_votes"]) == len(inst.votes)
        assert inst.budget > 0
        assert inst.selected()


def test_project_vote_counts_in_the_file_match_the_ballots():
    inst = read_pb(DATA / "Poland_Swiecie_2023.pb")
    counted = dict.fromkeys(inst.projects, 0)
    for ballot in inst.ballots:
        for p in ballot:
            counted[p] += 1
    assert all(int(inst.projects[p]["votes"]) == counted[p] for p in inst.projects)


def test_writing_and_reading_again_gives_the_same_election():
    inst = read_pb(DATA / "Poland_Warszawa_2023_Wesola.pb")
    again = parse_pb(write_pb(inst))
    assert again.meta == inst.meta
    assert again.projects == inst.projects
    assert again.ballots == inst.ballots


def test_a_field_with_a_semicolon_is_quoted_when_written():
    inst = parse_pb(GOOD)
    assert inst.projects["b"]["name"] == "Library; books"
    assert parse_pb(write_pb(inst)).projects["b"]["name"] == "Library; books"


@pytest.mark.parametrize(
    ("change", "line", "reason"),
    [
        (lambda t: t.replace("budget;100", "budget;lots"), 3, "budget is not a number"),
        (lambda t: t.replace("a;60;", "a;-5;"), 9, "cost of project a is negative"),
        (lambda t: t.replace("2;b\n", "2;b,zz\n"), 14, "unknown project 'zz'"),
        (lambda t: t.replace("2;b\n", "1;b\n"), 14, "voter '1' is listed twice"),
        (lambda t: t.replace('"Library; books";0', "Library;x;0"), 10, "5 fields but the header has 4"),
        (lambda t: t.replace("num_votes;2", "num_votes;3"), 6, "num_votes says 3 but the file has 2"),
        (lambda t: t.replace("a;60;", "b;60;"), 10, "project 'b' is listed twice"),
        (lambda t: t.replace("PROJECTS\n", "VOTES\n", 1), 7, "section VOTES found where PROJECTS"),
        (lambda t: t.replace("1;a,b", "1;a,a"), 13, "names the same project twice"),
    ],
)
def test_a_malformed_file_is_refused_with_the_line_and_the_reason(change, line, reason):
    text = GOOD
    with pytest.raises(PBFormatError) as err:
        parse_pb(change(text))
    assert err.value.line == line
    assert reason in str(err.value)
    assert str(err.value).startswith(f"line {line}:")


def test_a_file_without_the_votes_section_is_refused():
    with pytest.raises(PBFormatError, match="section\\(s\\) missing: VOTES"):
        parse_pb(GOOD.split("VOTES")[0])


def test_non_utf8_bytes_are_refused_with_the_line():
    with pytest.raises(PBFormatError, match="line 3: the file is not UTF-8"):
        parse_pb(b"META\nkey;value\nbudget;\xff\n")


def test_the_command_prints_the_swiecie_result_in_json(capsys):
    code = main(["pb-results", str(DATA / "Poland_Swiecie_2023.pb"), "--rule", "equal-shares",
                 "--completion", "add1"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cost"] == 1040337
    assert out["selected"] == sorted(read_pb(DATA / "Poland_Swiecie_2023.pb").selected())


def test_the_command_prints_a_table_with_reasons(capsys):
    assert main(["pb-results", str(DATA / "Poland_Warszawa_2023_Wesola.pb"), "--rule", "greedy",
                 "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "rank 1 by votes" in out
    assert "total cost" in out


def test_the_command_reports_a_malformed_file_on_stderr_with_exit_code_2(tmp_path, capsys):
    bad = tmp_path / "bad.pb"
    bad.write_text(GOOD.replace("2;b\n", "2;q\n"), encoding="utf-8")
    assert main(["pb-results", str(bad), "--rule", "greedy"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "line 14" in captured.err and "unknown project 'q'" in captured.err


def test_the_command_reports_a_missing_file_with_exit_code_2(tmp_path, capsys):
    assert main(["pb-results", str(tmp_path / "none.pb"), "--rule", "greedy"]) == 2
    assert "cannot read" in capsys.readouterr().err
