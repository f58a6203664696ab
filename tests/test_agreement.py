"""Agreement figures against values computed by hand and textbook examples with published results."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from annotations import agreement, services
from annotations.agreement import (
    cohen_kappa,
    compute,
    fleiss_kappa,
    krippendorff_alpha,
    krippendorff_alpha_from_ratings,
)

C, D, U = "confirmed", "disputed", "unverified"


# ---- Fleiss' κ ----------------------------------------------------------------------------------


def test_fleiss_kappa_of_the_fleiss_1971_table_on_wikipedia_is_0_210():
    # 10 subjects, 14 raters, 5 categories (Wikipedia "Fleiss' kappa", worked example): κ = 0.210.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert round(fleiss_kappa(table), 3) == 0.210


def test_fleiss_kappa_of_a_small_three_label_table_matches_the_hand_computation():
    # Rows: [C, D, U] counts of 3 reviewers. p = (5, 3, 1)/9 → P_e = 35/81; P_i = 1, 1/3, 1/3 → P̄ = 45/81.
    # κ = (45/81 − 35/81) / (1 − 35/81) = 10/46 = 5/23.
    assert fleiss_kappa([[3, 0, 0], [2, 1, 0], [0, 2, 1]]) == pytest.approx(5 / 23)


def test_fleiss_kappa_of_weighted_patterns_equals_the_full_table():
    full = [[3, 0, 0], [3, 0, 0], [2, 1, 0], [0, 2, 1], [0, 2, 1], [0, 2, 1]]
    assert fleiss_kappa([[3, 0, 0], [2, 1, 0], [0, 2, 1]], [2, 1, 3]) == pytest.approx(fleiss_kappa(full))


def test_fleiss_kappa_refuses_rows_with_different_numbers_of_raters_and_is_undefined_for_one_label():
    with pytest.raises(ValueError):
        fleiss_kappa([[2, 0, 0], [1, 1, 1]])
    assert fleiss_kappa([[2, 0, 0], [2, 0, 0]]) is None
    assert fleiss_kappa([]) is None


# ---- Krippendorff's α ---------------------------------------------------------------------------


def test_krippendorff_alpha_of_krippendorffs_own_nominal_example_is_0_743():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", C.: nominal data, 4 coders,
    # 12 units, missing values (None). Published result: α = 0.743.
    coders = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [{coder: values[u] for coder, values in enumerate(coders) if values[u] is not None} for u in range(12)]
    assert round(krippendorff_alpha_from_ratings(units), 3) == 0.743


def test_krippendorff_alpha_of_a_small_three_label_table_matches_the_hand_computation():
    # Same table as the Fleiss case. Coincidences off the diagonal: unit 2 gives C–D twice (2·1/2 each
    # way), unit 3 gives D–U twice → 4; n = 9 → D_o = 4/9. n_c = (5, 3, 1): D_e = (81 − 35)/(9·8) = 46/72.
    # α = 1 − (4/9)/(46/72) = 1 − 288/414 = 7/23.
    assert krippendorff_alpha([[3, 0, 0], [2, 1, 0], [0, 2, 1]]) == pytest.approx(7 / 23)


def test_krippendorff_alpha_handles_missing_reviewers_and_ignores_units_with_one_value():
    # Two units with two ratings each (different reviewers), plus a unit with a single rating that
    # cannot be paired. Hand: o_CC = 2, o_CD = o_DC = 1 → D_o = 2/4; n_c = (3, 1): D_e = 6/12 → α = 0.
    with_single = [[2, 0, 0], [1, 1, 0], [0, 0, 1]]
    assert krippendorff_alpha(with_single) == pytest.approx(0.0)
    assert krippendorff_alpha([[2, 0, 0], [0, 2, 0]]) == pytest.approx(1.0)
    assert krippendorff_alpha([[2, 0, 0], [3, 0, 0]]) is None  # one label only: undefined
    assert krippendorff_alpha([[1, 0, 0]]) is None


# ---- Cohen's κ ----------------------------------------------------------------------------------


def test_cohen_kappa_of_the_wikipedia_example_is_0_4():
    # Wikipedia "Cohen's kappa": 50 grant proposals, Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15 → κ = 0.4.
    assert cohen_kappa([[20, 5], [10, 15]]) == pytest.approx(0.4)


def test_cohen_kappa_of_a_three_label_matrix_matches_the_hand_computation():
    # n = 12, p_o = 9/12; row marginals (5, 5, 2), column marginals (5, 4, 3) → p_e = 51/144.
    # κ = (108 − 51)/(144 − 51) = 57/93 = 19/31.
    assert cohen_kappa([[4, 1, 0], [1, 3, 1], [0, 0, 2]]) == pytest.approx(float(Fraction(19, 31)))
    assert cohen_kappa([[0, 0], [0, 0]]) is None
    assert cohen_kappa([[5, 0], [0, 0]]) is None


# ---- one pass over (claim, reviewer, label) triples ---------------------------------------------


def twelve_claims() -> list[tuple[int, str, str]]:
    """ann and bob on 12 claims (confusion matrix [[4,1,0],[1,3,1],[0,0,2]]), cat on the first 3 only."""
    pairs = [(C, C)] * 4 + [(C, D)] + [(D, C)] + [(D, D)] * 3 + [(D, U)] + [(U, U)] * 2
    triples = []
    for claim, (a, b) in enumerate(pairs, start=1):
        triples += [(claim, "ann", a), (claim, "bob", b)]
        if claim <= 3:
            triples.append((claim, "cat", C))
    triples.append((99, "ann", D))  # one verdict only: takes no part
    return sorted(triples)


def test_compute_gives_cohen_per_pair_with_at_least_ten_shared_claims_and_its_confusion_matrix():
    result = compute(twelve_claims())
    assert result.claims == 12
    assert [(p.reviewer_a, p.reviewer_b) for p in result.pairs] == [("ann", "bob")]  # cat shares only 3
    pair = result.pairs[0]
    assert pair.n == 12
    assert pair.matrix == [[4, 1, 0], [1, 3, 1], [0, 0, 2]]
    assert pair.kappa == pytest.approx(19 / 31)
    assert pair.observed == pytest.approx(9 / 12)
    assert [(p.reviewer_a, p.reviewer_b, p.n) for p in compute(twelve_claims(), min_shared=3).pairs] == [
        ("ann", "bob", 12),
        ("ann", "cat", 3),
        ("bob", "cat", 3),
    ]


def test_compute_takes_fleiss_over_the_claims_with_the_modal_number_of_reviewers():
    result = compute(twelve_claims())
    # 9 claims with 2 verdicts, 3 with 3 → the modal count is 2, and Fleiss rests on those 9.
    assert (result.fleiss_raters, result.fleiss_n) == (2, 9)
    modal_rows = [[0, 2, 0], [0, 2, 0], [0, 2, 0], [1, 1, 0], [0, 1, 1], [0, 0, 2], [0, 0, 2], [2, 0, 0], [1, 1, 0]]
    assert result.fleiss == pytest.approx(fleiss_kappa(modal_rows))
    # α uses every pairable claim (12) with the missing third reviewer on 9 of them.
    rows = []
    for claim in range(1, 13):
        labels = [label for c, _, label in twelve_claims() if c == claim]
        rows.append([labels.count(C), labels.count(D), labels.count(U)])
    assert result.alpha_n == 12
    assert result.alpha == pytest.approx(krippendorff_alpha(rows))


def test_compute_with_no_pairable_claims_has_no_figures():
    result = compute([(1, "ann", C), (2, "bob", D)])
    assert result.claims == 0
    assert result.alpha is None and result.fleiss is None and result.pairs == []
    assert result.as_dict({})["krippendorff_alpha"] == {"value": None, "n": 0}


# ---- from the database --------------------------------------------------------------------------


def test_project_agreement_reads_the_projects_verdicts_only_in_two_aggregate_queries(
    project, article, reviewer, reviewer2, outsider, django_assert_num_queries
):
    body_claims = ["1,200 containers", "the night shift", "any safety inspection"]
    claims = [services.claim_create(article=article, created_by=reviewer, quote=q) for q in body_claims]
    for claim, (a, b) in zip(claims, [(C, C), (C, D), (U, U)], strict=True):
        services.verdict_submit(claim=claim, reviewer=reviewer, label=a, rationale="r", base_version=None)
        services.verdict_submit(claim=claim, reviewer=reviewer2, label=b, rationale="r", base_version=None)
    lone = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    services.verdict_submit(claim=lone, reviewer=reviewer, label=D, rationale="r", base_version=None)
    with django_assert_num_queries(2):  # claims per label pattern, label pairs per reviewer pair
        result = agreement.project_agreement(project, min_shared=3)
    assert result.claims == 3
    assert [(p.reviewer_a, p.reviewer_b, p.n) for p in result.pairs] == [("rita-reviewer", "rob-reviewer", 3)]
    assert result.pairs[0].matrix == [[1, 1, 0], [0, 0, 0], [0, 0, 1]]
    # Hand: p_o = 2/3; rows (2, 0, 1)/3, columns (1, 1, 1)/3 → p_e = 3/9; κ = (6/9 − 3/9)/(6/9) = 0.5.
    assert result.pairs[0].kappa == pytest.approx(0.5)
    assert math.isfinite(result.alpha)
    # The SQL aggregates give exactly what the reference pass over the raw triples gives.
    reference = compute(agreement.project_triples(project), min_shared=3)
    assert result.as_dict({}) == reference.as_dict({})


def test_the_sql_aggregates_match_the_reference_with_missing_reviewers_and_name_ordered_pairs(
    project, article, editor, reviewer, reviewer2
):
    from annotations.models import Claim, Verdict

    body = article.body
    claims = Claim.objects.bulk_create(
        Claim(project=project, article=article, start=i, end=i + 5, quote=body[i : i + 5]) for i in range(14)
    )
    labels = [C, D, U]
    rows = []
    for i, claim in enumerate(claims):
        rows.append(Verdict(claim=claim, reviewer=reviewer2, label=labels[i % 3], rationale="r"))
        rows.append(Verdict(claim=claim, reviewer=reviewer, label=labels[(i // 2) % 3], rationale="r"))
        if i % 4 == 0:  # the editor judged only some claims: missing values
            rows.append(Verdict(claim=claim, reviewer=editor, label=C, rationale="r"))
    Verdict.objects.bulk_create(rows)
    result = agreement.project_agreement(project, min_shared=3)
    reference = compute(agreement.project_triples(project), min_shared=3)
    assert result.as_dict({}) == reference.as_dict({})
    assert [(p.reviewer_a, p.reviewer_b) for p in result.pairs] == [
        ("erin-editor", "rita-reviewer"),
        ("erin-editor", "rob-reviewer"),
        ("rita-reviewer", "rob-reviewer"),
    ]
    assert result.claims == 14 and result.fleiss_raters == 2 and result.fleiss_n == 10
