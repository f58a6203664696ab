"""/api/v1/verdicts/: the reviewer is the caller, one verdict per reviewer per claim, ETag / If-Match."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim, HistoryEvent, Verdict


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def verdict_body(claim, **extra) -> dict:
    return {
        "claim": claim.pk,
        "label": "confirmed",
        "rationale": "The port's own log shows 1,204 moves.",
        "evidence": [
            {"url": "https://example.org/log", "title": "Port log", "excerpt": "1,204 moves", "stance": "supports"},
            {"url": "https://example.org/interview"},
        ],
        **extra,
    }


def test_a_reviewer_gives_a_verdict_with_evidence(reviewer2, claim):
    response = api(reviewer2).post("/api/v1/verdicts/", verdict_body(claim), format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["reviewer"], body["label"], body["version"]) == ("rob-reviewer", "confirmed", 1)
    assert body["evidence"][1] == {
        "url": "https://example.org/interview",
        "title": "",
        "excerpt": "",
        "stance": "context",
    }
    assert (body["claim"], body["project"], body["article"]) == (claim.pk, claim.project_id, claim.article_id)
    assert response["ETag"] == '"1"'
    claim.refresh_from_db()
    assert claim.status == "confirmed"


def test_a_reviewer_in_the_body_is_refused_never_obeyed(reviewer, reviewer2, claim):
    response = api(reviewer2).post("/api/v1/verdicts/", verdict_body(claim, reviewer=reviewer.pk), format="json")

    assert response.status_code == 400
    assert "reviewer" in response.json()
    assert not Verdict.objects.exists()


@pytest.mark.parametrize("field", ["version", "id", "created_at", "project"])
def test_other_server_fields_are_refused(reviewer2, claim, field):
    response = api(reviewer2).post("/api/v1/verdicts/", verdict_body(claim, **{field: 1}), format="json")

    assert response.status_code == 400
    assert not Verdict.objects.exists()


def test_a_second_verdict_by_the_same_reviewer_is_409_with_the_existing_url(reviewer2, claim):
    client = api(reviewer2)
    first = client.post("/api/v1/verdicts/", verdict_body(claim), format="json").json()

    response = client.post("/api/v1/verdicts/", verdict_body(claim, label="disputed"), format="json")

    assert response.status_code == 409
    assert response.json()["existing"].endswith(f"/api/v1/verdicts/{first['id']}/")
    assert response["Location"] == response.json()["existing"]
    assert Verdict.objects.get().label == "confirmed"


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"label": "true"}, "label"),
        ({"label": "disputed", "rationale": "  "}, "rationale"),
        ({"evidence": [{"title": "no url"}]}, "evidence"),
        ({"evidence": [{"url": "ftp://example.org/x"}]}, "evidence"),
        ({"evidence": [{"url": "https://example.org", "stance": "agrees"}]}, "evidence"),
        ({"evidence": [{"url": "https://example.org", "colour": "red"}]}, "evidence"),
        ({"evidence": "https://example.org"}, "evidence"),
        ({"evidence": [{"url": "https://example.org"}] * 51}, "evidence"),
        ({"rationale": "bad \x00 byte"}, "rationale"),
    ],
)
def test_invalid_verdicts_are_400_and_nothing_is_stored(reviewer2, claim, fields, bad):
    response = api(reviewer2).post("/api/v1/verdicts/", verdict_body(claim, **fields), format="json")

    assert response.status_code == 400
    assert bad in response.json()
    assert not Verdict.objects.exists()


def test_unverified_needs_no_rationale(reviewer2, claim):
    response = api(reviewer2).post("/api/v1/verdicts/", {"claim": claim.pk, "label": "unverified"}, format="json")

    assert response.status_code == 201


def test_an_outsider_gets_404_and_cannot_give_verdicts_in_another_project(reviewer2, claim, outsider):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")
    client = api(outsider)

    assert client.get(f"/api/v1/verdicts/{verdict.pk}/").status_code == 404
    assert (
        client.patch(
            f"/api/v1/verdicts/{verdict.pk}/", {"label": "confirmed"}, format="json", HTTP_IF_MATCH='"1"'
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/verdicts/{verdict.pk}/", HTTP_IF_MATCH='"1"').status_code == 404
    response = client.post("/api/v1/verdicts/", verdict_body(claim), format="json")
    assert response.status_code == 400
    assert "claim" in response.json()
    assert client.get("/api/v1/verdicts/").json()["results"] == []
    assert Verdict.objects.count() == 1


def test_the_reviewer_updates_their_verdict_with_if_match(reviewer2, claim):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")
    client = api(reviewer2)
    etag = client.get(f"/api/v1/verdicts/{verdict.pk}/")["ETag"]

    response = client.patch(
        f"/api/v1/verdicts/{verdict.pk}/",
        {"label": "disputed", "rationale": "Log says otherwise."},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    claim.refresh_from_db()
    assert claim.status == "disputed"


def test_a_patch_without_if_match_is_428(reviewer2, claim):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")

    response = api(reviewer2).patch(f"/api/v1/verdicts/{verdict.pk}/", {"label": "disputed"}, format="json")

    assert response.status_code == 428
    verdict.refresh_from_db()
    assert verdict.label == "unverified"


def test_no_lost_update_two_writers_with_the_same_etag(reviewer2, claim):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")
    tab_a, tab_b = api(reviewer2), api(reviewer2)
    etag = tab_a.get(f"/api/v1/verdicts/{verdict.pk}/")["ETag"]

    first = tab_a.patch(
        f"/api/v1/verdicts/{verdict.pk}/", {"label": "confirmed", "rationale": "A"}, format="json", HTTP_IF_MATCH=etag
    )
    second = tab_b.patch(
        f"/api/v1/verdicts/{verdict.pk}/", {"label": "disputed", "rationale": "B"}, format="json", HTTP_IF_MATCH=etag
    )

    assert first.status_code == 200
    assert second.status_code == 412
    assert second.json()["current"]["rationale"] == "A"
    assert second["ETag"] == '"2"'
    verdict.refresh_from_db()
    assert (verdict.label, verdict.rationale) == ("confirmed", "A")


def test_another_reviewer_may_not_change_my_verdict(reviewer, reviewer2, claim):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")

    response = api(reviewer).patch(
        f"/api/v1/verdicts/{verdict.pk}/", {"label": "confirmed", "rationale": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.label == "unverified"


def test_mass_assignment_in_a_patch_is_refused(reviewer, reviewer2, claim):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")

    response = api(reviewer2).patch(
        f"/api/v1/verdicts/{verdict.pk}/", {"reviewer": reviewer.pk, "claim": 1}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 400
    assert Verdict.objects.get().reviewer == reviewer2


def test_an_editor_deletes_a_verdict_with_if_match_leaving_a_tombstone(editor, reviewer2, claim):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")
    client = api(editor)

    assert client.delete(f"/api/v1/verdicts/{verdict.pk}/").status_code == 428
    assert client.delete(f"/api/v1/verdicts/{verdict.pk}/", HTTP_IF_MATCH='"2"').status_code == 412
    assert client.delete(f"/api/v1/verdicts/{verdict.pk}/", HTTP_IF_MATCH='"1"').status_code == 204
    assert not Verdict.objects.exists()
    assert HistoryEvent.objects.deletions().get().verdict_id == verdict.pk
    assert Claim.objects.get(pk=claim.pk).status == "needs_review"


def test_another_reviewer_may_not_delete_my_verdict(reviewer, reviewer2, claim):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")

    assert api(reviewer).delete(f"/api/v1/verdicts/{verdict.pk}/", HTTP_IF_MATCH='"1"').status_code == 403
    assert Verdict.objects.exists()
