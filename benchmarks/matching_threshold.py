"""Where the minimum fit (kyky.matching.engine.MIN_FIT) cuts the labelled sets' fits and non-fits.

Run from the repository root:  .venv/bin/python benchmarks/matching_threshold.py

For both labelled sets (benchmarks/data/) every feasible need–proposal pair the engine ranks is
scored; the table prints, for each candidate threshold, the share of the non-fits (grade 0) that a
matches page or a round would still show, and the share of the fits (grade ≥ 1) and of the excellent
fits (grade 2) it keeps. MIN_FIT is the threshold the matches pages use and rounds take by default.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matching_quality

from kyky.matching.engine import MIN_FIT, ProposalIndex

THRESHOLDS = (0.25, 0.30, 0.35, 0.40, 0.45, 0.50)


def scores_by_grade(path: Path) -> dict[int, np.ndarray]:
    proposals, needs, judged = matching_quality.load_eval(path)
    index = ProposalIndex.build(proposals)
    found: dict[int, list[float]] = {0: [], 1: [], 2: []}
    for need in needs:
        for match in index.rank_need(need, len(proposals)):
            found[judged.get(need.id, {}).get(match.proposal_id, 0)].append(match.score)
    return {grade: np.array(values) for grade, values in found.items()}


def main() -> None:
    print(f"MIN_FIT = {MIN_FIT:.2f}")
    for path in (matching_quality.DATA, matching_quality.DATA.parent / "matching_eval_hard.json"):
        by_grade = scores_by_grade(path)
        non_fits, fits, excellent = by_grade[0], np.concatenate((by_grade[1], by_grade[2])), by_grade[2]
        print(f"\n{path.name}: {len(non_fits)} feasible non-fits, {len(fits)} fits ({len(excellent)} excellent)")
        print(f"  lowest fit {fits.min():.3f}, lowest excellent fit {excellent.min():.3f}")
        print("  threshold  non-fits shown  fits kept  excellent kept")
        for threshold in sorted({*THRESHOLDS, MIN_FIT}):
            mark = "  <- MIN_FIT" if threshold == MIN_FIT else ""
            print(
                f"  {threshold:9.2f}  {np.mean(non_fits >= threshold):14.0%}  {np.mean(fits >= threshold):9.0%}"
                f"  {np.mean(excellent >= threshold):14.0%}{mark}"
            )


if __name__ == "__main__":
    main()
