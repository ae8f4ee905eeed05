"""Random cohorts through the command line, checked independently: the hard limits recomputed from the files,
the optimum re-solved from ``--all-pairs`` with OR-Tools (and by brute force on tiny cohorts)."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import tempfile
from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from stafet.matching import Config, match_dual
from stafet.matching.cli import main
from stafet.matching.files import read_participants, read_providers
from stafet.matching.tests.independent import (
    Person,
    brute_force,
    haversine_km,
    optimum,
    qualifying,
    shared_level,
)

# Copenhagen, Lyngby, Roskilde, Aarhus: some pairs are near, some far apart.
CENTRES = [(55.676, 12.566), (55.676, 12.566), (55.770, 12.503), (55.641, 12.080), (56.157, 10.211)]
# Mostly levels that pass the minimum, so that most cohorts have pairs to choose between.
LEVELS = ["A1", "A2", "B1", "B2", "B2", "C1", "C2", "native", "native"]
COMPETENCES = ["", "Python, SQL", 'svejsning "MIG"', "regnskab og bogføring", "pleje; omsorg", "Python"]
PARTS = ["industry", "occupation", "education", "distance", "language", "goal", "experience", "competences"]
fast = settings(max_examples=20, deadline=None)


def people(seed: int, prefix: str, provider: bool, size: int) -> list[Person]:
    """A random cohort side. Drawn from a seed rather than piece by piece: hypothesis would favour tiny values
    everywhere and leave most cohorts without a single qualifying pair."""
    rng = random.Random(f"{seed}{prefix}")
    out = []
    for k in range(size):
        lat, lng = rng.choice(CENTRES)
        languages = {c: rng.choice(LEVELS) for c in rng.sample(["da", "en", "ar"], rng.randint(1, 3))}
        out.append(
            Person(
                id=f"{prefix}{k}{rng.choice(['', 'æ', 'ø', 'å'])}",
                lat=round(lat + rng.uniform(-0.12, 0.12), 5),
                lng=round(lng + rng.uniform(-0.2, 0.2), 5),
                languages=languages,
                eligible=rng.random() < 0.85,
                capacity=rng.choice([0, 1, 1, 2, 3]) if provider else 1,
                trained=rng.random() < 0.8,
                occupation=rng.choice(["", "2512", "2511", "7212", "25"]),
                industry=rng.choice(["", "J", "F", "Q"]),
                extra={"competences": rng.choice(COMPETENCES)},
            )
        )
    return out


def write(path: Path, rows: list[Person], fmt: str, kind: str) -> None:
    """A cohort file as a coordinator would have it: CSV, Danish Excel (cp1252, ';', decimal comma) or JSON."""
    records = []
    for r in rows:
        record = {"id": r.id, "lat": r.lat, "lng": r.lng, "industry": r.industry, **r.extra}
        record["languages"] = "|".join(f"{c}:{level}" for c, level in r.languages.items())
        if kind == "participant":
            record |= {"eligible": "ja" if r.eligible else "nej", "occupations": r.occupation}
        else:
            record |= {"occupation": r.occupation, "trained": "yes" if r.trained else "no"}
            record["positions" if kind == "opening" else "capacity"] = r.capacity
        records.append(record)
    if fmt == "json":
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        return
    columns = sorted({k for record in records for k in record} or {"id", "lat", "lng", "languages"})
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=";" if fmt == "excel" else ",", lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        if fmt == "excel":
            record = {k: str(v).replace(".", ",") if k in ("lat", "lng") else v for k, v in record.items()}
        writer.writerow(record)
    path.write_bytes(out.getvalue().encode("cp1252" if fmt == "excel" else "utf-8"))


def plan_and_pairs(folder: Path):
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    pairs = list(csv.DictReader((folder / "pairs.csv").open(encoding="utf-8")))
    return plan, pairs


def check_plan(rows, listed, allowed, capacity, pins, exclusions) -> None:
    """Every hard limit holds in the plan; rows agree with the listed scores."""
    matched = [r for r in rows if r["status"] == "matched"]
    load: dict[str, int] = {}
    for r in matched:
        pair = (r["participant_id"], r["provider_id"])
        assert pair in allowed or pair in pins, f"{pair} breaks a hard limit"
        assert pair not in exclusions
        assert r["score"] == listed[pair] == sum(r[f"part_{p}"] for p in PARTS)
        assert r["pinned"] == (pair in pins)
        load[pair[1]] = load.get(pair[1], 0) + 1
    assert all(used <= capacity[q] for q, used in load.items())
    assert set(pins) <= {(r["participant_id"], r["provider_id"]) for r in matched}
    ids = [r["participant_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(r["explanation_en"] and r["explanation_da"] for r in rows)


@fast
@given(
    data=st.data(),
    seed=st.integers(0, 2**32),
    fmt=st.sampled_from(["csv", "excel", "json"]),
    openings=st.booleans(),
    max_km=st.sampled_from([10, 25, 60]),
    min_level=st.sampled_from(["A2", "B1", "B2"]),
)
def test_a_cli_plan_is_the_exact_optimum_over_every_qualifying_pair(data, seed, fmt, openings, max_km, min_level):
    n, m = random.Random(seed).randint(1, 10), random.Random(-seed).randint(1, 6)
    participants, providers = people(seed, "p", False, n), people(seed, "m", True, m)
    side, kind = ("--openings", "opening") if openings else ("--mentors", "mentor")
    allowed = qualifying(participants, providers, max_km=max_km, min_level=min_level, openings=openings)
    capacity = {q.id: q.capacity for q in providers}
    event(f"qualifying pairs: {'none' if not allowed else 'under 5' if len(allowed) < 5 else '5 or more'}")
    # Pins and exclusions among the qualifying pairs: one pin per participant, within capacity.
    chosen = data.draw(st.lists(st.sampled_from(sorted(allowed)), max_size=4, unique=True)) if allowed else []
    pins, exclusions, left = [], set(), dict(capacity)
    for k, (p, q) in enumerate(chosen):
        if k % 2 == 0 and left[q] > 0 and p not in {a for a, _ in pins}:
            pins.append((p, q))
            left[q] -= 1
        elif (p, q) not in pins:
            exclusions.add((p, q))
    programme = {"max_distance_km": max_km, "min_language_level": min_level, "candidate_cap": None}
    programme |= {"pins": [list(x) for x in pins], "exclusions": [list(x) for x in sorted(exclusions)]}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ext = "json" if fmt == "json" else "csv"
        write(folder / f"participants.{ext}", participants, fmt, "participant")
        write(folder / f"providers.{ext}", providers, fmt, kind)
        (folder / "programme.json").write_text(json.dumps(programme), encoding="utf-8")
        args = ["--participants", str(folder / f"participants.{ext}"), side, str(folder / f"providers.{ext}")]
        args += ["--programme", str(folder / "programme.json"), "-q"]
        assert main([*args, "-o", str(folder / "plan.json"), "--all-pairs", str(folder / "pairs.csv")]) == 0
        plan, pairs = plan_and_pairs(folder)

        # --all-pairs lists every qualifying pair that the plan could still make, and nothing else.
        listed = {(r["participant_id"], r["provider_id"]): int(r["score"]) for r in pairs}
        assert len(listed) == len(pairs)
        pinned = {p for p, _ in pins}
        could = {(p, q) for p, q in allowed - exclusions if p not in pinned and left[q] > 0}
        assert set(listed) == could | set(pins)
        assert {(r["participant_id"], r["provider_id"]) for r in pairs if r["pinned"] == "yes"} == set(pins)
        by_id = {x.id: x for x in [*participants, *providers]}
        for r in pairs:
            # The distance and language parts follow from the files' own numbers (docs/matching.md).
            p, q = by_id[r["participant_id"]], by_id[r["provider_id"]]
            assert abs(int(r["part_distance"]) - round(150 * (1 - haversine_km(p, q) / max_km))) <= 1
            assert int(r["part_language"]) == math.floor(100 * shared_level(p, q) / 7 + 0.5)

        result = plan["result"]
        check_plan(result["rows"], listed, allowed - exclusions, capacity, set(pins), exclusions)
        stats = result["stats"]
        best = optimum(listed, capacity, pins)
        assert (stats["matched"], stats["objective"]) == best
        assert stats["optimal"]
        if len(participants) <= 6:
            assert brute_force(listed, capacity, pins) == best

        # The same plan, to the byte, from the rows in another order.
        write(folder / f"participants.{ext}", data.draw(st.permutations(participants)), fmt, "participant")
        write(folder / f"providers.{ext}", data.draw(st.permutations(providers)), fmt, kind)
        assert main([*args, "-o", str(folder / "again.json")]) == 0
        again = json.loads((folder / "again.json").read_text(encoding="utf-8"))["result"]
        assert again["rows"] == result["rows"]


def setup_files(folder: Path, files: dict[str, tuple[list[Person], str]], programme: dict) -> list[str]:
    args = []
    for option, (rows, kind) in files.items():
        write(folder / f"{kind}.csv", rows, "csv", kind)
        args += [option, str(folder / f"{kind}.csv")]
    (folder / "programme.json").write_text(json.dumps(programme), encoding="utf-8")
    return [*args, "--programme", str(folder / "programme.json"), "-q"]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_dual_mentoring_from_the_cli_gives_an_exact_plan_in_each_round(seed):
    participants = people(seed, "p", False, random.Random(seed).randint(1, 9))
    business = people(seed, "m", True, random.Random(-seed).randint(1, 5))
    volunteers = [Person(**{**q.__dict__, "id": f"v{q.id}", "trained": True}) for q in people(seed, "v", True, 5)]
    pins = sorted(qualifying(participants, volunteers, max_km=15))[:1]
    programme = {"candidate_cap": None, "volunteer": {"max_distance_km": 15}, "pins": [list(x) for x in pins]}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {"--participants": (participants, "participant"), "--mentors": (business, "mentor")}
        files["--volunteers"] = (volunteers, "volunteer")
        args = setup_files(folder, files, programme)
        assert main([*args, "-o", str(folder / "plan.json"), "--all-pairs", str(folder / "pairs.csv")]) == 0
        plan, pairs = plan_and_pairs(folder)
        rounds = {r["round"]: r for r in plan["rounds"]}
        assert list(rounds) == ["business", "volunteer"]
        for name, side, max_km in (("business", business, 40), ("volunteer", volunteers, 15)):
            allowed = qualifying(participants, side, max_km=max_km)
            capacity = {q.id: q.capacity for q in side}
            listed = {(r["participant_id"], r["provider_id"]): int(r["score"]) for r in pairs if r["round"] == name}
            round_pins = {x for x in pins if x[1] in capacity}
            check_plan(rounds[name]["rows"], listed, allowed, capacity, round_pins, set())
            stats = rounds[name]["stats"]
            assert (stats["matched"], stats["objective"]) == optimum(listed, capacity, round_pins)
        # The command line gives what the library's match_dual gives.
        first, second = match_dual(
            read_participants(folder / "participant.csv"),
            read_providers(folder / "mentor.csv", "mentor"),
            read_providers(folder / "volunteer.csv", "volunteer"),
            Config(candidate_cap=None),
            Config(candidate_cap=None, max_distance_km=15),
            pins=pins,
        )
        for name, result in (("business", first), ("volunteer", second)):
            made = [(r["participant_id"], r["provider_id"]) for r in rounds[name]["rows"] if r["status"] == "matched"]
            assert made == [(p.participant_id, p.provider_id) for p in result.pairs]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32), top=st.integers(1, 4))
def test_ranking_per_opening_lists_the_best_qualifying_candidates_and_never_an_excluded_one(seed, top):
    participants = people(seed, "p", False, random.Random(seed).randint(1, 10))
    openings = people(seed, "o", True, random.Random(-seed).randint(1, 4))
    allowed = qualifying(participants, openings, openings=True)
    exclusions = sorted(allowed)[::3]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {"--participants": (participants, "participant"), "--openings": (openings, "opening")}
        args = setup_files(folder, files, {"exclusions": [list(x) for x in exclusions]})
        assert main([*args, "--rank", "--top", str(top), "-o", str(folder / "rank.csv")]) == 0
        assert main([*args, "--rank", "--top", "100", "-o", str(folder / "everyone.csv")]) == 0
        rows = list(csv.DictReader((folder / "rank.csv").open(encoding="utf-8")))
        everyone = list(csv.DictReader((folder / "everyone.csv").open(encoding="utf-8")))
    for opening in openings:
        ranked = [r for r in rows if r["opening_id"] == opening.id]
        # The shortlist is the head of the full ranking: nobody better was left off.
        assert ranked == [r for r in everyone if r["opening_id"] == opening.id][:top]
        fits = {p for p, o in allowed if o == opening.id} - {p for p, o in exclusions if o == opening.id}
        assert {r["participant_id"] for r in ranked} <= fits
        assert len(ranked) == min(top, len(fits))
        assert [int(r["rank"]) for r in ranked] == list(range(1, len(ranked) + 1))
        order = [(-int(r["score"]), r["participant_id"]) for r in ranked]
        assert order == sorted(order)
        assert all(int(r["score"]) == sum(int(r[f"part_{p}"]) for p in PARTS) for r in ranked)
