"""/api/v1/decisions/, publish/, corrections/ and /api/v1/corrections/: roles, versions, 409s, filters."""
# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim, Decision, HistoryEvent

from .decision_fixtures import draft, editor2, judged_claim, published, scale  # pytest fixtures and helpers


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(claim, **extra) -> dict:
    return {"claim": claim.pk, "rating": scale(claim.project)["Disputed"].pk, "explanation": "Log says 900.", **extra}


def test_an_editor_drafts_a_decision(judged_claim, editor):
    evidence = [{"url": "https://example.org/log", "title": "Port log", "stance": "refutes"}]
    response = api(editor).post(
        "/api/v1/decisions/", body(judged_claim, public_evidence=evidence, as_of="2026-11-30"), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert response["ETag"] == '"1"'
    assert response["Location"].endswith(f"/api/v1/decisions/{data['id']}/")
    assert (data["rating_name"], data["verdict"], data["state"]) == ("Disputed", "disputed", "draft")
    assert data["decided_by"] == "erin-editor" and data["published_at"] is None
    assert data["public_evidence"][0]["stance"] == "refutes"
    assert data["as_of"] == "2026-11-30" and data["corrections"] == []
    claim = api(editor).get(f"/api/v1/claims/{judged_claim.pk}/").json()
    assert claim["decision_state"] == "draft" and claim["status"] == "conflict"


@pytest.mark.parametrize("field", ["decided_by", "published_at", "version", "state", "published_by"])
def test_server_fields_in_a_body_are_refused(judged_claim, editor, field):
    response = api(editor).post("/api/v1/decisions/", body(judged_claim, **{field: "x"}), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Decision.objects.exists()


def test_reviewers_get_403_and_outsiders_cannot_name_the_claim(judged_claim, reviewer, outsider):
    assert api(reviewer).post("/api/v1/decisions/", body(judged_claim), format="json").status_code == 403
    response = api(outsider).post("/api/v1/decisions/", body(judged_claim), format="json")
    assert response.status_code == 400 and "claim" in response.json()


def test_outsiders_get_404_on_every_decision_url(judged_claim, editor, outsider):
    decision = draft(judged_claim, editor)
    client = api(outsider)
    url = f"/api/v1/decisions/{decision.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"explanation": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code == 404
    assert client.delete(url, HTTP_IF_MATCH='"1"').status_code == 404
    assert client.post(url + "publish/", HTTP_IF_MATCH='"1"').status_code == 404
    assert client.post(url + "corrections/", {"kind": "void", "note": "x"}, format="json").status_code == 404
    assert client.get("/api/v1/decisions/").json()["results"] == []


def test_a_second_decision_is_409_with_the_existing_url(judged_claim, editor, editor2):
    first = draft(judged_claim, editor)
    response = api(editor2).post("/api/v1/decisions/", body(judged_claim), format="json")
    assert response.status_code == 409
    assert response.json()["existing"].endswith(f"/api/v1/decisions/{first.pk}/")
    assert response["Location"] == response.json()["existing"]


def test_four_eyes_the_only_reviewer_gets_403(claim, editor):
    services.verdict_create(claim=claim, reviewer=editor, label="disputed", rationale="Log")
    response = api(editor).post("/api/v1/decisions/", body(claim), format="json")
    assert response.status_code == 403 and "Four-eyes" in response.json()["detail"]


def test_drafts_change_with_if_match_428_and_412_as_elsewhere(judged_claim, editor, editor2):
    decision = draft(judged_claim, editor)
    url = f"/api/v1/decisions/{decision.pk}/"
    assert api(editor).get(url)["ETag"] == '"1"'
    assert api(editor).patch(url, {"explanation": "New"}, format="json").status_code == 428
    ok = api(editor2).patch(url, {"explanation": "New", "review_due": "2027-01-01"}, format="json", HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200 and ok["ETag"] == '"2"' and ok.json()["review_due"] == "2027-01-01"
    stale = api(editor).patch(url, {"explanation": "Old"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale.json()["current"]["explanation"] == "New" and stale["ETag"] == '"2"'
    assert api(editor).patch(url, {"version": 5}, format="json", HTTP_IF_MATCH='"2"').status_code == 400
    assert api(editor).delete(url, HTTP_IF_MATCH='"1"').status_code == 412
    assert api(editor).delete(url, HTTP_IF_MATCH='"2"').status_code == 204
    assert Claim.objects.get(pk=judged_claim.pk).decision_state == "none"


def test_publish_four_eyes_then_409(judged_claim, editor, editor2, reviewer):
    decision = draft(judged_claim, editor)
    url = f"/api/v1/decisions/{decision.pk}/publish/"
    assert api(editor2).post(url).status_code == 428
    refused = api(editor).post(url, HTTP_IF_MATCH='"1"')
    assert refused.status_code == 403 and "Four-eyes" in refused.json()["detail"]
    assert api(reviewer).post(url, HTTP_IF_MATCH='"1"').status_code == 403
    assert api(editor2).post(url, {"published_at": "2020-01-01"}, format="json", HTTP_IF_MATCH='"1"').status_code == 400
    response = api(editor2).post(url, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "published" and response.json()["published_by"] == "eddie-editor"
    assert response["ETag"] == '"2"'
    again = api(editor2).post(url, HTTP_IF_MATCH='"2"')
    assert again.status_code == 409


def test_a_published_decision_is_409_for_patch_and_delete(judged_claim, editor, editor2):
    decision = published(judged_claim, editor, editor2)
    url = f"/api/v1/decisions/{decision.pk}/"
    for response in (
        api(editor).patch(url, {"explanation": "x"}, format="json", HTTP_IF_MATCH='"2"'),
        api(editor).delete(url, HTTP_IF_MATCH='"2"'),
    ):
        assert response.status_code == 409
        assert "correction" in response.json()["detail"]
        assert response.json()["current"]["state"] == "published"


def test_corrections_of_each_kind_through_the_api(judged_claim, editor, editor2, reviewer, project):
    decision = published(judged_claim, editor, editor2)
    url = f"/api/v1/decisions/{decision.pk}/corrections/"
    unverified = scale(project)["Unverified"].pk
    assert api(reviewer).post(url, {"kind": "clarification", "note": "n"}, format="json").status_code == 403
    assert api(editor).post(url, {"kind": "rating_change", "note": "n"}, format="json").status_code == 400
    assert api(editor).post(url, {"kind": "oops", "note": "n"}, format="json").status_code == 400
    stale = api(editor).post(url, {"kind": "clarification", "note": "n"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    created = [
        api(editor).post(url, {"kind": "rating_change", "note": "New log", "rating": unverified}, format="json"),
        api(editor).post(url, {"kind": "correction", "note": "Typo", "explanation": "Fixed"}, format="json"),
        api(editor).post(url, {"kind": "update", "note": "More", "public_evidence": [{"url": "https://a.example/"}]},
                         format="json"),
        api(editor).post(url, {"kind": "clarification", "note": "TEU means…"}, format="json"),
        api(editor).post(url, {"kind": "void", "note": "Withdrawn"}, format="json", HTTP_IF_MATCH='"6"'),
    ]  # fmt: skip
    assert [r.status_code for r in created] == [201] * 5, [r.json() for r in created]
    assert created[0].json()["new_values"]["rating_name"] == "Unverified"
    assert created[0].json()["author"] == "erin-editor" and created[0]["ETag"] == '"3"'
    assert created[-1]["ETag"] == '"7"'
    data = api(reviewer).get(f"/api/v1/decisions/{decision.pk}/").json()  # reviewers read it
    assert data["state"] == "void" and data["version"] == 7
    assert [c["kind"] for c in data["corrections"]] == [
        "rating_change",
        "correction",
        "update",
        "clarification",
        "void",
    ]
    after_void = api(editor).post(url, {"kind": "clarification", "note": "n"}, format="json")
    assert after_void.status_code == 409
    assert HistoryEvent.objects.filter(entity="correction").count() == 5


def test_corrections_only_on_published_decisions(judged_claim, editor):
    decision = draft(judged_claim, editor)
    url = f"/api/v1/decisions/{decision.pk}/corrections/"
    assert api(editor).post(url, {"kind": "clarification", "note": "n"}, format="json").status_code == 409


def test_the_corrections_feed_is_newest_first_and_scoped(judged_claim, editor, editor2, reviewer, outsider, project):
    decision = published(judged_claim, editor, editor2)
    first = services.correction_create(decision=decision, actor=editor, kind="clarification", note="First")
    second = services.correction_create(decision=decision, actor=editor, kind="void", note="Second")
    rows = api(reviewer).get(f"/api/v1/corrections/?project={project.pk}").json()["results"]
    assert [r["id"] for r in rows] == [second.pk, first.pk]
    assert rows[0]["claim"] == judged_claim.pk and rows[0]["note"] == "Second"
    page = api(reviewer).get(f"/api/v1/corrections/?project={project.pk}&page_size=1").json()
    assert [r["id"] for r in page["results"]] == [second.pk]
    assert [r["id"] for r in api(reviewer).get(page["next"]).json()["results"]] == [first.pk]
    assert api(outsider).get("/api/v1/corrections/").json()["results"] == []
    assert api(reviewer).get("/api/v1/corrections/?kind=void").json()["results"][0]["id"] == second.pk
    assert api(reviewer).get("/api/v1/corrections/?cursor=bad").status_code == 400


def test_decision_filters(judged_claim, claim, article, editor, editor2, reviewer, project):
    other = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    pub = published(judged_claim, editor, editor2)
    unv = draft(other, editor2, "Unverified", as_of="2026-01-01")
    client = api(reviewer)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/decisions/?{query}")
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids(f"project={project.pk}") == [pub.pk, unv.pk]
    assert ids(f"article={article.pk}&state=published") == [pub.pk]
    assert ids("verdict=unverified") == [unv.pk]
    assert ids(f"rating={scale(project)['Disputed'].pk}") == [pub.pk]
    assert ids("decided_by=eddie-editor") == [unv.pk]
    assert ids("review_due_before=2026-02-01") == [unv.pk]
    assert ids("review_due_before=2026-01-31") == []
    assert ids(f"claim={other.pk}") == [unv.pk]
    assert client.get("/api/v1/decisions/?state=bogus").status_code == 400
    assert client.get("/api/v1/decisions/?review_due_before=2026-13-01").status_code == 400


def test_claims_filter_by_decision_state_and_review_due(judged_claim, article, editor, editor2, reviewer):
    other = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    services.claim_create(article=article, created_by=reviewer, quote="A union spokesperson")
    published(judged_claim, editor, editor2)
    draft(other, editor2, "Unverified", as_of="2026-01-01")
    client = api(reviewer)

    def ids(query: str) -> list[int]:
        return [row["id"] for row in client.get(f"/api/v1/claims/?{query}").json()["results"]]

    assert ids("decision_state=published") == [judged_claim.pk]
    assert ids("decision_state=draft") == [other.pk]
    assert len(ids("decision_state=none")) == 1
    assert ids("review_due_before=2026-06-01") == [other.pk]
    assert client.get("/api/v1/claims/?decision_state=maybe").status_code == 400


@pytest.mark.parametrize("n", [2, 6])
def test_decision_and_correction_lists_cost_fixed_queries(
    article, reviewer, editor, editor2, n, django_assert_num_queries
):
    for i in range(n):
        claim = services.claim_create(article=article, created_by=reviewer, start=6 * i, end=6 * i + 5)
        decision = published(claim, editor, editor2)
        services.correction_create(decision=decision, actor=editor, kind="clarification", note=f"Note {i}")
    client = api(reviewer)
    # the memberships, the page of decisions joined with claims, ratings and users, their corrections
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/decisions/").json()["results"]) == n
    # the memberships, then the page of corrections joined with their decisions and authors
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/corrections/").json()["results"]) == n


def test_the_project_carries_its_methodology(project, admin_user_, editor):
    response = api(admin_user_).patch(
        f"/api/v1/projects/{project.pk}/",
        {"corrections_policy": "We correct openly.", "rereview_days": 14, "four_eyes": False,
         "public_base_url": "https://desk.example/checks"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    data = api(editor).get(f"/api/v1/projects/{project.pk}/").json()
    assert data["corrections_policy"] == "We correct openly." and data["rereview_days"] == 14
    assert data["four_eyes"] is False and data["public_base_url"] == "https://desk.example/checks"
    assert [r["name"] for r in data["rating_scale"]] == ["Confirmed", "Disputed", "Unverified"]
    assert api(editor).patch(f"/api/v1/projects/{project.pk}/", {"four_eyes": True}, format="json").status_code == 403
    bad = api(admin_user_).patch(f"/api/v1/projects/{project.pk}/", {"public_base_url": "ftp://x"}, format="json")
    assert bad.status_code == 400 and "public_base_url" in bad.json()
