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

Cost: nothing is scanned in Python. ``project_agreement`` runs two aggregate queries: claims counted
per label pattern (GROUP BY claim, then GROUP BY the (confirmed, disputed, unverified) counts), and
label pairs counted per reviewer pair (a self-join of the verdicts on the claim, Σ k² rows per claim
with k verdicts, aggregated in the database). What comes back is a few dozen rows whatever the size of
the project; the α and Fleiss tables are rebuilt from the patterns with numpy.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import krippendorff
import numpy as np
from django.contrib.auth import get_user_model
from django.db import connection

from .models import Claim, Label, Project, Verdict

LABELS: tuple[str, ...] = tuple(Label.values)
MIN_SHARED = 10
STREAM_CHUNK = 5000


# ---- the three statistics on plain tables -------------------------------------------------------


def krippendorff_alpha(value_counts: Sequence[Sequence[int]] | np.ndarray) -> float | None:
    """Nominal α from a units × categories table of counts (missing ratings simply are not counted)."""
    table = np.asarray(value_counts, dtype=float)
    if table.ndim != 2 or table.size == 0:
        return None
    table = table[table.sum(axis=1) >= 2]  # a unit with one rating cannot be paired
    if table.shape[0] == 0 or np.count_nonzero(table.sum(axis=0)) < 2:
        return None  # no pairable unit, or one category only: expected disagreement is 0, α undefined
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


def fleiss_kappa(counts: Sequence[Sequence[int]], weights: Sequence[int] | None = None) -> float | None:
    """Fleiss' κ from a subjects × categories table where every row sums to the same number of raters.

    ``weights[i]`` says how many subjects have row ``i`` (default: one each), so a table of distinct
    label patterns with their counts gives the same κ as the full table.
    """
    if not counts:
        return None
    weights = [1] * len(counts) if weights is None else list(weights)
    raters = sum(counts[0])
    if raters < 2 or any(sum(row) != raters for row in counts):
        raise ValueError("Fleiss' κ needs the same number (≥ 2) of ratings in every row.")
    subjects = sum(weights)
    categories = len(counts[0])
    p_j = [
        sum(w * row[j] for row, w in zip(counts, weights, strict=True)) / (subjects * raters) for j in range(categories)
    ]
    p_i = [(sum(c * c for c in row) - raters) / (raters * (raters - 1)) for row in counts]
    p_bar = sum(w * p for p, w in zip(p_i, weights, strict=True)) / subjects
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


# A "pattern" is one claim's label counts, e.g. (2, 1, 0) = two confirmed, one disputed; claims with the
# same pattern contribute the same to α and κ, so the database can count claims per pattern.
Pattern = tuple[int, ...]


def figures(
    patterns: Mapping[Pattern, int],
    pair_cells: Mapping[tuple[Any, Any, str, str], int],
    *,
    min_shared: int = MIN_SHARED,
) -> Agreement:
    """All figures from claims per label pattern (claims with ≥ 2 verdicts) and pair label counts.

    ``pair_cells[(a, b, label_a, label_b)]`` counts the claims on which reviewer ``a`` said ``label_a``
    and ``b`` said ``label_b``; pairs are put in name order (the matrix transposed as needed).
    """
    patterns = {p: w for p, w in patterns.items() if sum(p) >= 2 and w}
    result = Agreement(claims=sum(patterns.values()), min_shared=min_shared)
    if patterns:
        table = np.repeat(np.array(list(patterns), dtype=float), list(patterns.values()), axis=0)
        result.alpha, result.alpha_n = krippendorff_alpha(table), result.claims
        by_size: dict[int, int] = defaultdict(int)
        for pattern, weight in patterns.items():
            by_size[sum(pattern)] += weight
        # The modal number of verdicts per claim; a tie goes to the larger number (more raters).
        modal = max(by_size, key=lambda size: (by_size[size], size))
        modal_patterns = {p: w for p, w in patterns.items() if sum(p) == modal}
        result.fleiss_raters, result.fleiss_n = modal, by_size[modal]
        result.fleiss = fleiss_kappa([list(p) for p in modal_patterns], list(modal_patterns.values()))
    index = {label: i for i, label in enumerate(LABELS)}
    matrices: dict[tuple[Any, Any], list[list[int]]] = {}
    for (a, b, la, lb), n in pair_cells.items():
        if str(b) < str(a):
            a, b, la, lb = b, a, lb, la
        matrix = matrices.setdefault((a, b), [[0] * len(LABELS) for _ in LABELS])
        matrix[index[la]][index[lb]] += n
    for (a, b), matrix in matrices.items():
        n = sum(map(sum, matrix))
        if n < min_shared:
            continue
        observed = sum(matrix[i][i] for i in range(len(LABELS))) / n
        result.pairs.append(PairAgreement(a, b, n, cohen_kappa(matrix), observed, matrix))
    result.pairs.sort(key=lambda p: (str(p.reviewer_a), str(p.reviewer_b)))
    return result


def compute(triples: Iterable[tuple[Any, Any, str]], *, min_shared: int = MIN_SHARED) -> Agreement:
    """All figures from ``(claim, reviewer, label)`` triples ordered by claim (the reference path)."""
    patterns: dict[Pattern, int] = defaultdict(int)
    cells: dict[tuple[Any, Any, str, str], int] = defaultdict(int)
    for _claim, group in itertools.groupby(triples, key=lambda t: t[0]):
        ratings = [(reviewer, label) for _, reviewer, label in group]
        if len(ratings) < 2:
            continue
        patterns[tuple(sum(1 for _, given in ratings if given == label) for label in LABELS)] += 1
        for (a, la), (b, lb) in itertools.combinations(ratings, 2):
            cells[(a, b, la, lb)] += 1
    return figures(patterns, cells, min_shared=min_shared)


def _patterns_sql() -> str:
    counts = ", ".join(
        f"SUM(CASE WHEN v.label = '{label}' THEN 1 ELSE 0 END) AS n{i}" for i, label in enumerate(LABELS)
    )
    columns = ", ".join(f"n{i}" for i in range(len(LABELS)))
    return f"""
        SELECT {columns}, COUNT(*) FROM (
            SELECT {counts}
            FROM {Verdict._meta.db_table} v JOIN {Claim._meta.db_table} c ON c.id = v.claim_id
            WHERE c.project_id = %s
            GROUP BY v.claim_id
            HAVING COUNT(*) >= 2
        ) per_claim
        GROUP BY {columns}
    """  # noqa: S608 - labels and table names are ours; the project id is a parameter


def _pairs_sql() -> str:
    user_table = get_user_model()._meta.db_table
    return f"""
        SELECT ua.username, ub.username, a.label, b.label, COUNT(*)
        FROM {Verdict._meta.db_table} a
        JOIN {Verdict._meta.db_table} b ON b.claim_id = a.claim_id AND b.reviewer_id > a.reviewer_id
        JOIN {Claim._meta.db_table} c ON c.id = a.claim_id
        JOIN {user_table} ua ON ua.id = a.reviewer_id
        JOIN {user_table} ub ON ub.id = b.reviewer_id
        WHERE c.project_id = %s
        GROUP BY ua.username, ub.username, a.label, b.label
    """  # noqa: S608 - table names are ours; the project id is a parameter


def project_agreement(project: Project, *, min_shared: int = MIN_SHARED) -> Agreement:
    """The agreement figures of ``project`` from two aggregate queries (no per-claim rows leave the database).

    1. claims per label pattern, over claims with ≥ 2 verdicts (GROUP BY claim, then by pattern);
    2. label pairs per reviewer pair (a self-join of the verdicts on the claim: Σ k² rows per claim
       with k verdicts are joined inside the database, a few dozen rows come back).
    """
    with connection.cursor() as cursor:
        cursor.execute(_patterns_sql(), [project.pk])
        patterns = {tuple(int(x) for x in row[:-1]): int(row[-1]) for row in cursor.fetchall()}
        cursor.execute(_pairs_sql(), [project.pk])
        cells = {(a, b, la, lb): int(n) for a, b, la, lb, n in cursor.fetchall()}
    return figures(patterns, cells, min_shared=min_shared)


def project_triples(project: Project) -> Iterator[tuple[int, str, str]]:
    """The project's ``(claim id, reviewer username, label)`` ordered by claim, streamed (for checks)."""
    return (
        Verdict.objects.filter(claim__project=project)
        .order_by("claim_id", "reviewer_id")
        .values_list("claim_id", "reviewer__username", "label")
        .iterator(chunk_size=STREAM_CHUNK)
    )
