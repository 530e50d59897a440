"""Demo: a published resident survey with every shipped instrument, in every respondent language, open at once.

It is marked as a demonstration survey (``is_demo``) and carries clearly labelled synthetic test answers (generated
with a fixed seed) so that the results page shows something; they are not residents' views.
"""

from __future__ import annotations

import random
import uuid

from django.db import transaction
from django.utils import timezone

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.respondents.texts import T
from yhteiso.surveys import services
from yhteiso.surveys.models import Response, Survey

DEMO_TITLE = T(
    "Asukaskysely 2026: osallisuus, turvallisuus ja viihtyvyys (esittely)",
    "Kysely asukkaille 2026 (kokeilu)",
    sv="Invånarenkät 2026: delaktighet, trygghet och trivsel (demonstration)",
    en="Resident survey 2026: participation, safety and liking your area (demonstration)",
    ru="Опрос жителей 2026: сопричастность, безопасность и комфорт (демонстрация)",
    et="Elanike küsitlus 2026: osalus, turvalisus ja heaolu (näidis)",
    ar="استبيان السكان 2026: المشاركة والأمان والرضا (تجريبي)",
    so="Sahanka dadka deegaanka 2026: ka qaybgalka, badbaadada iyo raaxada (tijaabo)",
)
DEMO_INTRO = T(
    "Kerro, miltä elämä Espoossa ja omalla asuinalueellasi tuntuu. Vastaaminen vie noin viisi minuuttia.",
    "Kerro, miltä elämä Espoossa tuntuu. Vastaaminen vie noin viisi minuuttia.",
    sv="Berätta hur livet i Esbo och i ditt eget bostadsområde känns. Det tar ungefär fem minuter att svara.",
    en="Tell us how life in Espoo and in your own area feels. Answering takes about five minutes.",
    ru="Расскажите, как вам живётся в Эспоо и в вашем районе. Ответы займут около пяти минут.",
    et="Räägi, milline tundub elu Espoos ja sinu elupiirkonnas. Vastamine võtab umbes viis minutit.",
    ar="أخبرنا كيف تشعر بالحياة في إسبو وفي منطقتك. تستغرق الإجابة حوالي خمس دقائق.",
    so="Noo sheeg sida nolosha Espoo iyo xaafaddaada ay kuu tahay. Ka jawaabiddu waxay qaadanaysaa qiyaastii "
       "shan daqiiqo.",
)
SAMPLE_SIZE = 400


def _sample_answers(rng: random.Random, questions: list[dict]) -> dict:
    answers = {}
    for q in questions:
        if rng.random() < (0.02 if q["key"].startswith("thl_") else 0.08):
            continue  # some questions left unanswered
        if q["type"] == "scale":
            answers[q["key"]] = min(10, max(0, round(rng.gauss(7.2, 2.0))))
        elif q["type"] in ("choice", "area"):
            values = [o["value"] for o in q["options"]]
            if q["key"].startswith("thl_"):
                answers[q["key"]] = rng.choices(values, weights=[1, 2, 4, 9, 6])[0]
            else:
                answers[q["key"]] = rng.choice(values)
    return answers


@transaction.atomic
def load(stdout) -> None:
    instruments = services.instrument_sync()
    survey = Survey.objects.filter(is_demo=True, title__fi=DEMO_TITLE["fi"]).first()
    if survey is None:
        survey = services.survey_create(
            actor=None, title=DEMO_TITLE, intro=DEMO_INTRO, languages=list(RESPONDENT_LANGUAGES),
            instruments=instruments, is_demo=True,
            closes_at=timezone.make_aware(timezone.datetime(2029, 12, 31, 23, 59)),
        )
        survey = services.survey_publish(survey=survey, actor=None, opens_at=timezone.now())
    if not Response.objects.filter(survey=survey).exists():
        rng = random.Random(2026)
        Response.objects.bulk_create([
            Response(survey=survey, submission_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                     language=rng.choice(survey.languages), answers=_sample_answers(rng, survey.questions))
            for _i in range(SAMPLE_SIZE)
        ])
        services.survey_release(survey=survey, actor=None)
    stdout.write(f"Surveys: demonstration resident survey #{survey.pk} open in {len(survey.languages)} languages "
                 f"(/kyselyt/{survey.pk}/), with {SAMPLE_SIZE} synthetic test answers marked as such.\n")
