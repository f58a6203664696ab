"""Inter-reviewer agreement on claim verdicts: Krippendorff's α, Fleiss' κ and Cohen's κ per pair.

Definitions (the README repeats them for readers of the dashboard):

- Only claims with at least two verdicts take part ("pairable" claims): a single verdict cannot
  agree or disagree with anyone.
- **Krippendorff's α** (nominal, over the three labels): 1 − observed / expected disagreement, for
  any number of reviewers per claim and with missing values (reviewers who did not judge a claim).
  Computed by the maintained ``krippendorff`` package from the per-claim label counts.
- **Fleiss' κ** needs the same number of ratings for every unit, so it is computed over the claims
  that have exactly the *modal* number of verdicts (the most common count; ties → the larger count).
- **Cohen's κ** for every pair of reviewers who both judged at least ``MIN_SHARED`` claims, with the
  3 × 3 confusion matrix of their labels (rows: the first reviewer, columns: the second).

Each figure comes with ``n``, the number of claims it rests on. A figure is ``None`` where it is
undefined (no data, or chance agreement of 1, e.g. every verdict has the same label).

Cost: the project's (claim, reviewer, label) triples for claims with ≥ 2 verdicts are streamed from
the database in claim order (``values_list(...).iterator()``), so memory holds one claim's verdicts,
one count row per pairable claim (3 integers) and one 3 × 3 matrix per reviewer pair; time is linear
in the number of those verdicts (plus k² per claim with k reviewers for the pair matrices).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import krippendorff
import numpy as np
from django.db.models import Count

from .models import Label, Project, Verdict

LABELS: tuple[str, ...] = tuple(Label.values)
MIN_SHARED = 10
STREAM_CHUNK = 5000


# ---- the three statistics on plain tables -------------------------------------------------------


def krippendorff_alpha(value_counts: Sequence[Sequence[int]]) -> float | None:
    """Nominal α from a units × categories table of counts (missing ratings simply are not counted)."""
    rows = [list(r) for r in value_counts if sum(r) >= 2]
    if not rows:
        return None
    table = np.array(rows, dtype=float)
    if np.count_nonzero(table.sum(axis=0)) < 2:
        return None  # one category only: expected disagreement is 0, α undefined
    value = krippendorff.alpha(
        value_counts=table, value_domain=list(range(table.shape[1])), level_of_measurement="nominal"
    )
    return None if math.isnan(value) else float(value)


def krippendorff_alpha_from_ratings(units: Iterable[Mapping[Hashable, Hashable]]) -> float | None:
    """Nominal α from ``{rater: value}`` per unit (any values, any raters, missing allowed)."""
    units = list(units)
    values = sorted({v for unit in units for v in unit.values()}, key=str)
    index = {v: i for i, v in enumerate(values)}
    table = []
    for unit in units:
        row = [0] * len(values)
        for value in unit.values():
            row[index[value]] += 1
        table.append(row)
    return krippendorff_alpha(table)


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> float | None:
    """Fleiss' κ from a subjects × categories table where every row sums to the same number of raters."""
    if not counts:
        return None
    raters = sum(counts[0])
    if raters < 2 or any(sum(row) != raters for row in counts):
        raise ValueError("Fleiss' κ needs the same number (≥ 2) of ratings in every row.")
    subjects = len(counts)
    categories = len(counts[0])
    p_j = [sum(row[j] for row in counts) / (subjects * raters) for j in range(categories)]
    p_i = [(sum(c * c for c in row) - raters) / (raters * (raters - 1)) for row in counts]
    p_bar = sum(p_i) / subjects
    p_e = sum(p * p for p in p_j)
    if math.isclose(p_e, 1.0):
        return None
    return (p_bar - p_e) / (1 - p_e)


def cohen_kappa(matrix: Sequence[Sequence[int]]) -> float | None:
    """Cohen's κ from a square confusion matrix (rows: rater A's category, columns: rater B's)."""
    n = sum(sum(row) for row in matrix)
    if n == 0:
        return None
    k = len(matrix)
    p_o = sum(matrix[i][i] for i in range(k)) / n
    rows = [sum(matrix[i]) / n for i in range(k)]
    cols = [sum(matrix[i][j] for i in range(k)) / n for j in range(k)]
    p_e = sum(r * c for r, c in zip(rows, cols, strict=True))
    if math.isclose(p_e, 1.0):
        return None
    return (p_o - p_e) / (1 - p_e)


# ---- a project's figures ------------------------------------------------------------------------


@dataclass
class PairAgreement:
    """Cohen's κ and confusion matrix of two reviewers over the claims both judged."""

    reviewer_a: Any
    reviewer_b: Any
    n: int
    kappa: float | None
    observed: float
    matrix: list[list[int]]

    def as_dict(self, names: Mapping[Any, str]) -> dict[str, Any]:
        return {
            "reviewer_a": names.get(self.reviewer_a, str(self.reviewer_a)),
            "reviewer_b": names.get(self.reviewer_b, str(self.reviewer_b)),
            "n": self.n,
            "kappa": _round(self.kappa),
            "observed_agreement": _round(self.observed),
            "labels": list(LABELS),
            "matrix": self.matrix,
        }


@dataclass
class Agreement:
    """Every agreement figure of a set of verdicts, each with the number of claims it rests on."""

    claims: int = 0  # claims with ≥ 2 verdicts
    alpha: float | None = None
    alpha_n: int = 0
    fleiss: float | None = None
    fleiss_n: int = 0
    fleiss_raters: int | None = None
    pairs: list[PairAgreement] = field(default_factory=list)
    min_shared: int = MIN_SHARED

    def as_dict(self, names: Mapping[Any, str]) -> dict[str, Any]:
        return {
            "labels": list(LABELS),
            "claims_with_two_or_more_verdicts": self.claims,
            "krippendorff_alpha": {"value": _round(self.alpha), "n": self.alpha_n},
            "fleiss_kappa": {"value": _round(self.fleiss), "n": self.fleiss_n, "raters": self.fleiss_raters},
            "cohen_kappa_min_shared": self.min_shared,
            "cohen_kappa": [p.as_dict(names) for p in self.pairs],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def compute(triples: Iterable[tuple[Any, Any, str]], *, min_shared: int = MIN_SHARED) -> Agreement:
    """All figures from ``(claim, reviewer, label)`` triples **ordered by claim** (streamed, one pass)."""
    index = {label: i for i, label in enumerate(LABELS)}
    counts: list[list[int]] = []  # per pairable claim, for α
    by_size: dict[int, list[list[int]]] = defaultdict(list)  # per number of verdicts, for Fleiss
    matrices: dict[tuple[Any, Any], list[list[int]]] = {}
    for _claim, group in itertools.groupby(triples, key=lambda t: t[0]):
        ratings = sorted(((reviewer, label) for _, reviewer, label in group), key=lambda r: str(r[0]))
        if len(ratings) < 2:
            continue
        row = [0] * len(LABELS)
        for _, label in ratings:
            row[index[label]] += 1
        counts.append(row)
        by_size[len(ratings)].append(row)
        for (a, la), (b, lb) in itertools.combinations(ratings, 2):
            matrix = matrices.setdefault((a, b), [[0] * len(LABELS) for _ in LABELS])
            matrix[index[la]][index[lb]] += 1
    result = Agreement(claims=len(counts), min_shared=min_shared)
    result.alpha = krippendorff_alpha(counts)
    result.alpha_n = len(counts)
    if by_size:
        # The modal number of verdicts per claim; a tie goes to the larger number (more raters).
        modal = max(by_size, key=lambda size: (len(by_size[size]), size))
        result.fleiss_raters = modal
        result.fleiss_n = len(by_size[modal])
        result.fleiss = fleiss_kappa(by_size[modal])
    for (a, b), matrix in matrices.items():
        n = sum(map(sum, matrix))
        if n < min_shared:
            continue
        observed = sum(matrix[i][i] for i in range(len(LABELS))) / n
        result.pairs.append(PairAgreement(a, b, n, cohen_kappa(matrix), observed, matrix))
    result.pairs.sort(key=lambda p: (str(p.reviewer_a), str(p.reviewer_b)))
    return result


def project_triples(project: Project) -> Iterable[tuple[str, str, str]]:
    """The project's ``(claim id, reviewer username, label)`` for claims with ≥ 2 verdicts, by claim.

    One query, streamed in chunks: the subquery keeps single-verdict claims out on the database side.
    """
    pairable = (
        Verdict.objects.filter(claim__project=project)
        .order_by()
        .values("claim_id")
        .annotate(k=Count("id"))
        .filter(k__gte=2)
        .values("claim_id")
    )
    return (
        Verdict.objects.filter(claim__project=project, claim_id__in=pairable)
        .order_by("claim_id", "reviewer__username")
        .values_list("claim_id", "reviewer__username", "label")
        .iterator(chunk_size=STREAM_CHUNK)
    )


def project_agreement(project: Project, *, min_shared: int = MIN_SHARED) -> Agreement:
    """The agreement figures of ``project`` (one streamed query)."""
    return compute(project_triples(project), min_shared=min_shared)
