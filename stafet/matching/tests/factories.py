"""Random but realistic instances for the engine's tests (participants around Copenhagen and Roskilde)."""

from __future__ import annotations

import numpy as np

from stafet.matching import GOALS, Config, Occupation, Participant, Provider

OCCUPATIONS = ["2512", "2511", "2421", "2411", "2142", "7212", "5120", "251", "24"]
INDUSTRIES = ["C", "F", "J", "K", "M", "Q"]
WORDS = ["python", "excel", "welding", "cooking", "accounting", "bridges", "care", "sales", "law", "data"]


def _languages(rng: np.random.Generator) -> dict[str, str]:
    langs = {"da": str(rng.choice(["A1", "A2", "B1", "B2", "native"]))}
    if rng.random() < 0.6:
        langs["en"] = str(rng.choice(["A2", "B1", "B2", "C1", "C2"]))
    if rng.random() < 0.3:
        langs["ar"] = str(rng.choice(["B1", "native"]))
    return langs


def _place(rng: np.random.Generator) -> tuple[float, float]:
    return 55.55 + 0.35 * float(rng.random()), 12.0 + 0.65 * float(rng.random())


def instance(seed: int, n: int, m: int, max_capacity: int = 3) -> tuple[list[Participant], list[Provider]]:
    rng = np.random.default_rng(seed)
    participants = []
    for i in range(n):
        lat, lng = _place(rng)
        participants.append(
            Participant(
                f"p{i:04d}",
                lat,
                lng,
                _languages(rng),
                occupations=(Occupation(str(rng.choice(OCCUPATIONS)), int(rng.integers(0, 12))),),
                industry=str(rng.choice(INDUSTRIES)),
                education_level=str(rng.choice(["primary", "vocational", "bachelor", "master"])),
                competences=" ".join(rng.choice(WORDS, size=2)),
                goal=str(rng.choice(GOALS)),
                eligible=bool(rng.random() < 0.9),
            )
        )
    providers = []
    for j in range(m):
        lat, lng = _place(rng)
        providers.append(
            Provider(
                f"m{j:04d}",
                lat,
                lng,
                _languages(rng),
                occupation=str(rng.choice(OCCUPATIONS)),
                industry=str(rng.choice(INDUSTRIES)),
                education_level=str(rng.choice(["vocational", "bachelor", "master"])),
                competences=" ".join(rng.choice(WORDS, size=2)),
                capacity=int(rng.integers(0, max_capacity + 1)),
                trained=bool(rng.random() < 0.9),
                years_experience=float(rng.integers(0, 25)),
                leadership=bool(rng.random() < 0.4),
                site=f"site {j % 5}",
            )
        )
    return participants, providers


def config(seed: int, cap: int | None = None) -> Config:
    rng = np.random.default_rng(seed)
    return Config(max_distance_km=float(rng.choice([10, 20, 35])), candidate_cap=cap)
