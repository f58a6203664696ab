"""/api/v1/claims/: create by offsets or by quote, ETag / If-Match, roles, outsiders."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim, HistoryEvent
from tests.conftest import ARABIC_BODY, ENGLISH_BODY


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_reviewer_creates_a_claim_by_offsets(reviewer, article):
    start = ENGLISH_BODY.index("the night shift")
    end = start + len("the night shift had been cut by half")

    response = api(reviewer).post(
        "/api/v1/claims/",
        {"article": article.pk, "start": start, "end": end, "statement": "Night shift halved", "claimant": "union"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["quote"] == "the night shift had been cut by half"
    assert body["prefix"] == ENGLISH_BODY[max(0, start - 32) : start]
    assert body["suffix"] == ENGLISH_BODY[end : end + 32]
    assert (body["status"], body["version"], body["created_by"]) == ("needs_review", 1, "rita-reviewer")
    assert response["ETag"] == '"1"'
    assert response["Location"].endswith(f"/api/v1/claims/{body['id']}/")


def test_offsets_with_a_matching_quote_are_accepted_and_a_mismatch_is_400(reviewer, article):
    start = ENGLISH_BODY.index("Officials")
    client = api(reviewer)

    ok = client.post(
        "/api/v1/claims/",
        {"article": article.pk, "start": start, "end": start + 9, "quote": "Officials"},
        format="json",
    )
    bad = client.post(
        "/api/v1/claims/", {"article": article.pk, "start": start, "end": start + 9, "quote": "Officers"}, format="json"
    )

    assert ok.status_code == 201
    assert bad.status_code == 400
    assert "quote" in bad.json()
    assert Claim.objects.count() == 1


def test_a_quote_alone_is_located_by_the_server(reviewer, article):
    response = api(reviewer).post(
        "/api/v1/claims/", {"article": article.pk, "quote": "any safety inspection was skipped"}, format="json"
    )

    assert response.status_code == 201
    start = ENGLISH_BODY.index("any safety inspection was skipped")
    assert (response.json()["start"], response.json()["end"]) == (start, start + 33)


def test_an_ambiguous_quote_is_400_listing_the_offsets(reviewer, article):
    response = api(reviewer).post("/api/v1/claims/", {"article": article.pk, "quote": "Monday"}, format="json")

    assert response.status_code == 400
    message = response.json()["quote"][0]
    first, second = ENGLISH_BODY.index("Monday"), ENGLISH_BODY.rindex("Monday")
    assert f"{first}–{first + 6}" in message
    assert f"{second}–{second + 6}" in message
    assert Claim.objects.count() == 0


def test_a_quote_that_does_not_occur_is_400(reviewer, article):
    response = api(reviewer).post("/api/v1/claims/", {"article": article.pk, "quote": "aliens landed"}, format="json")

    assert response.status_code == 400
    assert "does not occur" in response.json()["quote"][0]


def test_offsets_count_code_points_after_an_emoji(reviewer, arabic_article):
    quote = "إن الحريق دمّر ثلاثة مبانٍ"
    start = ARABIC_BODY.index(quote)

    response = api(reviewer).post(
        "/api/v1/claims/", {"article": arabic_article.pk, "start": start, "end": start + len(quote)}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["quote"] == quote


@pytest.mark.parametrize(
    "fields",
    [
        {"start": 5},
        {"start": 10, "end": 5},
        {"start": 0, "end": 100_000},
        {"start": -1, "end": 4},
        {"start": "zero", "end": 4},
        {"start": 1.5, "end": 4},
        {"start": 0, "end": 2**40},
        {},
        {"quote": ""},
        {"quote": 42},
    ],
)
def test_bad_offsets_or_quotes_are_400(reviewer, article, fields):
    response = api(reviewer).post("/api/v1/claims/", {"article": article.pk, **fields}, format="json")

    assert response.status_code == 400
    assert Claim.objects.count() == 0


@pytest.mark.parametrize("field", ["status", "version", "project", "created_by", "prefix", "id"])
def test_mass_assignment_of_server_fields_is_refused(reviewer, article, field):
    response = api(reviewer).post(
        "/api/v1/claims/", {"article": article.pk, "quote": "Officials", field: "confirmed"}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert Claim.objects.count() == 0


def test_an_outsider_gets_404_and_cannot_mark_claims_in_another_project(claim, article, outsider):
    client = api(outsider)

    assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 404
    assert (
        client.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "x"}, format="json", HTTP_IF_MATCH='"1"').status_code
        == 404
    )
    assert client.delete(f"/api/v1/claims/{claim.pk}/", HTTP_IF_MATCH='"1"').status_code == 404
    response = client.post("/api/v1/claims/", {"article": article.pk, "quote": "Officials"}, format="json")
    assert response.status_code == 400
    assert "article" in response.json()
    assert client.get("/api/v1/claims/").json()["results"] == []
    assert Claim.objects.count() == 1


def test_retrieve_sends_the_etag(reviewer2, claim):
    response = api(reviewer2).get(f"/api/v1/claims/{claim.pk}/")

    assert response.status_code == 200
    assert response["ETag"] == f'"{claim.version}"'


def test_a_patch_without_if_match_is_428_and_changes_nothing(editor, claim):
    response = api(editor).patch(f"/api/v1/claims/{claim.pk}/", {"statement": "x"}, format="json")

    assert response.status_code == 428
    claim.refresh_from_db()
    assert (claim.statement, claim.version) == ("", 1)


def test_a_stale_if_match_is_412_with_the_current_claim(editor, reviewer, claim):
    services.claim_update(claim=claim, actor=reviewer, expected_version=1, statement="First edit")

    response = api(editor).patch(
        f"/api/v1/claims/{claim.pk}/", {"statement": "Second edit"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 412
    assert response.json()["current"]["statement"] == "First edit"
    assert response.json()["current"]["version"] == 2
    assert response["ETag"] == '"2"'
    claim.refresh_from_db()
    assert claim.statement == "First edit"


@pytest.mark.parametrize("header", ["*", "garbage", '"abc"', "1"])
def test_an_if_match_naming_no_version_is_412(editor, claim, header):
    response = api(editor).patch(f"/api/v1/claims/{claim.pk}/", {"statement": "x"}, format="json", HTTP_IF_MATCH=header)

    assert response.status_code == 412
    claim.refresh_from_db()
    assert claim.statement == ""


def test_an_editor_updates_a_claim_with_the_current_etag(editor, claim):
    response = api(editor).patch(
        f"/api/v1/claims/{claim.pk}/",
        {"statement": "1,200 containers moved overnight", "claimant": "port authority"},
        format="json",
        HTTP_IF_MATCH='W/"1"',
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    claim.refresh_from_db()
    assert claim.claimant == "port authority"


def test_a_patch_can_move_the_span_to_a_new_quote(editor, claim):
    response = api(editor).patch(
        f"/api/v1/claims/{claim.pk}/", {"quote": "the night shift had been cut"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 200
    assert response.json()["start"] == ENGLISH_BODY.index("the night shift")


def test_a_reviewer_may_not_edit_someone_elses_claim(reviewer2, claim):
    response = api(reviewer2).patch(
        f"/api/v1/claims/{claim.pk}/", {"statement": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.statement == ""


def test_mass_assignment_in_a_patch_is_refused(editor, claim):
    response = api(editor).patch(
        f"/api/v1/claims/{claim.pk}/", {"status": "confirmed", "article": 1}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 400
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("needs_review", 1)


def test_an_editor_deletes_a_claim_with_its_verdicts(editor, reviewer2, claim):
    services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")
    client = api(editor)

    assert client.delete(f"/api/v1/claims/{claim.pk}/").status_code == 428
    assert client.delete(f"/api/v1/claims/{claim.pk}/", HTTP_IF_MATCH='"7"').status_code == 412
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert client.delete(f"/api/v1/claims/{claim.pk}/", HTTP_IF_MATCH='"1"').status_code == 204
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert set(HistoryEvent.objects.deletions().values_list("entity", flat=True)) == {"claim", "verdict"}


def test_a_reviewer_may_not_delete_a_claim_others_gave_verdicts_on(reviewer, reviewer2, claim):
    services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")

    assert api(reviewer).delete(f"/api/v1/claims/{claim.pk}/", HTTP_IF_MATCH='"1"').status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_put_is_not_offered(editor, claim):
    response = api(editor).put(f"/api/v1/claims/{claim.pk}/", {"statement": "x"}, format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 405


def test_a_claim_deleted_while_a_patch_runs_answers_404_not_500(claim, reviewer, editor, monkeypatch):
    from annotations.api import claims as claim_api

    client = APIClient()
    client.force_authenticate(reviewer)
    real_update = services.claim_update

    def delete_first(**kwargs):  # an editor deletes the claim just before this request's service runs
        services.claim_delete(claim=kwargs["claim"], actor=editor, expected_version=None)
        return real_update(**kwargs)

    monkeypatch.setattr(claim_api.services, "claim_update", delete_first)
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"statement": "Edited"}, format="json", HTTP_IF_MATCH=f'"{claim.version}"'
    )
    assert response.status_code == 404
