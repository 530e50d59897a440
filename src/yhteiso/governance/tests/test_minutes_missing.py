"""A meeting whose status says its minutes are drafted or checked but that has no minutes (data edited elsewhere,
as in the demo) is answered with a message, not a server error (found by core/tests/test_bad_input_crawl.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yhteiso.governance import services
from yhteiso.governance.models import Meeting, MeetingStatus, Minutes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("status", "action", "service"), [
    (MeetingStatus.MINUTES_CHECKED, "julkaise", services.minutes_publish),
    (MeetingStatus.MINUTES_DRAFTED, "hyvaksy", services.minutes_approve),
])
def test_publishing_or_approving_minutes_that_do_not_exist_says_so(client, held_meeting, staff, status, action,
                                                                   service):
    Meeting.objects.filter(pk=held_meeting.pk).update(status=status)
    assert not Minutes.objects.filter(meeting=held_meeting).exists()
    with pytest.raises(ValidationError, match="no minutes yet"):
        service(meeting=held_meeting, actor=staff)
    client.force_login(staff)
    response = client.post(f"/ohjausryhma/kokoukset/{held_meeting.pk}/poytakirja/{action}/",
                           HTTP_ACCEPT_LANGUAGE="fi", follow=True)
    assert response.status_code == 200
    assert "Kokouksella ei ole vielä pöytäkirjaa" in response.content.decode()
    assert not Minutes.objects.filter(meeting=held_meeting).exists()


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_a_meeting_in_year_1_or_9999_is_refused_naming_the_date(client, held_meeting, staff, date):
    client.force_login(staff)
    before = Meeting.objects.get(pk=held_meeting.pk).date
    response = client.post(f"/ohjausryhma/kokoukset/{held_meeting.pk}/muokkaa/",
                           {"date": date, "start_time": "14:00", "end_time": "16:00", "place": "Karaportti 1"},
                           HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code in (200, 400)
    assert "Anna päivämäärä vuosilta 2000–2999." in response.content.decode()
    assert Meeting.objects.get(pk=held_meeting.pk).date == before
    assert client.get(f"/ohjausryhma/kokoukset/{held_meeting.pk}/").status_code == 200
