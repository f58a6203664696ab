"""Incremental sync: updated_after plus /api/v1/deletions/ keeps an exact mirror of a project."""

from __future__ import annotations

import time

from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.models import HistoryEvent


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def walk(client: APIClient, url: str) -> list[dict]:
    rows = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json()
        rows += response.json()["results"]
        url = response.json()["next"]
    return rows


class Mirror:
    """What an API client keeps: claims and verdicts of one project, by id. It applies steps 1 and 2.1–2.2
    of the README's algorithm; the test passes the instant ``since`` itself (taken between writes) instead of
    keeping a watermark minus a safety margin (step 2.3), which re-fetching an overlap would not test."""

    def __init__(self, client: APIClient, project_id: int) -> None:
        self.client, self.project_id = client, project_id
        self.claims: dict[int, dict] = {}
        self.verdicts: dict[int, dict] = {}
        self.fetched = 0

    def sync(self, since: str | None) -> None:
        query = f"project={self.project_id}&page_size=500" + (f"&updated_after={since}" if since else "")
        for store, kind in ((self.claims, "claims"), (self.verdicts, "verdicts")):
            rows = walk(self.client, f"/api/v1/{kind}/?{query}")
            self.fetched += len(rows)
            store.update({row["id"]: row for row in rows})
        # Deletions last: ids are never reused, so a tombstone always wins.
        for tombstone in walk(self.client, f"/api/v1/deletions/?{query}"):
            if tombstone["entity"] == "claim":
                self.claims.pop(tombstone["claim"], None)
            elif tombstone["entity"] == "verdict":
                self.verdicts.pop(tombstone["verdict"], None)


def now_iso() -> str:
    stamp = timezone.now().isoformat().replace("+00:00", "Z")
    time.sleep(0.002)  # so that later writes get strictly later timestamps
    return stamp


def test_a_mirror_follows_creates_updates_and_deletions_exactly(
    project, article, arabic_article, reviewer, reviewer2, editor, outsider
):
    kept = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    edited = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    doomed = services.claim_create(article=article, created_by=reviewer, quote="the night shift had been cut")
    on_doomed_article = services.claim_create(article=arabic_article, created_by=reviewer, quote="لا إصابات")
    kept_verdict = services.verdict_create(claim=kept, reviewer=reviewer, label="confirmed", rationale="Log")
    changed_verdict = services.verdict_create(claim=edited, reviewer=reviewer2, label="unverified")
    services.verdict_create(claim=doomed, reviewer=reviewer2, label="unverified")
    services.verdict_create(claim=on_doomed_article, reviewer=reviewer2, label="unverified")
    removed_verdict = services.verdict_create(claim=kept, reviewer=reviewer2, label="confirmed", rationale="Seen")

    mirror = Mirror(api(reviewer), project.pk)
    mirror.sync(since=None)
    assert len(mirror.claims) == 4
    assert len(mirror.verdicts) == 5
    since = now_iso()

    # Everything a client must notice: new, changed, deleted (alone and in cascades), status changes.
    added = services.claim_create(article=article, created_by=reviewer2, quote="A union spokesperson")
    services.claim_update(claim=edited, actor=editor, expected_version=1, statement="They denied it")
    services.verdict_update(
        verdict=changed_verdict,
        actor=reviewer2,
        expected_version=1,
        label="disputed",
        rationale="Inspection log is missing",
    )
    services.verdict_delete(verdict=removed_verdict, actor=editor, expected_version=1)
    services.claim_delete(claim=doomed, actor=editor, expected_version=1)
    services.article_delete(article=arabic_article, actor=editor)
    # Another project's deletions never show up.
    other = outsider.memberships.get().project
    services.article_delete(article=other.articles.get(), actor=outsider)

    mirror.fetched = 0
    mirror.sync(since=since)

    truth = Mirror(api(reviewer), project.pk)
    truth.sync(since=None)
    assert mirror.claims == truth.claims
    assert mirror.verdicts == truth.verdicts
    assert set(mirror.claims) == {kept.pk, edited.pk, added.pk}
    assert set(mirror.verdicts) == {kept_verdict.pk, changed_verdict.pk}
    assert mirror.claims[kept.pk]["status"] == "confirmed"  # its other verdict was deleted: status recomputed
    assert mirror.claims[edited.pk]["status"] == "disputed"
    # Only what changed was fetched again: 3 claims (added, edited, kept's new status) and 1 verdict.
    assert mirror.fetched == 4


def test_deletions_list_only_my_projects_and_filter_by_entity_and_time(project, article, claim, editor, outsider):
    other = outsider.memberships.get().project
    services.article_delete(article=other.articles.get(), actor=outsider)
    before = now_iso()
    services.claim_delete(claim=claim, actor=editor, expected_version=1)
    client = api(editor)

    everything = walk(client, "/api/v1/deletions/")
    assert {(t["entity"], t["claim"]) for t in everything} == {("claim", claim.pk)}
    assert everything[0]["deleted_by"] == "erin-editor"
    assert walk(client, "/api/v1/deletions/?entity=verdict") == []
    assert len(walk(client, f"/api/v1/deletions/?since={before}")) == 1
    assert walk(client, f"/api/v1/deletions/?updated_after={now_iso()}") == []
    assert walk(api(outsider), f"/api/v1/deletions/?project={project.pk}") == []
    assert HistoryEvent.objects.deletions().count() == 2


def test_deletions_need_authentication(project):
    assert APIClient().get("/api/v1/deletions/").status_code == 401
