"""The project dashboard (editors and admins): progress, reviewer activity, speed and agreement."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import charts
from ..models import ClaimStatus, Role
from ..stats import project_stats
from .common import member_project


def duration_text(seconds: float | None) -> str:
    """``3 h 20 min``, ``2 d 4 h``, ``45 s``: a wait as a person reads it."""
    if seconds is None:
        return "—"
    seconds = int(round(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def pair_grid(pairs: list[dict[str, Any]]) -> tuple[list[str], list[list[float | None]]]:
    """Reviewers and a symmetric matrix of Cohen's κ (None where a pair has too few shared claims)."""
    names = sorted({p["reviewer_a"] for p in pairs} | {p["reviewer_b"] for p in pairs})
    index = {name: i for i, name in enumerate(names)}
    grid: list[list[float | None]] = [[None] * len(names) for _ in names]
    for p in pairs:
        a, b = index[p["reviewer_a"]], index[p["reviewer_b"]]
        grid[a][b] = grid[b][a] = p["kappa"]
    return names, grid


@login_required
def project_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Charts (server-side SVG) with a data table each; the same figures as the stats API."""
    project, membership = member_project(request, slug)  # 1 query
    if not membership.has_role(Role.EDITOR):
        raise PermissionDenied("The dashboard is for the project's editors and admins.")
    stats = project_stats(project)  # one query per chart, two for agreement (streamed)
    days = stats["claims_by_status"]["days"]
    status_chart = charts.stacked_bars(
        "Claims by status over time (cumulative, by day)",
        [d["date"] for d in days],
        [(s, [d[s] for d in days]) for s in ClaimStatus.values],
    )
    weekly = stats["verdicts_per_reviewer"]
    weekly_chart = charts.heat_grid(
        "Verdicts per reviewer per week",
        [r["reviewer"] for r in weekly["reviewers"]],
        weekly["weeks"],
        [r["counts"] for r in weekly["reviewers"]],
    )
    wait = stats["time_to_first_verdict"]
    hours = lambda s: None if s is None else round(s / 3600, 1)  # noqa: E731
    wait_chart = charts.hbars(
        "Hours from claim to first verdict",
        [("median", hours(wait["median_seconds"])), ("90th percentile", hours(wait["p90_seconds"]))],
        unit=" h",
    )
    decided = stats["time_to_decision"]
    decision_chart = charts.hbars(
        "Hours from claim to published decision",
        [("median", hours(decided["median_seconds"])), ("90th percentile", hours(decided["p90_seconds"]))],
        unit=" h",
    )
    assignments = stats["open_assignments"]
    assignment_chart = charts.hbars("Open assignments per reviewer", [(r["reviewer"], r["open"]) for r in assignments])
    agreement = stats["agreement"]
    pair_names, pair_values = pair_grid(agreement["cohen_kappa"])
    pair_chart = (
        charts.heat_grid("Cohen's kappa per reviewer pair", pair_names, pair_names, pair_values, digits=2, high=1.0)
        if pair_names
        else None
    )
    context = {
        "project": project,
        "membership": membership,
        "stats": stats,
        "statuses": ClaimStatus.choices,
        "days": days,
        "status_chart": status_chart,
        "weekly": weekly,
        "weekly_chart": weekly_chart,
        "wait": wait,
        "wait_median": duration_text(wait["median_seconds"]),
        "wait_p90": duration_text(wait["p90_seconds"]),
        "wait_chart": wait_chart,
        "decided": decided,
        "decided_median": duration_text(decided["median_seconds"]),
        "decided_p90": duration_text(decided["p90_seconds"]),
        "decision_chart": decision_chart,
        "assignments": assignments,
        "assignment_chart": assignment_chart,
        "agreement": agreement,
        "pair_chart": pair_chart,
    }
    return render(request, "annotations/dashboard.html", context)
