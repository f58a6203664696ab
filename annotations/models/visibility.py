"""Blind review: the one place that decides what a reviewer may see of other reviewers' work.

While a project's ``blind_review`` is on, a member with the *reviewer* role does not see other
reviewers' verdicts on a claim, nor the claim's derived status, until they have saved their own
verdict on it. Editors and admins always see everything. Every page, fragment, API field, filter
and export asks the querysets built on these two functions (``Claim.objects.with_visible_status``,
``status_visible_to``, ``exportable_to``; ``Verdict.objects.visible_to``, ``exportable_to``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.lookups import IsNull

from .core import Membership, Role, Verdict, memberships_of

HIDDEN = "hidden"  # what a blind reviewer is shown instead of a claim's status


def blind_project_ids(user: Any) -> list[int]:
    """The ids of the projects where blind review applies to ``user`` (reviewer role)."""
    return [project for project, role, blind in memberships_of(user) if blind and role == Role.REVIEWER]


def hidden_status_q(user: Any, *, claim_id: str = "id", project_id: str = "project_id", per_row: bool = True) -> Q:
    """Claims whose status and others' verdicts are hidden from ``user``: in a project where blind
    review applies to them, and without a verdict of theirs yet.

    ``claim_id``/``project_id`` name the row's fields (``claim_id`` on a verdict). The projects are read
    first (``blind_project_ids``): for editors, admins and reviewers of open projects, nearly every request,
    the condition is empty and adds nothing to the SQL. For a blind reviewer, "no verdict of theirs" is by
    default a scalar probe on the unique (claim, reviewer) index, run only for the rows a page reads: with
    ``NOT EXISTS`` PostgreSQL may instead hash all of the reviewer's verdicts first, a scan of the verdict
    table on every page once a reviewer has many. ``per_row=False`` keeps ``NOT EXISTS`` for whole-project
    counts, where that hash is the better plan.
    """
    projects = blind_project_ids(user)
    if not projects:
        return Q(pk__in=[])
    in_blind_project = Q(**{f"{project_id}__in": projects})
    mine = Verdict.objects.filter(claim_id=OuterRef(claim_id), reviewer_id=user.pk)
    if per_row:
        return in_blind_project & Q(IsNull(Subquery(mine.values("pk")[:1]), True))
    return in_blind_project & ~Q(Exists(mine))


def status_hidden_for(user: Any, membership: Membership, claim_has_my_verdict: bool) -> bool:
    """The same rule for one claim already in memory (no query): the claim panel and the queue."""
    project = membership.project
    return bool(project.blind_review and membership.role == Role.REVIEWER and not claim_has_my_verdict)
