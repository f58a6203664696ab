"""Incremental sync covers decisions and corrections: updated_after plus tombstones for deleted drafts."""
# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)

from __future__ import annotations

from rest_framework.test import APIClient

from annotations import services

from .decision_fixtures import draft, editor2, judged_claim, published, scale  # pytest fixtures and helpers
from .test_api_sync import now_iso, walk


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_mirror_of_decisions_follows_changes_corrections_and_deleted_drafts(
    project, article, judged_claim, reviewer, editor, editor2
):
    other = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    third = services.claim_create(article=article, created_by=reviewer, quote="A union spokesperson")
    kept = published(judged_claim, editor, editor2)
    doomed = draft(other, editor2)
    client = api(reviewer)
    query = f"project={project.pk}"
    mirror = {row["id"]: row for row in walk(client, f"/api/v1/decisions/?{query}")}
    assert set(mirror) == {kept.pk, doomed.pk}
    since = now_iso()

    services.correction_create(decision=kept, actor=editor, kind="rating_change", note="n",
                               rating=scale(project)["Unverified"].pk)  # fmt: skip
    services.decision_delete(decision=doomed, actor=editor2, expected_version=1)
    added = draft(third, editor)

    changed = walk(client, f"/api/v1/decisions/?{query}&updated_after={since}")
    assert {row["id"] for row in changed} == {kept.pk, added.pk}  # nothing unchanged is sent again
    mirror.update({row["id"]: row for row in changed})
    for tombstone in walk(client, f"/api/v1/deletions/?{query}&updated_after={since}"):
        if tombstone["entity"] == "decision":
            mirror.pop(tombstone["decision"], None)
    assert set(mirror) == {kept.pk, added.pk}
    assert mirror[kept.pk]["rating_name"] == "Unverified" and mirror[kept.pk]["version"] == 3

    corrections = walk(client, f"/api/v1/corrections/?{query}&updated_after={since}")
    assert [c["kind"] for c in corrections] == ["rating_change"]
    # The claims' decision_state moved too, so claim sync sees it.
    claims = {row["id"]: row for row in walk(client, f"/api/v1/claims/?{query}&updated_after={since}")}
    assert claims[other.pk]["decision_state"] == "none" and claims[third.pk]["decision_state"] == "draft"
    assert walk(client, f"/api/v1/deletions/?{query}&entity=decision")[0]["decision"] == doomed.pk


def test_deleting_a_claim_or_an_article_leaves_tombstones_for_their_decisions(
    project, article, judged_claim, reviewer, editor, editor2, admin_user_
):
    other = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    first = published(judged_claim, editor, editor2)
    second = draft(other, editor)
    services.claim_delete(claim=judged_claim, actor=editor, expected_version=None)
    client = api(reviewer)
    tombstones = walk(client, f"/api/v1/deletions/?project={project.pk}&entity=decision")
    assert [t["decision"] for t in tombstones] == [first.pk]
    services.article_delete(article=article, actor=admin_user_)
    tombstones = walk(client, f"/api/v1/deletions/?project={project.pk}&entity=decision")
    assert [t["decision"] for t in tombstones] == [first.pk, second.pk]
