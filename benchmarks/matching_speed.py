"""Speed of the matching engine on 10,000 synthetic proposals and 10,000 needs.

Run from the repository root:  .venv/bin/python benchmarks/matching_speed.py [--n 10000] [--samples 200]

Prints the index build time, p50/p95 of ranking one need against all proposals, the time to score
all needs × proposals keeping the top 10 per need (with and without reasons), and the time of a
matchmaking round over all of them with capacities, each next to its target (DESIGN §4, issue 3).
The data come from benchmarks/matching_synth.py with fixed seeds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import matching_synth  # noqa: E402
from kyky.matching import text  # noqa: E402
from kyky.matching.engine import ProposalIndex, score_all  # noqa: E402
from kyky.matching.rounds import plan_round  # noqa: E402

TARGETS = {"build": 3.0, "p50": 0.005, "p95": 0.050, "all_pairs": 5.0, "round": 5.0}  # issue 13 (p95: issue 3)


def _line(label: str, seconds: float, target: float, unit: str = "s", cpu: float | None = None) -> bool:
    ok = seconds <= target
    scale = 1000 if unit == "ms" else 1
    extra = f"  (cpu {cpu * scale:.2f} {unit})" if cpu is not None else ""
    print(
        f"{label:<46} {seconds * scale:9.2f} {unit:<2}  target <= {target * scale:g} {unit}  "
        f"{'PASS' if ok else 'FAIL'}{extra}"
    )
    return ok


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """Result, wall seconds and CPU seconds (all threads) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    """Run the benchmark; exit status 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="proposals and needs to generate (default 10000)")
    parser.add_argument("--samples", type=int, default=200, help="needs to time one by one (default 200)")
    args = parser.parse_args()

    t = time.perf_counter()
    proposals = matching_synth.proposals(args.n, seed=1)
    needs = matching_synth.needs(args.n, seed=2)
    print(f"generated {len(proposals)} proposals and {len(needs)} needs in {time.perf_counter() - t:.2f} s")

    load = os.getloadavg()[0]
    print(
        f"load average {load:.2f} on {os.cpu_count()} cores"
        + ("  (busy: wall times are inflated)" if load > 0.5 else "")
    )

    results = []
    # The lemmatiser's Finnish, Swedish and English word lists are opened once per process (memory-
    # mapped tries, kyky/matching/lemmas.py; the glossary's concepts need all three), timed apart.
    _, wall, cpu = _timed(text.concepts)
    print(f"opening the lemmatiser's word lists (once per process) took {wall:.2f} s, cpu {cpu:.2f} s")
    # The first build also fills the lemma cache (lemmas and compound parts of every new word).
    index, wall, cpu = _timed(lambda: ProposalIndex.build(proposals))
    results.append(_line("index build (cold lemma cache)", wall, TARGETS["build"], cpu=cpu))
    _, wall, cpu = _timed(lambda: ProposalIndex.build(proposals))
    _line("  (again, warm cache)", wall, TARGETS["build"], cpu=cpu)

    timings, cpu_timings = [], []
    for need in needs[: args.samples]:
        t, c = time.perf_counter(), time.process_time()
        index.rank_need(need, limit=10)
        timings.append(time.perf_counter() - t)
        cpu_timings.append(time.process_time() - c)
    for label, q in (("p50", 50), ("p95", 95)):
        wall, cpu = float(np.percentile(timings, q)), float(np.percentile(cpu_timings, q))
        results.append(_line(f"rank one need, {label} of {len(timings)}", wall, TARGETS[label], "ms", cpu=cpu))

    # Stem the needs' vocabulary once, so the two runs below compare like with like.
    _, wall, cpu = _timed(lambda: index.encode_needs(needs))
    print(f"  (vectorising the needs for the first time took {wall:.2f} s, cpu {cpu:.2f} s)")
    top, wall, cpu = _timed(lambda: score_all(needs, index, top_k=10))
    label = f"all {len(needs)}×{len(proposals)} pairs, top 10, with reasons"
    results.append(_line(label, wall, TARGETS["all_pairs"], cpu=cpu))
    _, wall, cpu = _timed(lambda: score_all(needs, index, top_k=10, with_reasons=False))
    _line("  (the same without reasons)", wall, TARGETS["all_pairs"], cpu=cpu)
    print(f"  needs with at least one match: {sum(bool(v) for v in top.values())}")

    matches, wall, cpu = _timed(lambda: plan_round(needs, proposals, candidates_per_need=50, index=index))
    results.append(_line("round, 50 candidates per need (index built)", wall, TARGETS["round"], cpu=cpu))
    print(f"  assigned {len(matches)} of {len(needs)} needs, total score {sum(m.score for m in matches):.1f}")

    print(f"load average at the end {os.getloadavg()[0]:.2f} (cpu: seconds of CPU the process used, all threads)")
    passed = all(results)
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
