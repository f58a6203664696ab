# ruff: noqa: F811 (fixtures imported from tests.decision_fixtures are used as arguments)
"""Publishing a decision and filing a correction notify the project's webhooks, with the decision as the
API shows it; a draft notifies nobody."""

from __future__ import annotations

import json

from annotations import services

from .decision_fixtures import draft, editor2, judged_claim  # noqa: F401 - fixtures
from .test_webhooks import receiver  # noqa: F401 - the allowed local receiver fixture


def test_publication_and_corrections_are_delivered_with_the_decision(
    db,
    project,
    admin_user_,
    editor,
    editor2,
    judged_claim,
    receiver,
    django_capture_on_commit_callbacks,
):
    services.webhook_create(
        project=project,
        actor=admin_user_,
        url=receiver.url("/hook"),
        events=["decision.published", "decision.corrected"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision = draft(judged_claim, editor)
    assert receiver.requests == []  # a draft is internal
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_publish(decision=decision, actor=editor2, expected_version=decision.version)
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_create(
            decision=decision, actor=editor, kind="rating_change", note="New evidence.", rating=_rating(project)
        )
    bodies = [json.loads(r.body) for r in receiver.requests]
    assert [b["event"] for b in bodies] == ["decision.published", "decision.corrected"]
    assert [r.headers["x-verifier-event"] for r in receiver.requests] == ["decision.published", "decision.corrected"]
    published_data, corrected_data = bodies[0]["data"], bodies[1]["data"]
    assert published_data["id"] == decision.pk and published_data["state"] == "published"
    assert published_data["rating_name"] == "Disputed" and published_data["corrections"] == []
    assert corrected_data["rating_name"] == "Unverified"
    assert [c["kind"] for c in corrected_data["corrections"]] == ["rating_change"]


def _rating(project):
    from annotations.models import RatingItem

    return RatingItem.objects.get(project=project, name="Unverified")
