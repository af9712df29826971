"""Ranking quality of the matching engine on the hand-labelled set in benchmarks/data/matching_eval.json.

Run from the repository root:  .venv/bin/python benchmarks/matching_quality.py [-v]

Prints NDCG@5 and precision@3 averaged over the needs, the number of infeasible pairs returned
(checked by an implementation of DESIGN §4 written here, independent of the engine), and PASS/FAIL
against the targets. Precision@3 is the share of the top 3 with grade ≥ 1, divided by what is
achievable: a need with only one relevant proposal scores 1.0 when it ranks it in its top 3.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kyky.matching.engine import NeedDoc, ProposalDoc, ProposalIndex  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "matching_eval.json"
TARGET_NDCG5 = 0.85
TARGET_P3 = 0.75


def load_eval(path: Path = DATA) -> tuple[list[ProposalDoc], list[NeedDoc], dict[int, dict[int, int]]]:
    """Proposals, needs and graded judgments (need id → proposal id → grade) from the JSON file."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    proposals = [
        ProposalDoc(
            id=p["id"],
            title=p["title"],
            summary=p["summary"],
            description=p["description"],
            subjects=frozenset(p["subjects"]),
            levels=frozenset(p["levels"]),
            languages=frozenset(p["languages"]),
            starts_on=date.fromisoformat(p["starts_on"]),
            ends_on=date.fromisoformat(p["ends_on"]),
            delivery=p["delivery"],
            municipalities=frozenset(p["municipalities"]),
            capacity_left=p["capacity_left"],
            published=p.get("published", True),
        )
        for p in raw["proposals"]
    ]
    needs = [
        NeedDoc(
            id=n["id"],
            title=n["title"],
            description=n["description"],
            subjects=frozenset(n["subjects"]),
            levels=frozenset(n["levels"]),
            language=n["language"],
            starts_on=date.fromisoformat(n["starts_on"]),
            ends_on=date.fromisoformat(n["ends_on"]),
            municipality=n["municipality"],
            accepts_remote=n["accepts_remote"],
        )
        for n in raw["needs"]
    ]
    judgments = {n["id"]: {int(k): int(v) for k, v in n["judgments"].items()} for n in raw["needs"]}
    return proposals, needs, judgments


def feasible(need: NeedDoc, proposal: ProposalDoc) -> bool:
    """DESIGN §4's hard constraints, written out again so the engine's masks are checked against it."""
    if not proposal.published or proposal.capacity_left <= 0:
        return False
    if not set(need.levels) & set(proposal.levels):
        return False
    if need.language not in proposal.languages:
        return False
    first, last = max(need.starts_on, proposal.starts_on), min(need.ends_on, proposal.ends_on)
    if (last - first).days + 1 < 21:
        return False
    in_area = len(proposal.municipalities) == 0 or need.municipality in proposal.municipalities
    return {
        "onsite": in_area,
        "remote": need.accepts_remote,
        "hybrid": need.accepts_remote or in_area,
    }.get(proposal.delivery, False)


def dcg(grades: list[int]) -> float:
    """Discounted cumulative gain with exponential gain."""
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def evaluate(verbose: bool = False) -> dict[str, float]:
    """Rank every need and return the averaged metrics."""
    proposals, needs, judgments = load_eval()
    by_id = {p.id: p for p in proposals}
    index = ProposalIndex.build(proposals)
    ndcgs, precisions, infeasible, returned = [], [], 0, 0
    for need in needs:
        judged = judgments[need.id]
        for pid, grade in judged.items():
            if grade > 0 and not feasible(need, by_id[pid]):
                print(f"warning: need {need.id} judges infeasible proposal {pid} relevant", file=sys.stderr)
        matches = index.rank_need(need, limit=10)
        returned += len(matches)
        infeasible += sum(not feasible(need, by_id[m.proposal_id]) for m in matches)
        grades = [judged.get(m.proposal_id, 0) for m in matches]
        ideal = sorted((g for g in judged.values() if g > 0), reverse=True)
        relevant = len(ideal)
        if relevant == 0:
            continue
        ndcg = dcg(grades[:5]) / dcg(ideal[:5])
        precision = sum(g >= 1 for g in grades[:3]) / min(3, relevant)
        ndcgs.append(ndcg)
        precisions.append(precision)
        if verbose or ndcg < 0.999:
            top = ", ".join(f"{m.proposal_id}:{judged.get(m.proposal_id, 0)}({m.score:.2f})" for m in matches[:5])
            print(f"need {need.id:>4} ndcg@5={ndcg:.3f} p@3={precision:.2f}  top: {top}  wanted: {judged}")
    return {
        "needs": len(ndcgs),
        "ndcg5": sum(ndcgs) / len(ndcgs),
        "p3": sum(precisions) / len(precisions),
        "infeasible": infeasible,
        "returned": returned,
    }


def main() -> int:
    """Print the metrics and PASS/FAIL; exit status 1 on FAIL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every need's top 5")
    args = parser.parse_args()
    result = evaluate(verbose=args.verbose)
    ok_ndcg = result["ndcg5"] >= TARGET_NDCG5
    ok_p3 = result["p3"] >= TARGET_P3
    ok_feasible = result["infeasible"] == 0
    print(f"needs evaluated:      {result['needs']}  (matches returned: {result['returned']})")
    print(f"NDCG@5:               {result['ndcg5']:.3f}  target >= {TARGET_NDCG5}  {'PASS' if ok_ndcg else 'FAIL'}")
    print(f"precision@3:          {result['p3']:.3f}  target >= {TARGET_P3}  {'PASS' if ok_p3 else 'FAIL'}")
    print(f"infeasible returned:  {result['infeasible']}  target = 0  {'PASS' if ok_feasible else 'FAIL'}")
    passed = ok_ndcg and ok_p3 and ok_feasible
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
