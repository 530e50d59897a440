"""The count of a round as a background job on the real database queue: done by the worker, linked back to the
round; a count refused by the rules fails the job with the rule's message, in the user's language."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from yhteiso.budgeting import services
from yhteiso.budgeting.tasks import round_count_enqueue
from yhteiso.budgeting.tests.factories import cast, make_round
from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.jobs.models import JobState
from yhteiso.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    user = get_user_model().objects.create_user(username="staff", password=None)
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    return user


def test_the_count_runs_in_the_worker_and_links_back_to_the_round(client, staff):
    rnd = make_round(rule="greedy", max_projects=2)
    for who in ("v1", "v2", "v3"):
        cast(rnd, who, "c1")
    services.round_set_phase(actor=None, round=rnd, phase="results")
    job = round_count_enqueue(actor=staff, round=rnd)
    rnd.refresh_from_db()
    assert rnd.results_computed_at is None  # queued, not counted in the request
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    rnd.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and rnd.results_computed_at is not None
    assert rnd.proposals.get(code="c1").status == "funded"
    client.force_login(staff)
    assert f'href="/osallistuva-budjetointi/{rnd.slug}/hallinta/"' in client.get(job.get_absolute_url()).content.decode()


def test_a_count_while_voting_is_open_fails_the_job_with_the_reason(client, staff):
    rnd = make_round(rule="greedy", max_projects=2)
    job = round_count_enqueue(actor=staff, round=rnd)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and rnd.proposals.filter(status="funded").count() == 0
    client.force_login(staff)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Epäonnistui" in page and "Traceback" not in page
