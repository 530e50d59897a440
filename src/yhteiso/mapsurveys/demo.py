"""Demo: a published map survey in every respondent language, open at once, with clearly labelled synthetic test
places (fixed seed) so that the results page and heat map show something. They are not residents' views."""

from __future__ import annotations

import random
import uuid

from django.db import transaction
from django.utils import timezone

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.mapsurveys import geo, services
from yhteiso.mapsurveys.models import AgeBand, Category, MapAnswer, MapSurvey, Moderation
from yhteiso.respondents.texts import T

DEMO_TITLE = T(
    "Mun Espoo kartalla -esittely: tärkeät, turvalliset ja turvattomat paikat",
    "Kartta-kysely (kokeilu): tärkeät ja turvalliset paikat",
    sv="Mitt Esbo på kartan – demonstration: viktiga, trygga och otrygga platser",
    en="My Espoo on the map – demonstration: important, safe and unsafe places",
    ru="Мой Эспоо на карте – демонстрация: важные, безопасные и небезопасные места",
    et="Minu Espoo kaardil – näidis: olulised, turvalised ja ebaturvalised kohad",
    ar="إسبو على الخريطة – تجريبي: الأماكن المهمة والآمنة وغير الآمنة",
    so="Espoo-gayga khariidadda – tijaabo: meelaha muhiimka ah, ammaanka ah iyo kuwa aan ammaanka ahayn",
)
# Centres of the five city centres (approximate, for synthetic test places only).
CENTRES = [(24.8130, 60.2190), (24.8050, 60.1760), (24.7380, 60.1590), (24.6600, 60.1490), (24.6560, 60.2050)]
SAMPLE_SIZE = 120
# A question asked with each place (issue 15), in every respondent language.
DEMO_PIN_QUESTIONS = [{
    "key": "q1", "type": "choice", "required": False,
    "text": T("Kuinka usein käyt tässä paikassa?", "Kuinka usein olet tässä paikassa?",
              sv="Hur ofta besöker du den här platsen?", en="How often do you go to this place?",
              ru="Как часто вы бываете в этом месте?", et="Kui tihti sa selles kohas käid?",
              ar="كم مرة تذهب إلى هذا المكان؟", so="Intee jeer ayaad timaadaa meeshan?"),
    "options": [
        {"value": "1", "label": T("Päivittäin", "Joka päivä", sv="Dagligen", en="Daily", ru="Ежедневно",
                                  et="Iga päev", ar="يوميًا", so="Maalin kasta")},
        {"value": "2", "label": T("Viikoittain", "Joka viikko", sv="Varje vecka", en="Weekly", ru="Еженедельно",
                                  et="Iga nädal", ar="أسبوعيًا", so="Toddobaad kasta")},
        {"value": "3", "label": T("Harvemmin", sv="Mer sällan", en="Less often", ru="Реже", et="Harvemini",
                                  ar="أقل من ذلك", so="Marar dhif ah")},
    ]}]


@transaction.atomic
def load(stdout) -> None:
    survey = MapSurvey.objects.filter(is_demo=True, title__fi=DEMO_TITLE["fi"]).first()
    if survey is None:
        survey = services.mapsurvey_create(
            actor=None, title=DEMO_TITLE, languages=list(RESPONDENT_LANGUAGES), is_demo=True,
            pin_questions=DEMO_PIN_QUESTIONS, ask_age_band=True,
            closes_at=timezone.make_aware(timezone.datetime(2029, 12, 31, 23, 59)))
        survey = services.mapsurvey_publish(survey=survey, actor=None)
    if not MapAnswer.objects.filter(survey=survey).exists():
        rng = random.Random(2026)
        extra_rng = random.Random(15)  # the bands and answers apart, so the places stay where they were
        answers = []
        while len(answers) < SAMPLE_SIZE:
            lon, lat = rng.choice(CENTRES)
            lon, lat = lon + rng.gauss(0, 0.012), lat + rng.gauss(0, 0.006)
            area = geo.area_of(lon, lat)
            if area is None:
                continue
            answers.append(MapAnswer(
                survey=survey, submission_id=uuid.UUID(int=rng.getrandbits(128), version=4), language="fi",
                category=rng.choice(Category.values), lon=round(lon, 6),
                lat=round(lat, 6), area_code=area, moderation=Moderation.APPROVED,
                age_band=extra_rng.choices(["", *AgeBand.values], [5, 2, 2, 4, 2])[0],
                extra={"q1": extra_rng.choice("123")}))
        MapAnswer.objects.bulk_create(answers)
        services.mapsurvey_release(survey=survey, actor=None)
    stdout.write(f"Map surveys: demonstration map survey #{survey.pk} open in {len(survey.languages)} languages "
                 f"(/karttakyselyt/{survey.pk}/), with {SAMPLE_SIZE} synthetic test places marked as such.\n")
