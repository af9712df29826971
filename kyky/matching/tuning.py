"""Learning a municipality's score weights from its "not a fit" answers (plain numpy and scipy).

Each comparison is a pair someone preferred (applied to, or accepted) and a pair someone of the same
municipality hid as "not a fit", seen on the same need's or the same proposal's page. With ``d`` the
difference of their unweighted parts (:func:`kyky.matching.engine.pair_parts`) and ``w`` the weights
(text, subjects, levels, time, and minus the purpose penalty), the preferred pair should score higher:
``d·w > 0``. The weights minimise

    Σ log(1 + exp(−d·w / T))  +  PRIOR · Σ ((w − w₀) / SCALE)²

a pairwise logistic loss (RankNet's, for a linear score) plus a Gaussian prior centred on the default
weights w₀, so that a few answers move the weights a little and many consistent ones move them more,
under hard bounds: the four parts' weights stay non-negative and sum to 1, and no weight moves more
than MAX_SHIFT from its default. With T = 0.05 a comparison is settled once the preferred pair leads
by about 0.15 (a sixth of the score's range), so comparisons the defaults already get right barely
pull, and the fit spends its freedom on the ones they get wrong. SLSQP solves it (five variables).

Nothing is learned below MIN_HIDDEN hidden pairs or MIN_COMPARISONS comparisons: the defaults stay.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from kyky.matching.engine import TUNED_FIELDS, Weights, parts_vector

MIN_HIDDEN = 20  # hidden pairs in a municipality before its weights are learned
MIN_COMPARISONS = 20  # preferred-vs-hidden comparisons they must take part in
MAX_SHIFT = 0.15  # no tuned weight moves further than this from its default
TEMPERATURE = 0.05
PRIOR = 2.0  # the prior weighs like this many comparisons per SCALE of change
SCALE = 0.1


@dataclass(frozen=True)
class Fit:
    """Learned weights and what they were learned from (the loss with the defaults and with them)."""

    weights: Weights
    comparisons: int
    loss_before: float
    loss_after: float
    agreement_before: float  # share of comparisons where the preferred pair scores higher
    agreement_after: float


def _loss(vector: np.ndarray, differences: np.ndarray) -> float:
    return float(np.logaddexp(0.0, -(differences @ vector) / TEMPERATURE).mean())


def fit_weights(preferred: np.ndarray, hidden: np.ndarray, base: Weights) -> Fit | None:
    """Weights under which each ``preferred[i]`` pair outranks ``hidden[i]`` (rows of pair parts).

    Returns None with fewer than MIN_COMPARISONS comparisons. The result differs from ``base`` only in
    :data:`~kyky.matching.engine.TUNED_FIELDS`.
    """
    preferred, hidden = np.asarray(preferred, dtype=np.float64), np.asarray(hidden, dtype=np.float64)
    if len(preferred) != len(hidden):
        raise ValueError("preferred and hidden must pair up")
    if len(preferred) < MIN_COMPARISONS:
        return None
    differences = preferred - hidden
    # Variables: the four parts' weights and the penalty, all positive; the score uses −penalty.
    sign = np.array([1.0, 1.0, 1.0, 1.0, -1.0])
    start = np.abs(parts_vector(base))
    n = len(differences)

    def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
        margin = differences @ (sign * x) / TEMPERATURE
        loss = np.logaddexp(0.0, -margin)
        # d/dx log(1 + e^(−m)) = −σ(−m) · dm/dx
        gradient = -(1.0 / (1.0 + np.exp(margin))) @ differences * sign / TEMPERATURE
        prior = PRIOR * np.sum(((x - start) / SCALE) ** 2)
        return float(loss.sum() + prior) / n, (gradient + 2 * PRIOR * (x - start) / SCALE**2) / n

    bounds = [(max(0.0, w - MAX_SHIFT), w + MAX_SHIFT) for w in start]
    bounds[4] = (bounds[4][0], min(1.0, bounds[4][1]))  # the penalty stays within [0, 1] too
    result = minimize(
        objective,
        start,
        jac=True,
        method="SLSQP",
        bounds=bounds,
        constraints=[{"type": "eq", "fun": lambda x: x[:4].sum() - 1.0, "jac": lambda x: np.r_[np.ones(4), 0.0]}],
        options={"maxiter": 200, "ftol": 1e-10},
    )
    x = np.clip(result.x, [lo for lo, _ in bounds], [hi for _, hi in bounds])
    x[:4] /= x[:4].sum()  # exact sum despite the solver's tolerance
    learned = dataclasses.replace(base, **{name: float(v) for name, v in zip(TUNED_FIELDS, x, strict=True)})
    after = parts_vector(learned)
    return Fit(
        weights=learned,
        comparisons=n,
        loss_before=_loss(parts_vector(base), differences),
        loss_after=_loss(after, differences),
        agreement_before=float(np.mean(differences @ parts_vector(base) > 0)),
        agreement_after=float(np.mean(differences @ after > 0)),
    )
