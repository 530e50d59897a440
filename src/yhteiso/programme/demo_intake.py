"""Demo content of the proposal intake: three example proposals in Finnish, one in each state — waiting for intake,
in the steering group's appraisal (with one member's appraisal) and decided (approved with one condition still
open) — so that the intake queue, the members' appraisal page and the decision are there to try. They are proposed
by the demo project owner (``projektivastaava``) and marked as examples in their text; the plan names no real
proposals, so none are invented as real. Idempotent: a proposal whose name exists is left as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from yhteiso.programme import demo_progress, services_intake
from yhteiso.programme.models import BenefitGoal, ProjectKind, ProposerType
from yhteiso.programme.models_intake import ProjectProposal

NOTE = "(Esimerkkiehdotus demoa varten.)"

PROPOSALS: list[dict[str, Any]] = [
    {
        "stage": "submitted", "goals": [1],
        "name_fi": "Kielikahvilat Espoonlahden ja Kalajärven kirjastoihin",
        "name_sv": "Språkkaféer i biblioteken i Esboviken och Kalajärvi",
        "description": "Viikoittaiset kielikahvilat, joissa suomea tai ruotsia opettelevat ja paikalliset "
                       "asukkaat keskustelevat vapaaehtoisten ohjaajien kanssa. Kahvilat kootaan yhdessä "
                       f"kirjaston, aikuisopiston ja alueen järjestöjen kanssa. {NOTE}",
        "line_work_difference": "Kirjastot tarjoavat tiloja, mutta säännöllistä ohjattua keskustelutoimintaa ei "
                                "ole kenenkään perustehtävänä; toiminta kokoaa kolme toimijaa yhteen.",
        "units_involved": "Kirjastopalvelut, Espoon työväenopisto, alueen asukasyhdistykset",
        "funding_sought": Decimal(12000), "planned_cost_min": Decimal(10000), "planned_cost_max": Decimal(15000),
        "target_groups": ["minorities", "young_adults"], "responsible_unit": "Kirjastopalvelut",
    },
    {
        "stage": "appraisal", "goals": [2],
        "name_fi": "Liikuntakaverit ikääntyneille Leppävaarassa",
        "name_sv": "Motionskompisar för äldre i Alberga",
        "description": "Koulutetut vapaaehtoiset liikuntakaverit lähtevät yksin asuvien ikääntyneiden kanssa "
                       "ulkoilemaan ja kerhoihin. Tavoitteena on vähentää yksinäisyyttä ja tuoda eri-ikäiset "
                       f"alueen asukkaat yhteen. {NOTE}",
        "line_work_difference": "Liikuntapalvelujen ryhmät edellyttävät, että osallistuja pääsee itse paikalle; "
                                "liikuntakaveri tavoittaa ne, jotka eivät lähde yksin.",
        "units_involved": "Liikuntapalvelut, hyvinvointialueen kotihoito, seurakunnat, eläkeläisjärjestöt",
        "funding_sought": Decimal(18500), "planned_cost_min": Decimal(15000), "planned_cost_max": Decimal(22000),
        "target_groups": ["older_people"], "responsible_unit": "Liikuntapalvelut",
    },
    {
        "stage": "decided", "goals": [1, 3],
        "name_fi": "Suvelan yhteinen kesäkeittiö",
        "name_sv": "Gemensamt sommarkök i Suvela",
        "description": "Asukkaat, nuoret kesätyöntekijät ja järjestöt valmistavat kesällä yhdessä ruokaa "
                       "Suvelan asukaspuistossa kolmena päivänä viikossa; ateriat ovat kaikille avoimia. "
                       f"{NOTE}",
        "line_work_difference": "Nuorten kesätyö ja asukaspuiston toiminta ovat olemassa, mutta yhteistä, "
                                "kaikille avointa ruokailua ei järjestä mikään yksikkö.",
        "units_involved": "Nuorisopalvelut, asukaspuistot, Suvelan kappeliseurakunta, asukasyhdistys",
        "funding_sought": Decimal(25000), "planned_cost_min": Decimal(20000), "planned_cost_max": Decimal(28000),
        "target_groups": ["young_people", "children"], "responsible_unit": "Nuorisopalvelut",
    },
]

SCORES = {"novelty": 4, "feasibility": 4, "impact": 3, "not_line_work": 5, "several_units": 5}


def load(stdout) -> None:
    users = get_user_model().objects
    staff = users.filter(username="ohjelmapaallikko").first()
    member = users.filter(username="ohjausryhma").first()
    if staff is None or member is None or not BenefitGoal.objects.exists():
        stdout.write("Proposals: no demo accounts, no example proposals.\n")
        return
    proposer = demo_progress._owner()
    goals = {g.number: g for g in BenefitGoal.objects.all()}
    created = 0
    for data in PROPOSALS:
        fields = dict(data)
        stage, numbers = fields.pop("stage"), fields.pop("goals")
        if ProjectProposal.objects.filter(project__name_fi=fields["name_fi"]).exists():
            continue
        proposal = services_intake.proposal_submit(
            actor=proposer, goals=[goals[n] for n in numbers if n in goals] or list(goals.values())[:1],
            kind=ProjectKind.PROJECT, proposer_type=ProposerType.CITY_UNIT, **fields)
        if stage in ("appraisal", "decided"):
            services_intake.proposal_to_appraisal(proposal=proposal, actor=staff,
                                                  message="Ehdotus on täydellinen; ohjausryhmän arvioitavaksi.")
            services_intake.appraisal_save(proposal=proposal, actor=member,
                                           reasons="Monialainen ja uusi tapa tavoittaa asukkaita; kustannukset "
                                                   "kohtuulliset.", **SCORES)
        if stage == "decided":
            services_intake.steering_decision_record(
                project=proposal.project, actor=staff, outcome="approved", decided_on=dt.date(2026, 11, 12),
                reasons="Ehdotus täyttää valintakriteerit: useita toimijoita, uusi toimintatapa ja selvä kohde.",
                reference="Ohjausryhmä 12.11.2026 (esimerkki)", funding_confirmed=True,
                responsibilities_agreed=False, conditions_note="Vastuunjako seurakunnan kanssa sovitaan.")
        created += 1
    stdout.write(f"Proposals: {created} example proposals added (intake, appraisal, decided)\n")
