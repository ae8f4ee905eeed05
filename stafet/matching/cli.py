"""``stafet match``: run the matching engine on files, without Django or a database.

Examples
--------
stafet match --participants participants.csv --mentors mentors.csv --programme programme.json -o plan.csv
stafet match --participants participants.csv --mentors mentors.csv --volunteers volunteers.csv -o plan.json
stafet match --participants participants.csv --openings openings.csv --all-pairs pairs.csv -o plan.csv
stafet match --participants participants.csv --openings openings.csv --rank --top 5
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

from stafet.matching.engine import _run, match_dual, rank_candidates
from stafet.matching.files import (
    RESULT_COLUMNS,
    InputError,
    ranking_rows,
    read_pairs,
    read_participants,
    read_programme,
    read_providers,
    result_rows,
    write_table,
)
from stafet.matching.model import PARTS, Config, MatchResult


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="stafet match", description="Match participants with mentors or job openings (exact plan).")
    p.add_argument("--participants", required=True, type=Path, help="participants file (CSV or JSON)")
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--mentors", type=Path, help="business mentors file (CSV or JSON)")
    side.add_argument("--openings", type=Path, help="job openings file (talent programme; capacity = positions)")
    p.add_argument("--volunteers", type=Path, help="volunteer mentors: a second round (dual mentoring)")
    p.add_argument("--programme", type=Path, help="programme JSON: weights, limits, pins, exclusions")
    p.add_argument("--pins", type=Path, help="CSV/JSON of participant_id,provider_id pairs to keep")
    p.add_argument("--exclusions", type=Path, help="CSV/JSON of participant_id,provider_id pairs never to make")
    p.add_argument("-o", "--output", default="-", help="where to write the plan (default: standard output)")
    p.add_argument("--format", choices=["csv", "json"], help="output format (default: from the file name, else csv)")
    p.add_argument("--all-pairs", type=Path, help="also write every scored candidate pair, to re-solve and check")
    p.add_argument("--rank", action="store_true", help="rank the best participants per opening instead")
    p.add_argument("--top", type=int, default=10, help="candidates per opening with --rank (default 10)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on standard error")
    return p


def _format(path: str | Path, chosen: str | None) -> str:
    if chosen:
        return chosen
    return "json" if str(path).lower().endswith(".json") else "csv"


def _open(path: str | Path):
    if str(path) == "-":
        return _Stdout()
    return open(path, "w", encoding="utf-8", newline="")


class _Stdout:
    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


def _summary(result: MatchResult, label: str) -> str:
    s = result.stats
    proof = "proven optimal" if s.optimal else "optimal over the kept candidates"
    return (
        f"{label}matched {s.matched} of {s.participants} (score {s.objective}); greedy would have matched "
        f"{s.greedy_matched} (score {s.greedy_objective}); {proof}; {s.candidate_pairs} candidate pairs, "
        f"{s.seconds:.2f} s"
    )


def main(argv: list[str]) -> int:
    """Run ``stafet match ARGS``; returns the exit code (0 ok, 2 bad input or usage).

    >>> main(["--help"]) == 0  # doctest: +ELLIPSIS
    usage: stafet match ...
    True
    """
    try:
        args = _parser().parse_args(argv)
    except _UsageError as e:
        print(f"stafet match: error: {e}", file=sys.stderr)
        return 2
    except SystemExit as e:  # --help
        return int(e.code or 0)
    try:
        return _main(args)
    except InputError as e:
        print(f"stafet match: error: {e}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"stafet match: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"stafet match: error: {e.filename or ''}: {e.strerror}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - the command line must never show a traceback
        if os.environ.get("STAFET_DEBUG"):
            raise
        print(
            f"stafet match: internal error: {type(e).__name__}: {e} (set STAFET_DEBUG=1 for details)", file=sys.stderr
        )
        return 3


def _main(args: argparse.Namespace) -> int:
    config, extras = read_programme(args.programme) if args.programme else (Config(), {})
    pins = [tuple(x) for x in extras.get("pins", [])]
    exclusions = [tuple(x) for x in extras.get("exclusions", [])]
    if args.pins:
        pins += read_pairs(args.pins)
    if args.exclusions:
        exclusions += read_pairs(args.exclusions)
    participants = read_participants(args.participants)
    kind = "opening" if args.openings else "mentor"
    providers = read_providers(args.openings or args.mentors, kind)
    fmt = _format(args.output, args.format)

    if args.rank:
        if not args.openings:
            raise ValueError("--rank needs --openings")
        rows = []
        for opening in sorted(providers, key=lambda q: q.id):
            rows += ranking_rows(opening.id, rank_candidates(opening, participants, config, top=args.top))
        columns = ["opening_id", "rank", "participant_id", "score", *[f"part_{p}" for p in PARTS]]
        with _open(args.output) as out:
            write_table(rows, [*columns, "explanation_en", "explanation_da"], out, fmt)
        return 0

    if args.volunteers:
        volunteers = read_providers(args.volunteers, "volunteer")
        vconfig = config
        if "volunteer" in extras:
            vconfig = Config(**{**_config_dict(config), **extras["volunteer"]})
        first, second = match_dual(
            participants, providers, volunteers, config, vconfig, pins=pins, exclusions=exclusions
        )
        rounds = [("business", first), ("volunteer", second)]
    else:
        result, prob, cand, pinned = _run(participants, providers, config, pins, exclusions)
        rounds = [("", result)]
        if args.all_pairs:
            _write_all_pairs(args.all_pairs, _format(args.all_pairs, None), prob, cand, pinned)

    rows = [row for name, result in rounds for row in result_rows(result, name)]
    columns = RESULT_COLUMNS if args.volunteers else RESULT_COLUMNS[1:]
    if not args.volunteers:
        rows = [{k: v for k, v in row.items() if k != "round"} for row in rows]
    with _open(args.output) as out:
        if fmt == "json":
            payload: Any = {
                "rounds" if args.volunteers else "result": [
                    {"round": name, "stats": _stats(r), "rows": result_rows(r, name)} for name, r in rounds
                ]
                if args.volunteers
                else {"stats": _stats(rounds[0][1]), "rows": rows}
            }
            json.dump(payload, out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            write_table(rows, columns, out, "csv")
    if not args.quiet:
        for name, result in rounds:
            print(_summary(result, f"{name}: " if name else ""), file=sys.stderr)
    return 0


def _config_dict(config: Config) -> dict[str, Any]:
    return {
        "weights": dict(config.weights),
        "max_distance_km": config.max_distance_km,
        "min_language_level": config.min_language_level,
        "require_trained": config.require_trained,
        "candidate_cap": config.candidate_cap,
        "close_call_margin": config.close_call_margin,
    }


def _stats(result: MatchResult) -> dict[str, Any]:
    return dict(result.stats.__dict__)


def _write_all_pairs(path: Path, fmt: str, prob, cand, pinned: dict[int, int]) -> None:
    """Every scored candidate pair (and the pins), with provider capacities, so anyone can re-solve."""
    s = prob.scorer
    rows_i = np.r_[cand.rows, np.array(sorted(pinned), dtype=np.int64)]
    cols_j = np.r_[cand.cols, np.array([pinned[i] for i in sorted(pinned)], dtype=np.int64)]
    parts = s.parts(rows_i, cols_j) if len(rows_i) else np.zeros((0, len(PARTS)), dtype=np.int32)
    out_rows = []
    for k, (i, j) in enumerate(zip(rows_i.tolist(), cols_j.tolist(), strict=True)):
        q = prob.providers[j]
        out_rows.append(
            {
                "participant_id": prob.participants[i].id,
                "provider_id": q.id,
                "provider_capacity": q.capacity,
                "pinned": k >= len(cand.rows),
                "score": int(parts[k].sum()),
                **{f"part_{p}": int(v) for p, v in zip(PARTS, parts[k].tolist(), strict=True)},
            }
        )
    columns = ["participant_id", "provider_id", "provider_capacity", "pinned", "score", *[f"part_{p}" for p in PARTS]]
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_table(out_rows, columns, out, fmt)
