import io

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.surveys import demo
from yhteiso.surveys.models import Instrument, Response, Survey


def test_the_demo_publishes_an_open_demonstration_survey_in_every_language_and_is_idempotent(db):
    demo.load(io.StringIO())
    counts = (Survey.objects.count(), Response.objects.count(), Instrument.objects.count())
    demo.load(io.StringIO())
    assert (Survey.objects.count(), Response.objects.count(), Instrument.objects.count()) == counts
    survey = Survey.objects.get()
    assert survey.is_demo and survey.is_open()
    assert survey.languages == list(RESPONDENT_LANGUAGES)


def test_every_language_of_the_demo_survey_renders(client, db):
    demo.load(io.StringIO())
    survey = Survey.objects.get()
    for code in RESPONDENT_LANGUAGES:
        page = client.get(f"/kyselyt/{survey.pk}/?kieli={code}")
        assert page.status_code == 200
        assert f'lang="{code}"' in page.content.decode()
    assert client.get(f"/kyselyt/{survey.pk}/tulokset/").status_code == 200
