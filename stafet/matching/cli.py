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
import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from stafet.matching.candidates import Candidates
from stafet.matching.engine import _Problem, _run, rank_candidates
from stafet.matching.files import (
    RESULT_COLUMNS,
    InputError,
    PairRef,
    Programme,
    csv_cells,
    ranking_rows,
    read_pairs,
    read_participants,
    read_programme,
    read_providers,
    result_rows,
    write_table,
)
from stafet.matching.model import PARTS, Config, MatchResult, Participant, PinError, Provider

#: Exit codes: done, bad input or usage, a bug.
OK, BAD_INPUT, INTERNAL = 0, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number, 1 or more")
    return value


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
    p.add_argument("--top", type=_positive, default=10, help="candidates per opening with --rank (default 10)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on standard error")
    return p


def _format(path: str | Path, chosen: str | None) -> str:
    if chosen:
        return chosen
    return "json" if str(path).lower().endswith(".json") else "csv"


def _summary(result: MatchResult, label: str) -> str:
    s = result.stats
    proof = "proven optimal" if s.optimal else "optimal over the kept candidates"
    return (
        f"{label}matched {s.matched} of {s.participants} (score {s.objective}); greedy would have matched "
        f"{s.greedy_matched} (score {s.greedy_objective}); {proof}; {s.candidate_pairs} candidate pairs, "
        f"{s.seconds:.2f} s"
    )


def main(argv: list[str]) -> int:
    """Run ``stafet match ARGS``; returns the exit code (0 ok, 2 bad input or usage, 3 a bug).

    >>> main(["--help"]) == 0  # doctest: +ELLIPSIS
    usage: stafet match ...
    True
    """
    try:
        args = _parser().parse_args(argv)
    except _UsageError as e:
        print(f"stafet match: error: {e}", file=sys.stderr)
        return BAD_INPUT
    except SystemExit as e:  # --help
        return int(e.code or 0)
    try:
        return _main(args)
    except (InputError, _UsageError) as e:
        print(f"stafet match: error: {e}", file=sys.stderr)
        return BAD_INPUT
    except Exception as e:  # noqa: BLE001 - the command line must never show a traceback
        if os.environ.get("STAFET_DEBUG"):
            raise
        print(
            f"stafet match: internal error: {type(e).__name__}: {e} (set STAFET_DEBUG=1 for details)", file=sys.stderr
        )
        return INTERNAL


def _warn(message: str) -> None:
    print(f"stafet match: warning: {message}", file=sys.stderr)


def _main(args: argparse.Namespace) -> int:
    if args.rank and not args.openings:
        raise _UsageError("--rank needs --openings")
    if args.rank and (args.volunteers or args.all_pairs):
        raise _UsageError("--rank ranks participants per opening: it takes no --volunteers and no --all-pairs")
    if args.volunteers and args.openings:
        raise _UsageError("--volunteers is the second round of dual mentoring: use it with --mentors")
    if args.all_pairs and str(args.output) != "-" and Path(args.output).resolve() == args.all_pairs.resolve():
        raise _UsageError("--all-pairs and --output name the same file")
    programme = read_programme(args.programme) if args.programme else Programme()
    pins = [*programme.pins, *(read_pairs(args.pins) if args.pins else [])]
    exclusions = [*programme.exclusions, *(read_pairs(args.exclusions) if args.exclusions else [])]
    participants = read_participants(args.participants, _warn)
    kind = "opening" if args.openings else "mentor"
    providers = read_providers(args.openings or args.mentors, kind, _warn)
    volunteers = read_providers(args.volunteers, "volunteer", _warn) if args.volunteers else []
    _check_ids(pins, exclusions, participants, [*providers, *volunteers])
    fmt = _format(args.output, args.format)

    if args.rank:
        rows = _ranking(participants, providers, programme.config, {ref.pair for ref in exclusions}, args.top)
        columns = ["opening_id", "rank", "participant_id", "score", *[f"part_{p}" for p in PARTS]]
        with _output(args.output) as out:
            rows = csv_cells(rows) if fmt == "csv" else rows
            write_table(rows, [*columns, "explanation_en", "explanation_da", "details"], out, fmt)
        return OK

    every = args.all_pairs is not None
    if volunteers:
        vconfig = programme.volunteer_config or programme.config
        business_ids = {q.id for q in providers}
        rounds = [
            ("business", _solve(participants, providers, programme.config, pins, exclusions, business_ids, every)),
            (
                "volunteer",
                _solve(participants, volunteers, vconfig, pins, exclusions, {q.id for q in volunteers}, every),
            ),
        ]
    else:
        rounds = [("", _solve(participants, providers, programme.config, pins, exclusions, None, every))]

    # Write both files only when everything is computed, and each completely or not at all.
    with contextlib.ExitStack() as stack:
        if args.all_pairs:
            out = stack.enter_context(_output(args.all_pairs))
            _write_all_pairs(out, _format(args.all_pairs, None), rounds, with_round=bool(volunteers))
        out = stack.enter_context(_output(args.output))
        _write_plan(out, fmt, [(name, run[0]) for name, run in rounds], with_round=bool(volunteers))
    if not args.quiet:
        for name, run in rounds:
            print(_summary(run[0], f"{name}: " if name else ""), file=sys.stderr)
    return OK


def _ranking(
    participants: list[Participant],
    openings: list[Provider],
    config: Config,
    excluded: set[tuple[str, str]],
    top: int,
) -> list[dict[str, Any]]:
    rows = []
    for opening in sorted(openings, key=lambda q: q.id):
        # Excluded pairs (a conflict of interest) are never proposed, not even on a shortlist.
        skip = sum(1 for _, oid in excluded if oid == opening.id)
        ranked = rank_candidates(opening, participants, config, top=top + skip)
        rows += ranking_rows(opening.id, [r for r in ranked if (r.participant_id, opening.id) not in excluded][:top])
    return rows


def _check_ids(
    pins: list[PairRef], exclusions: list[PairRef], participants: Sequence[Participant], providers: Sequence[Provider]
) -> None:
    """Every pin and exclusion names people in the files, reported where the pair was written."""
    people = {p.id for p in participants}
    others = {q.id for q in providers}
    for ref in [*pins, *exclusions]:
        if ref.participant_id not in people:
            raise ref.error(f"unknown participant id {ref.participant_id!r}", "participant_id")
        if ref.provider_id not in others:
            raise ref.error(f"unknown provider id {ref.provider_id!r}", "provider_id")


#: A round as the engine returns it: the plan, the problem, the candidate pairs and the pins (row: column).
Run = tuple[MatchResult, _Problem, Candidates, dict[int, int]]


def _solve(
    participants: list[Participant],
    providers: list[Provider],
    config: Config,
    pins: list[PairRef],
    exclusions: list[PairRef],
    ids: set[str] | None,
    every: bool,
) -> Run:
    """One round of the plan (``every``: with every candidate pair, for ``--all-pairs``); a pin the engine
    refuses is reported at the place it was written."""
    mine = [ref for ref in pins if ids is None or ref.provider_id in ids]
    excluded = [ref.pair for ref in exclusions if ids is None or ref.provider_id in ids]
    try:
        run: Run = _run(participants, providers, config, [ref.pair for ref in mine], excluded, all_pairs=every)
        return run
    except PinError as e:
        message = str(e).removeprefix("pins: ")
        ref = next(ref for ref in mine if ref.pair == e.pair)
        raise ref.error(message) from None


@contextlib.contextmanager
def _output(path: str | Path) -> Iterator[IO[str]]:
    """Standard output for ``-``; else a file written in full or not at all (a temporary file, then renamed)."""
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(path)
    if path.exists() and not path.is_file():
        # A device or a pipe (/dev/null, /dev/stdout): written to as it is; renaming onto it would replace it.
        try:
            with open(path, "w", encoding="utf-8", newline="") as out:
                yield out
        except OSError as e:
            raise InputError(path, None, None, f"cannot write the file ({e.strerror})") from None
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise InputError(path, None, None, f"cannot write the file ({e.strerror})") from None
    try:
        # mkstemp makes a private file (0600): give the plan the mode a file written in place would have.
        os.fchmod(fd, _mode_for(path))
        with open(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(tmp, path)
    except OSError as e:
        raise InputError(path, None, None, f"cannot write the file ({e.strerror})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _mode_for(path: Path) -> int:
    """The mode of the file being replaced, else that of a new file under the umask (0644 under umask 022)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        pass
    umask = os.umask(0o022)  # reading the umask means setting it; put it back at once
    os.umask(umask)
    return 0o666 & ~umask


def _write_plan(out: IO[str], fmt: str, rounds: list[tuple[str, MatchResult]], with_round: bool) -> None:
    if fmt == "json":
        if with_round:
            payload: Any = {
                "rounds": [{"round": name, "stats": _stats(r), "rows": result_rows(r, name)} for name, r in rounds]
            }
        else:
            rows = [_without_round(row) for row in result_rows(rounds[0][1])]
            payload = {"result": {"stats": _stats(rounds[0][1]), "rows": rows}}
        json.dump(payload, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    rows = [row for name, result in rounds for row in result_rows(result, name)]
    if not with_round:
        rows = [_without_round(row) for row in rows]
    write_table(csv_cells(rows), RESULT_COLUMNS if with_round else RESULT_COLUMNS[1:], out, "csv")


def _without_round(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "round"}


def _stats(result: MatchResult) -> dict[str, Any]:
    return dict(result.stats.__dict__)


ALL_PAIRS_COLUMNS = ["participant_id", "provider_id", "provider_capacity", "pinned", "score"]
ALL_PAIRS_COLUMNS += [f"part_{p}" for p in PARTS]


def _write_all_pairs(out: IO[str], fmt: str, rounds: list[tuple[str, Run]], with_round: bool) -> None:
    """Every scored candidate pair (and the pins), with provider capacities, so anyone can re-solve."""
    rows = [
        row
        for name, (_, prob, cand, pins) in rounds
        for row in _all_pairs(prob, cand, pins, name if with_round else None)
    ]
    write_table(rows, ["round", *ALL_PAIRS_COLUMNS] if with_round else ALL_PAIRS_COLUMNS, out, fmt)


def _all_pairs(
    prob: _Problem, cand: Candidates, pinned: dict[int, int], round_name: str | None
) -> list[dict[str, Any]]:
    s = prob.scorer
    rows_i = np.r_[cand.rows, np.array(sorted(pinned), dtype=np.int64)]
    cols_j = np.r_[cand.cols, np.array([pinned[i] for i in sorted(pinned)], dtype=np.int64)]
    parts = s.parts(rows_i, cols_j) if len(rows_i) else np.zeros((0, len(PARTS)), dtype=np.int32)
    head: dict[str, Any] = {} if round_name is None else {"round": round_name}
    out_rows = []
    for k, (i, j) in enumerate(zip(rows_i.tolist(), cols_j.tolist(), strict=True)):
        q = prob.providers[j]
        out_rows.append(
            {
                **head,
                "participant_id": prob.participants[i].id,
                "provider_id": q.id,
                "provider_capacity": q.capacity,
                "pinned": k >= len(cand.rows),
                "score": int(parts[k].sum()),
                **{f"part_{p}": int(v) for p, v in zip(PARTS, parts[k].tolist(), strict=True)},
            }
        )
    return out_rows
