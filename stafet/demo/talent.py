"""Programme 4, the talent programme (Talentprogram Aarhus): job openings and the placement pipeline."""

import datetime

from stafet.demo.base import DemoBuilder
from stafet.demo.data import (
    AARHUS,
    NORDLYS,
    P4,
)
from stafet.placements.models import JobOpening, Placement
from stafet.placements.ranking import rank_opening
from stafet.programmes import actions as programme_actions
from stafet.programmes.models import Cohort, Referral


def build_talent(demo: DemoBuilder) -> None:
    rng = demo.rng
    coordinator = demo.users["koordinator.pluss"]
    programme = demo.programmes[P4]
    cohort = Cohort.objects.create(
        programme=programme,
        name="Talent 2026",
        start_date=datetime.date(2026, 9, 1),
        welcome_event_date=datetime.date(2026, 9, 1),
        capacity=50,
        status=Cohort.Status.RUNNING,
    )
    demo.cohorts["p4"] = cohort
    openings_spec = [
        # company, title, isco, industry, type, positions, min education, language level
        ("Aarhus Hospitalsservice A/S", "Serviceassistent", "9112", "N", "igu", 6, "", "A2"),
        ("Aarhus Hospitalsservice A/S", "Portør", "5329", "Q", "wage_subsidy", 3, "", "A2"),
        ("Aarhus Hospitalsservice A/S", "Sygehjælper", "5321", "Q", "internship", 2, "upper_secondary", "B1"),
        ("Østjysk Byg A/S", "Tømrerlærling", "7115", "F", "apprentice", 3, "", "A2"),
        ("Østjysk Byg A/S", "Elektriker", "7411", "F", "job", 2, "vocational", "A2"),
        ("Østjysk Byg A/S", "Byggepladsmedhjælper", "9313", "F", "igu", 4, "", "A1"),
        ("Østjysk Byg A/S", "Ingeniørpraktikant", "2142", "F", "internship", 1, "bachelor", "B1"),
        ("Jysk Fødevarer A/S", "Slagter", "7511", "C", "job", 3, "", "A2"),
        ("Jysk Fødevarer A/S", "Produktionsmedarbejder", "8160", "C", "igu", 5, "", "A1"),
        ("Jysk Fødevarer A/S", "Bagerlærling", "7512", "C", "apprentice", 1, "", "A2"),
        ("Kattegat Logistik A/S", "Lagermedarbejder", "4321", "H", "wage_subsidy", 4, "", "A2"),
        ("Kattegat Logistik A/S", "Lastbilchauffør", "8332", "H", "job", 3, "", "A2"),
        # Nordlys IT also posts openings at its Aarhus site (its working language is English), so the demo's
        # company contact sees candidates; one place of each is kept open for the demo to fill.
        (NORDLYS, "Softwareudvikler", "2512", "J", "job", 2, "bachelor", "B2"),
        (NORDLYS, "IT-supporter", "3512", "J", "internship", 2, "short_cycle", "B1"),
        ("Hotel Havnefronten Aarhus", "Kok", "5120", "I", "job", 2, "", "A2"),
        ("Hotel Havnefronten Aarhus", "Rengøringsassistent", "9112", "I", "igu", 3, "", "A1"),
        ("Hotel Havnefronten Aarhus", "Receptionist", "4224", "I", "internship", 1, "upper_secondary", "B1"),
        ("Viby Auto & Værksted A/S", "Mekanikerlærling", "7231", "G", "apprentice", 3, "", "A2"),
    ]
    openings = JobOpening.objects.bulk_create(
        [
            JobOpening(
                company=demo.orgs[company],
                site=demo.sites[f"{NORDLYS}|Aarhus"] if company == NORDLYS else demo.sites[company],
                programme=programme,
                title=title,
                occupation_id=isco,
                industry_id=industry,
                type=kind,
                positions=positions,
                requirements=f"{title}: mødestabil, motiveret" + (", erfaring fra faget." if kind == "job" else "."),
                min_education_level=education,
                language_id="en" if company == NORDLYS else "da",
                min_language_level=level,
            )
            for company, title, isco, industry, kind, positions, education, level in openings_spec
        ]
    )
    # 300 candidates referred by Aarhus: mostly vocational profiles, some highly educated.
    weights = [
        ("cleaner", 20),
        ("warehouse", 20),
        ("cook", 18),
        ("carpenter", 14),
        ("driver", 10),
        ("truck_driver", 10),
        ("butcher", 10),
        ("healthcare_assistant", 14),
        ("electrician", 8),
        ("mechanic", 10),
        ("baker", 6),
        ("shop_assistant", 16),
        ("farm_worker", 12),
        ("tailor", 8),
        ("hairdresser", 6),
        ("receptionist", 6),
        ("software", 6),
        ("sysadmin", 4),
        ("civil_engineer", 6),
        ("accountant", 6),
        ("teacher_primary", 6),
        ("nurse", 6),
        ("economist", 4),
        ("doctor", 2),
        ("lawyer", 2),
    ]
    countries = [("UA", 30), ("SY", 20), ("AF", 20), ("ER", 12), ("IR", 7), ("SO", 6), ("IQ", 5)]
    people = [
        demo.new_participant(
            country=demo.weighted(countries),
            profession=demo.weighted(weights),
            municipality=AARHUS,
            arrived=(datetime.date(2023, 1, 1), datetime.date(2026, 3, 31)),
            permit_by=datetime.date(2026, 7, 31),
            readiness=demo.weighted([("job_ready", 6), ("activity_ready", 2), ("not_assessed", 2)]),
            da=demo.weighted([("A1", 3), ("A2", 5), ("B1", 2)]),
            goal="job",
        )
        for _ in range(300)
    ]
    candidates = demo.save_participants(people)
    for candidate in candidates:
        demo.refer(
            candidate,
            programme,
            AARHUS,
            demo.day_between(datetime.date(2026, 5, 1), datetime.date(2026, 8, 15)),
            scope=Referral.ConsentScope.PROGRAMME_AND_COMPANIES,
            note="",
        )

    placements, hired, used = [], [], set()
    stages = Placement.Stage
    for opening in openings:
        # The engine's ranking for the opening (its hard limits: distance, the working language), as the
        # coordinator's screen shows it; each candidate is in one opening's pipeline at most.
        ranked = [c for c in rank_opening(opening) if c.participant.pk not in used]
        keep_open = opening.company.name == NORDLYS or rng.random() < 0.3
        filled = opening.positions - (1 if keep_open else 0)
        plan = [stages.HIRED] * filled
        if filled < opening.positions:
            plan.append(stages.OFFERED)
        plan += [stages.INTERVIEW] * rng.randint(0, 2) + [stages.SHORTLISTED] * rng.randint(0, 2)
        plan += [stages.SCREENED] * rng.randint(1, 2) + [stages.REJECTED] * rng.randint(1, 2)
        for stage, ranked_candidate in zip(plan, ranked, strict=False):
            candidate = ranked_candidate.participant
            placements.append(
                Placement(opening=opening, participant=candidate, status=stage, score=ranked_candidate.score)
            )
            used.add(candidate.pk)
            if stage in (stages.HIRED, stages.OFFERED, stages.INTERVIEW):
                hired.append((stage, candidate))
        if filled == opening.positions:
            opening.status = JobOpening.Status.FILLED
    Placement.objects.bulk_create(placements)
    JobOpening.objects.bulk_update(openings, ["status"])
    # The 50 talents selected: hired first, then offered, then at interview.
    order = {stages.HIRED: 0, stages.OFFERED: 1, stages.INTERVIEW: 2}
    selected = [c for _stage, c in sorted(hired, key=lambda sc: (order[sc[0]], sc[1].pk))][:50]
    referrals = {r.participant_id: r for r in Referral.objects.filter(programme=programme)}
    for candidate in selected:
        programme_actions.accept_referral(
            referral=referrals[candidate.pk], cohort=cohort, by=coordinator, on=datetime.date(2026, 8, 25)
        )
    selected_ids = {c.pk for c in selected}
    rejected = [
        p.participant for p in placements if p.status == stages.REJECTED and p.participant.pk not in selected_ids
    ]
    for candidate in rejected:
        referral = referrals[candidate.pk]
        if referral.status == Referral.Status.PENDING:
            programme_actions.decline_referral(
                referral=referral, reason=Referral.DeclineReason.NO_PLACE, by=coordinator
            )
    not_ready = [c for c in candidates if c.pk not in used and c.job_readiness == "activity_ready"][:20]
    for candidate in not_ready:
        programme_actions.decline_referral(
            referral=referrals[candidate.pk], reason=Referral.DeclineReason.NOT_READY, by=coordinator
        )
