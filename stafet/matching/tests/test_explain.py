"""Explanations read as a coordinator would say them, in Danish and English, and state only true facts."""

from __future__ import annotations

import pytest

from stafet.matching import Config, Occupation, Participant, Provider, match
from stafet.matching.explain import explain_pair, explain_unmatched

HOME = (55.68, 12.57)


def explain(p: Participant, q: Provider, **parts: int) -> dict[str, str]:
    return explain_pair(p, q, {"distance": 100, **parts}, 6.2, [], Config())


def test_a_whole_explanation_in_both_languages():
    p = Participant(
        "p1", *HOME, {"en": "C1", "ar": "native"}, occupations=(Occupation("2512", 6),), industry="J", goal="job"
    )
    q = Provider("m1", 55.77, 12.50, {"en": "C2"}, occupation="2512", industry="J", site="IBM Lyngby", goal="job")
    why = explain(p, q, industry=200, occupation=200, goal=75)
    assert why["en"] == (
        "same industry: information and communication (IT); same occupation: Software developers (ISCO 2512); "
        "6 km from IBM Lyngby; both speak English at C1; "
        "the mentor can help the participant towards the goal of a job"
    )
    assert why["da"] == (
        "samme branche: information og kommunikation (IT); samme fag: softwareudvikling (DISCO 2512); "
        "6 km fra IBM Lyngby; begge taler engelsk på niveau C1; "
        "mentoren kan hjælpe deltageren på vej mod målet om et job"
    )


def test_a_related_occupation_names_the_shared_group_in_disco_words():
    p = Participant("p1", *HOME, {"da": "B1"}, occupations=(Occupation("2411", 5),))
    q = Provider("m1", *HOME, {"da": "native"}, occupation="2421")
    why = explain(p, q, occupation=100)
    assert "related occupation: both in ISCO group 24 (Business and administration professionals)" in why["en"]
    assert "beslægtet fag: begge i DISCO-gruppe 24 (arbejde inden for økonomi, administration og salg)" in why["da"]


def test_the_mentors_education_is_praised_only_when_it_is_at_the_participants_level_or_above():
    p = Participant("p1", *HOME, {"da": "B1"}, education_level="master", education_field="civil engineering")
    below = Provider("m1", *HOME, {"da": "native"}, education_level="bachelor", education_field="civil engineering")
    above = Provider(
        "m2", *HOME, {"da": "native"}, education_level="doctorate", education_field="mechanical engineering"
    )
    why_below, why_above = explain(p, below, education=82), explain(p, above, education=70)
    assert "level or above" not in why_below["en"] and "same field of education: civil engineering" in why_below["en"]
    assert "the mentor's education (doctorate) is at the participant's level or above" in why_above["en"]
    assert "beslægtede uddannelsesområder: civil engineering og mechanical engineering" in why_above["da"]


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


def test_a_part_the_programme_gives_no_weight_is_not_named():
    p = Participant("p1", *HOME, {"da": "B1"}, industry="J")
    q = Provider("m1", *HOME, {"da": "native"}, industry="J")
    why = explain_pair(p, q, {"industry": 0}, 2.0, [], Config(weights={"distance": 500}))
    assert "industry" not in why["en"] and "branche" not in why["da"]


@pytest.mark.parametrize(
    ("noun", "count", "en", "da"),
    [
        ("volunteer", 1, "the only volunteer mentor who fits went to another participant",
         "den eneste frivillige mentor, der passer, gik til en anden deltager"),
        ("trained mentor", 2, "both trained mentors who fit went to other participants",
         "begge mentorer med gennemført mentorkursus, der passer, gik til andre deltagere"),
        ("opening", 3, "all 3 job openings that fit went to other participants",
         "alle 3 jobåbninger, der passer, gik til andre deltagere"),
        ("opening", 0, "every job opening that fits is already full",
         "alle jobåbninger, der passer, er allerede besat"),
    ],
)  # fmt: skip
def test_capacity_reasons_agree_in_number_and_definiteness(noun, count, en, da):
    why = explain_unmatched("capacity", Config(), noun, count=count)
    assert why["en"].startswith(en) and why["da"].startswith(da)


def test_unmatched_reasons_for_openings_speak_of_working_languages():
    why = explain_unmatched("no_language", Config(max_distance_km=25), "opening", languages=["ar", "ti"])
    assert why["en"] == (
        "no job opening within 25 km has a working language the participant speaks at B1 or better "
        "(the participant speaks Arabic and Tigrinya)"
    )
    assert why["da"] == (
        "ingen jobåbning inden for 25 km har et arbejdssprog, som deltageren taler på mindst niveau B1 "
        "(deltageren taler arabisk og tigrinya)"
    )


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
    assert result.unmatched["far"]["en"].startswith("no trained mentor within 30 km (the nearest, Nørrebro, is 2")
    assert result.unmatched["weak"]["da"] == "taler ikke noget sprog på mindst niveau B1"
    assert "(the participant speaks Arabic)" in result.unmatched["arabic"]["en"]
    assert [p.participant_id for p in result.pairs] in (["first"], ["second"])
    [left] = {"first", "second"} - {p.participant_id for p in result.pairs}
    assert result.unmatched[left]["en"].startswith("the only trained mentor who fits went to another participant")
