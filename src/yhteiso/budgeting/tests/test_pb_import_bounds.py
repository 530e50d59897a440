""".pb files with numbers that cannot be stored or would take unbounded work are refused with a message naming
the line or project in the user's language, and nothing is saved; so are a round's dates in year 1 or 9999 (found
by the bad-input crawl, core/tests/test_bad_input_crawl.py, and by reading the code it pointed to)."""

from __future__ import annotations

import io
import time

import pytest

from yhteiso.analytics.pb.pabulib import PBFormatError, parse_pb
from yhteiso.budgeting.models import Proposal, Round

pytestmark = pytest.mark.django_db
IMPORT = "/osallistuva-budjetointi/tuo/"
RULES = "/osallistuva-budjetointi/saannot/"


def _pb(meta: str = "", projects: str = "a;60\nb;50\n", votes: str = "1;a\n2;a,b\n", budget: str = "100") -> bytes:
    return (f"META\nkey;value\nbudget;{budget}\n{meta}PROJECTS\nproject_id;cost\n{projects}"
            f"VOTES\nvoter_id;vote\n{votes}").encode()


def _post(client, url: str, data: bytes, language: str = "fi"):
    upload = io.BytesIO(data)
    upload.name = "vaali.pb"
    return client.post(url, {"file": upload, "slug": "tuotu", "name_fi": "Tuotu"}, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("cost", ["1e999999999", "1e-999999999", "Infinity", "-Infinity", "sNaN"])
def test_a_cost_with_an_enormous_exponent_or_infinity_is_refused_at_once(cost):
    started = time.monotonic()
    with pytest.raises(PBFormatError) as refused:
        parse_pb(_pb(projects=f"a;{cost}\n", votes="1;a\n"))
    assert time.monotonic() - started < 1
    assert refused.value.line == 6 and "cost of project a" in refused.value.reason


@pytest.mark.parametrize("meta", ["min_length;abc\n", "max_length;inf\n", "min_length;NaN\n", "max_length;1e99\n"])
def test_a_min_or_max_length_that_is_not_a_number_is_refused_naming_its_line(meta):
    with pytest.raises(PBFormatError) as refused:
        parse_pb(_pb(meta=meta))
    assert refused.value.line == 4 and meta.split(";")[0] in refused.value.reason


def test_min_and_max_length_still_bound_each_vote():
    parse_pb(_pb(meta="min_length;1\nmax_length;2.0\n"))
    with pytest.raises(PBFormatError, match="outside min_length"):
        parse_pb(_pb(meta="max_length;1\n"))


@pytest.mark.parametrize(("pb", "words"), [
    (_pb(projects="a;3000000000\n", votes="1;a\n", budget="100"), "a"),
    (_pb(projects="a;1500000000\nb;1500000000\n", votes="1;a,b\n", budget="2000000000"), "1"),
    (_pb(projects=f"{'p' * 41};60\n", votes="1;" + "p" * 41 + "\n"), "40"),
    (_pb(projects="a;Infinity\n", votes="1;a\n"), "6"),
    (_pb(meta="max_length;x\n"), "4"),
])
def test_the_import_refuses_what_the_database_cannot_hold_in_finnish_and_saves_nothing(staff_client, pb, words):
    response = _post(staff_client, IMPORT, pb)
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page
    assert not Round.objects.exists() and not Proposal.objects.exists()


def test_a_refused_file_keeps_the_address_and_name_typed_escaped(staff_client):
    upload = io.BytesIO(_pb(projects="a;12x00\n", votes="1;a\n"))
    upload.name = "vaali.pb"
    response = staff_client.post(IMPORT, {"file": upload, "slug": "puistot-2026", "name_fi": "Puistot <b>2026</b>"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="slug" value="puistot-2026"' in page
    assert 'value="Puistot &lt;b&gt;2026&lt;/b&gt;"' in page
    assert not Round.objects.exists()


def test_the_refusal_of_a_too_costly_project_is_in_swedish_for_a_swedish_user(staff_client):
    response = _post(staff_client, IMPORT, _pb(projects="a;3000000000\n", votes="1;a\n"), language="sv")
    assert response.status_code == 400
    assert "Kostnaden för projekt a" in response.content.decode()


def test_the_rule_comparison_refuses_an_infinite_cost_with_the_line(staff_client):
    response = _post(staff_client, RULES, _pb(projects="a;Infinity\n", votes="1;a\n"))
    assert response.status_code == 400
    assert "6" in response.content.decode()


@pytest.mark.parametrize(("language", "expected"), [
    ("fi", "Rivi 6: projektin ”a” kustannus ei ole luku: ”x”"),
    ("sv", "Rad 6: kostnaden för projektet ”a” är inte ett tal: ”x”"),
    ("en", "Line 6: the cost of project “a” is not a number: “x”"),
])
def test_the_reason_of_a_malformed_file_is_in_the_users_language(staff_client, language, expected):
    response = _post(staff_client, IMPORT, _pb(projects="a;x\n", votes="1;a\n"), language=language)
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_the_rule_comparison_names_a_repeated_voter_in_finnish(staff_client):
    response = _post(staff_client, RULES, _pb(votes="1;a\n1;b\n"))
    assert response.status_code == 400
    assert "äänestäjä ”1” on luettelossa kahdesti" in response.content.decode()


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_closing_time_in_year_1_or_9999_is_refused_in_finnish_and_not_saved(staff_client, value):
    from yhteiso.budgeting.tests.factories import make_round

    rnd = make_round()
    before = Round.objects.get(pk=rnd.pk).voting_closes_at
    response = staff_client.post(f"/osallistuva-budjetointi/{rnd.slug}/hallinta/sulkeutuu/",
                                 {"voting_closes_at": value}, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    assert "Anna päivämäärä vuosilta 2000–2999." in response.content.decode()
    assert Round.objects.get(pk=rnd.pk).voting_closes_at == before
