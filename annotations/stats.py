"""The figures of a project's dashboard (and of ``/api/v1/projects/{id}/stats/``).

Every chart is one aggregate query in the database, never a Python scan of the claims:

- ``claims_by_status``: claims marked per day, grouped by their *current* status (GROUP BY day,
  status); the chart accumulates the days, so each day shows how many claims existed by then and
  where they stand now. Days are calendar days in ``TIME_ZONE``.
- ``verdicts_per_reviewer``: verdicts given per reviewer per ISO week (GROUP BY week, reviewer).
- ``time_to_first_verdict``: seconds from marking a claim to its first verdict, median and p90 by
  nearest rank (the smallest value whose cumulative share reaches 50 % / 90 %), one windowed query.
- ``time_to_decision``: seconds from marking a claim to the publication of its decision (published
  decisions only), median and p90 by nearest rank, one query.
- ``open_assignments``: open (not done) assignments per reviewer and how many of them are overdue
  (GROUP BY reviewer).
- ``agreement``: see ``annotations.agreement`` (one streamed query over the verdict triples of the
  claims with ≥ 2 verdicts — the only per-row read, linear in those verdicts).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from . import agreement
from .models import Assignment, Claim, ClaimStatus, Decision, DecisionState, Project, Verdict

STATUSES: list[str] = list(ClaimStatus.values)


def claims_by_status(project: Project) -> dict[str, Any]:
    """Cumulative claims per day, split by current status (1 query)."""
    rows = (
        Claim.objects.in_project(project)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("day", "status")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    per_day: dict[datetime.date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for day, status, n in rows:
        per_day[day][status] += n
    running = dict.fromkeys(STATUSES, 0)
    days = []
    for day in sorted(per_day):
        for status in STATUSES:
            running[status] += per_day[day][status]
        days.append({"date": day.isoformat(), **running, "total": sum(running.values())})
    return {"statuses": STATUSES, "days": days}


def verdicts_per_reviewer(project: Project) -> dict[str, Any]:
    """Verdicts per reviewer per week (weeks start on Monday) (1 query)."""
    rows = (
        Verdict.objects.filter(claim__project=project)
        .annotate(week=TruncWeek("created_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("week", "reviewer__username")
        .annotate(n=Count("id"))
    )
    cells: dict[tuple[str, str], int] = {}
    weeks: set[str] = set()
    reviewers: set[str] = set()
    for week, reviewer, n in rows:
        label = (week.date() if isinstance(week, datetime.datetime) else week).isoformat()
        cells[(reviewer, label)] = n
        weeks.add(label)
        reviewers.add(reviewer)
    week_list, reviewer_list = sorted(weeks), sorted(reviewers)
    return {
        "weeks": week_list,
        "reviewers": [{"reviewer": r, "counts": [cells.get((r, w), 0) for w in week_list]} for r in reviewer_list],
    }


def _seconds_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


def _percentiles(sql_waits: str, params: list[Any]) -> dict[str, Any]:
    """Count, median and p90 (nearest rank) of the ``secs`` column of ``sql_waits`` (1 query)."""
    if connection.vendor == "postgresql":  # the same nearest-rank definition, as ordered-set aggregates
        percentiles = (
            "SELECT COUNT(*), PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY secs), "
            "PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY secs) FROM waits"
        )
    else:
        percentiles = (
            ", ranked AS (SELECT secs, CUME_DIST() OVER (ORDER BY secs) AS share FROM waits) "
            "SELECT COUNT(*), MIN(CASE WHEN share >= 0.5 THEN secs END), "
            "MIN(CASE WHEN share >= 0.9 THEN secs END) FROM ranked"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"{sql_waits} {percentiles}", params)
        n, median, p90 = cursor.fetchone()
    as_float = lambda v: None if v is None else max(0.0, round(float(v), 1))  # noqa: E731
    return {"n": n, "median_seconds": as_float(median), "p90_seconds": as_float(p90)}


def time_to_first_verdict(project: Project) -> dict[str, Any]:
    """Median and p90 seconds from marking a claim to its first verdict, over claims with one (1 query)."""
    claim_table, verdict_table = Claim._meta.db_table, Verdict._meta.db_table
    sql = f"""
        WITH firsts AS (
            SELECT v.claim_id AS claim_id, MIN(v.created_at) AS first_at
            FROM {verdict_table} v JOIN {claim_table} c ON c.id = v.claim_id
            WHERE c.project_id = %s
            GROUP BY v.claim_id
        ), waits AS (
            SELECT {_seconds_between("f.first_at", "c.created_at")} AS secs
            FROM firsts f JOIN {claim_table} c ON c.id = f.claim_id
        )
    """  # noqa: S608 - table names come from the models, the project id is a parameter
    return _percentiles(sql, [project.pk])


def time_to_decision(project: Project) -> dict[str, Any]:
    """Median and p90 seconds from marking a claim to the publication of its decision, over the claims
    whose decision is published (drafts and void decisions do not count) (1 query)."""
    claim_table, decision_table = Claim._meta.db_table, Decision._meta.db_table
    sql = f"""
        WITH waits AS (
            SELECT {_seconds_between("d.published_at", "c.created_at")} AS secs
            FROM {decision_table} d JOIN {claim_table} c ON c.id = d.claim_id
            WHERE d.project_id = %s AND d.state = %s AND d.published_at IS NOT NULL
        )
    """  # noqa: S608 - table names come from the models, the values are parameters
    return _percentiles(sql, [project.pk, DecisionState.PUBLISHED])


def open_assignments(project: Project) -> list[dict[str, Any]]:
    """Open (not done) assignments per reviewer, with how many are overdue, most open first (1 query)."""
    today = timezone.localdate()
    rows = (
        Assignment.objects.filter(project=project, done_at__isnull=True)
        .order_by()
        .values_list("reviewer__username")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today)))
    )
    result = [{"reviewer": name, "open": n, "overdue": overdue} for name, n, overdue in rows]
    return sorted(result, key=lambda r: (-r["open"], r["reviewer"]))


def project_stats(project: Project) -> dict[str, Any]:
    """Every dashboard figure of ``project`` (one query per chart, two for agreement)."""
    names: dict[str, str] = {}
    return {
        "project": {"id": project.pk, "slug": project.slug, "name": project.name},
        "generated_at": timezone.now().isoformat(),
        "claims_by_status": claims_by_status(project),
        "verdicts_per_reviewer": verdicts_per_reviewer(project),
        "time_to_first_verdict": time_to_first_verdict(project),
        "time_to_decision": time_to_decision(project),
        "open_assignments": open_assignments(project),
        "agreement": agreement.project_agreement(project).as_dict(names),
    }
