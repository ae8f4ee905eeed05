"""Explanations read as a coordinator would say them, in Danish and English, state only true facts, and say only
what tells a pair apart."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stafet.matching import Config, Occupation, Participant, Provider, match
from stafet.matching.explain import explain_pair, explain_reason, pair_facts, render_facts
from stafet.matching.model import Obstacle, Reason
from stafet.matching.tests.factories import instance

HOME = (55.68, 12.57)


def explain(p: Participant, q: Provider, **parts: int) -> dict[str, str]:
    return explain_pair(p, q, {"distance": 100, **parts}, 6.2, [], Config())


def codes(p: Participant, q: Provider, km: float = 6.2, config: Config | None = None, **parts: int) -> list[str]:
    return [f.code for f in pair_facts(p, q, {"distance": 100, **parts}, km, [], config or Config())]


def test_a_whole_explanation_in_both_languages():
    p = Participant(
        "p1", *HOME, {"en": "C1", "ar": "native"}, occupations=(Occupation("2512", 6),), industry="J", goal="education"
    )
    q = Provider("m1", 55.77, 12.50, {"en": "C2"}, occupation="2512", industry="J", site="IBM Lyngby", goal="education")
    why = explain(p, q, industry=200, occupation=200, goal=75)
    assert why["en"] == (
        "same industry: information and communication; same occupation: Software developers (ISCO 2512); "
        "close by: 6 km from IBM Lyngby; both speak English at C1; "
        "the mentor can help the participant towards the goal of education"
    )
    assert why["da"] == (
        "samme branche: information og kommunikation; samme fag: softwareudvikling (DISCO 2512); "
        "tæt på: 6 km fra IBM Lyngby; begge taler engelsk på niveau C1; "
        "mentoren kan hjælpe deltageren på vej mod målet om uddannelse"
    )


@pytest.mark.parametrize(
    ("theirs", "level", "group", "en", "da"),
    [
        ("2512", "unit", "2512", "same occupation: Software developers (ISCO 2512)",
         "samme fag: softwareudvikling (DISCO 2512)"),
        ("2513", "minor", "251", "related occupations in the same group: Software and applications developers and "
         "analysts (ISCO 251)", "beslægtede fag i samme faggruppe: "),
        ("2521", "sub_major", "25", "occupations in the same field: Information and communications technology "
         "professionals (ISCO 25)", "fag inden for samme område: arbejde inden for informations- og "
         "kommunikationsteknologi (DISCO 25)"),
    ],
)  # fmt: skip
def test_an_occupation_is_named_at_the_level_both_share(theirs, level, group, en, da):
    p = Participant("p1", *HOME, {"da": "B1"}, occupations=(Occupation("2512", 5),))
    q = Provider("m1", *HOME, {"da": "native"}, occupation=theirs)
    facts = pair_facts(p, q, {"occupation": 100}, 2.0, [], Config())
    assert [dict(f.values) for f in facts if f.code == "occupation"] == [{"level": level, "group": group}]
    why = render_facts(facts)
    assert en in why["en"] and da in why["da"]


def test_two_professionals_who_share_only_the_major_group_are_not_called_related():
    """Any two professionals are both in ISCO major group 2: saying so explains nothing."""
    nurse = Participant("p1", *HOME, {"da": "B1"}, occupations=(Occupation("2221", 5),))
    developer = Provider("m1", *HOME, {"da": "native"}, occupation="2512")
    assert "occupation" not in codes(nurse, developer, occupation=50)
    why = explain(nurse, developer, occupation=50)
    assert "ISCO" not in why["en"] and "DISCO" not in why["da"] and "beslægtet" not in why["da"]


def test_the_language_every_pair_shares_at_the_minimum_is_not_mentioned():
    p = Participant("p1", *HOME, {"da": "B1"})
    at_minimum = Provider("m1", *HOME, {"da": "native"})
    assert "language" not in codes(p, at_minimum)
    better = Participant("p2", *HOME, {"da": "B2", "ar": "native"})
    assert explain(better, at_minimum)["en"].endswith("both speak Danish at B2")
    both_arabic = Provider("m2", *HOME, {"da": "native", "ar": "native"})
    why = explain(better, both_arabic)
    assert why["en"].endswith("both speak Arabic as a mother tongue")
    assert why["da"].endswith("begge har arabisk som modersmål")


@pytest.mark.parametrize(
    ("km", "en", "da"),
    [
        (0.4, "close by: under 1 km from IBM", "tæt på: under 1 km fra IBM"),
        (9.6, "close by: 10 km from IBM", "tæt på: 10 km fra IBM"),
        (22.0, "22 km from IBM", "22 km fra IBM"),
        (35.2, "35 km from IBM, near the 40 km limit", "35 km fra IBM, tæt på grænsen på 40 km"),
    ],
)
def test_the_distance_in_words(km, en, da):
    p = Participant("p1", *HOME, {"da": "B1"})
    q = Provider("m1", *HOME, {"da": "native"}, site="IBM")
    why = explain_pair(p, q, {"distance": 10}, km, [], Config())
    assert (why["en"], why["da"]) == (en, da)


def test_the_mentors_education_is_praised_only_when_it_tells_something():
    p = Participant("p1", *HOME, {"da": "B1"}, education_level="master", education_field="civil engineering")
    below = Provider("m1", *HOME, {"da": "native"}, education_level="bachelor", education_field="civil engineering")
    above = Provider(
        "m2", *HOME, {"da": "native"}, education_level="doctorate", education_field="mechanical engineering"
    )
    why_below, why_above = explain(p, below, education=82), explain(p, above, education=70)
    assert "level or above" not in why_below["en"] and "same field of education: civil engineering" in why_below["en"]
    assert "the mentor's education (doctorate) is at the participant's level or above" in why_above["en"]
    assert "beslægtede uddannelsesområder: civil engineering og mechanical engineering" in why_above["da"]
    # Almost every mentor has at least primary school: that is not worth saying.
    basic = Participant("p2", *HOME, {"da": "B1"}, education_level="primary")
    assert "education_level" not in codes(basic, above, education=70)


@pytest.mark.parametrize(
    ("years", "leadership", "en", "da"),
    [
        (12, True, "the mentor has 12 years' experience and leadership experience",
         "mentoren har 12 års erfaring og ledererfaring"),
        (0, True, "the mentor has leadership experience", "mentoren har ledererfaring"),
        (7.5, False, "the mentor has 7.5 years' experience", "mentoren har 7,5 års erfaring"),
        (2, False, None, None),
    ],
)  # fmt: skip
def test_mentor_experience_in_words(years, leadership, en, da):
    p = Participant("p1", *HOME, {"da": "B1"})
    q = Provider("m1", *HOME, {"da": "native"}, years_experience=years, leadership=leadership)
    why = explain(p, q, experience=40)
    assert (en in why["en"] and da in why["da"]) if en else "experience" not in why["en"]


def test_an_opening_asks_for_years_in_the_singular_and_plural():
    p = Participant("p1", *HOME, {"da": "B1"}, occupations=(Occupation("5120", 3),), goal="education")
    one = Provider(
        "o1", *HOME, {"da": "B1"}, kind="opening", occupation="5120", years_experience=1, opening_type="apprentice"
    )
    two = Provider("o2", *HOME, {"da": "B1"}, kind="opening", occupation="5120", years_experience=2, opening_type="job")
    assert "has the 1 year's experience asked for" in explain(p, one, experience=50)["en"]
    assert "har de 2 års erfaring, der efterspørges" in explain(p, two, experience=50)["da"]
    assert "an apprenticeship fits the participant's goal of education" in explain(p, one, goal=75)["en"]
    assert "en elevplads passer til deltagerens mål om uddannelse" in explain(p, one, goal=75)["da"]


def test_a_job_as_the_goal_is_not_worth_saying():
    """Almost every participant is working towards a job, and most mentors help towards one."""
    p = Participant("p1", *HOME, {"da": "B1"}, goal="job")
    mentor = Provider("m1", *HOME, {"da": "native"}, goal="job")
    job = Provider("o1", *HOME, {"da": "B1"}, kind="opening", opening_type="job")
    assert "goal" not in codes(p, mentor, goal=75) and "goal" not in codes(p, job, goal=75)


def test_a_part_the_programme_gives_no_weight_is_not_named():
    p = Participant("p1", *HOME, {"da": "B1"}, industry="J")
    q = Provider("m1", *HOME, {"da": "native"}, industry="J")
    why = explain_pair(p, q, {"industry": 0}, 2.0, [], Config(weights={"distance": 500}))
    assert "industry" not in why["en"] and "branche" not in why["da"]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_the_text_of_every_pair_is_rendered_from_its_facts_and_the_facts_are_true(seed):
    participants, providers = instance(seed, 30, 15)
    result = match(participants, providers, Config(candidate_cap=None))
    people = {p.id: p for p in participants}
    others = {q.id: q for q in providers}
    for pair in result.pairs:
        assert dict(pair.explanation) == render_facts(pair.facts)
        p, q = people[pair.participant_id], others[pair.provider_id]
        for fact in pair.facts:
            v = fact.values
            if fact.code == "industry":
                assert p.industry == q.industry == v["industry"]
            elif fact.code == "occupation":
                group = str(v["group"])
                assert len(group) >= 2 and q.occupation and q.occupation.startswith(group)
                assert any(o.code.startswith(group) for o in p.occupations)
                # The level named is the closest both share: no occupation of theirs shares one digit more.
                if len(group) < len(q.occupation):
                    assert not any(o.code.startswith(q.occupation[: len(group) + 1]) for o in p.occupations)
            elif fact.code == "language":
                assert {p.languages[str(v["language"])], q.languages[str(v["language"])]} >= {v["level"]}
            elif fact.code == "distance":
                assert 0 <= float(v["km"]) <= 40.05  # type: ignore[arg-type]
        assert [f.code for f in pair.facts].count("distance") == 1


@pytest.mark.parametrize(
    ("noun", "count", "en", "da"),
    [
        ("volunteer", 1, "the only volunteer mentor who fits is needed for another participant",
         "den eneste frivillige mentor, der passer, er nødvendig for en anden deltager"),
        ("trained mentor", 2, "both trained mentors who fit are needed for other participants",
         "begge mentorer med gennemført mentorkursus, der passer, er nødvendige for andre deltagere"),
        ("opening", 3, "all 3 job openings that fit are needed for other participants",
         "alle 3 jobåbninger, der passer, er nødvendige for andre deltagere"),
    ],
)  # fmt: skip
def test_taken_reasons_agree_in_number_and_definiteness(noun, count, en, da):
    taken = tuple(Obstacle(f"m{k}", "taken", 3.0, taken_by=(f"p{k}",), places=1) for k in range(count))
    why = explain_reason(Reason("taken", taken, {"taken": count}, noun=noun))
    assert why["en"].startswith(en) and why["da"].startswith(da)
    assert "m0 (3 km) by p0" in why["en"] and "m0 (3 km) af p0" in why["da"]


def test_a_long_list_names_the_nearest_few_and_counts_the_rest():
    far = tuple(Obstacle(f"m{k}", "too_far", 50.0 + k) for k in range(10))
    lang = (Obstacle("m20", "no_language", 3.0),)
    why = explain_reason(Reason("no_fit", far + lang, {"too_far": 14, "no_language": 1}, languages=("ar",)))
    assert why["en"] == (
        "no mentor within 40 km speaks a shared language at B1 or better (the participant speaks Arabic); "
        "no shared language at B1 or better: m20 (3 km); "
        "more than 40 km away: m0 (50 km), m1 (51 km), m2 (52 km) and 11 more mentors"
    )
    assert why["da"].endswith("mere end 40 km væk: m0 (50 km), m1 (51 km), m2 (52 km) og 11 mentorer mere")


def test_unmatched_reasons_for_openings_speak_of_working_languages_and_filled_positions():
    lang = (Obstacle("o1", "no_language", 3.0, site="Vestas Aarhus"), Obstacle("o2", "too_far", 30.0))
    why = explain_reason(
        Reason("no_fit", lang, {"no_language": 1, "too_far": 1}, noun="opening", max_distance_km=25,
               languages=("ar", "ti"))
    )  # fmt: skip
    assert why["en"].startswith(
        "no job opening within 25 km has a working language the participant speaks at B1 or better "
        "(the participant speaks Arabic and Tigrinya)"
    )
    assert why["da"].startswith(
        "ingen jobåbning inden for 25 km har et arbejdssprog, som deltageren taler på mindst niveau B1 "
        "(deltageren taler arabisk og tigrinya)"
    )
    full = explain_reason(Reason("full", (Obstacle("o3", "full", 4.0),), {"full": 1}, noun="opening"))
    assert full["en"] == "every job opening that fits is filled or closed; filled or closed: o3 (4 km)"
    assert full["da"] == "alle jobåbninger, der passer, er besat eller lukket; besat eller lukket: o3 (4 km)"


def test_every_unmatched_reason_states_a_true_fact():
    people = [
        Participant("far", 57.05, 9.92, {"en": "C1"}),
        Participant("weak", *HOME, {"en": "A2"}),
        Participant("arabic", *HOME, {"ar": "native"}),
        Participant("second", *HOME, {"da": "B2"}),
        Participant("first", *HOME, {"da": "C1"}),
    ]
    mentors = [Provider("m1", *HOME, {"da": "native", "en": "C1"}, site="Nørrebro", years_experience=9)]
    result = match(people, mentors, Config(max_distance_km=30))
    assert result.unmatched["far"]["en"].startswith("no trained mentor within 30 km (the nearest, m1 at Nørrebro, is 2")
    assert result.unmatched["weak"]["da"] == "taler ikke noget sprog på mindst niveau B1"
    assert result.unmatched["arabic"]["en"] == (
        "no trained mentor within 30 km speaks a shared language at B1 or better (the participant speaks Arabic); "
        "no shared language at B1 or better: m1 (Nørrebro, under 1 km)"
    )
    assert [p.participant_id for p in result.pairs] in (["first"], ["second"])
    [left] = {"first", "second"} - {p.participant_id for p in result.pairs}
    [winner] = {"first", "second"} - {left}
    assert result.unmatched[left]["en"].startswith("the only trained mentor who fits is needed for another participant")
    assert f"taken: m1 (Nørrebro, under 1 km) by {winner}" in result.unmatched[left]["en"]
    assert np.isclose(result.reasons[left].obstacles[0].km, 0.0)
