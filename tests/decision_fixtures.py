"""Shared set-up for the decision tests: a second editor, the default scale, a claim both reviewers judged."""

from __future__ import annotations

import pytest

from annotations import services
from annotations.models import RatingItem, Role

from .conftest import make_user


@pytest.fixture
def editor2(project):
    user = make_user("eddie-editor")
    services.membership_set(project=project, user=user, role=Role.EDITOR, actor=services.SYSTEM)
    return user


def scale(project) -> dict[str, RatingItem]:
    """The project's rating items by name."""
    return {item.name: item for item in RatingItem.objects.filter(project=project)}


@pytest.fixture
def judged_claim(claim, reviewer, reviewer2):
    """A claim on which the two reviewers disagree (a conflict)."""
    services.verdict_create(claim=claim, reviewer=reviewer, label="confirmed", rationale="INTERNAL-RATIONALE-A")
    services.verdict_create(claim=claim, reviewer=reviewer2, label="disputed", rationale="INTERNAL-RATIONALE-B")
    return claim


def draft(claim, editor, rating="Disputed", **fields):
    return services.decision_create(
        claim=claim,
        actor=editor,
        rating=scale(claim.project)[rating],
        explanation=fields.pop("explanation", "The port log shows 900 containers."),
        **fields,
    )


def published(claim, editor, publisher, rating="Disputed", **fields):
    decision = draft(claim, editor, rating, **fields)
    return services.decision_publish(decision=decision, actor=publisher, expected_version=decision.version)
