"""Refused requests: JSON errors with field messages, 4xx never 5xx, 413 for big bodies, nothing stored."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from annotations.models import Article, Claim, HistoryEvent, Project, Verdict
from tests.conftest import COMBINING_BODY


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def stored() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Project, Article, Claim, Verdict, HistoryEvent))


def post_raw(client: APIClient, url: str, raw: bytes, content_type: str = "application/json"):
    return client.post(url, data=raw, content_type=content_type)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"article": 1,',
        b"",
        b"[" * 50_000 + b"]" * 50_000,
        b'{"article": NaN, "quote": "x"}',
        b'{"article": Infinity}',
        b'{"quote": "\xff\xfe"}',
        b'"just a string"',
        b"[1, 2]",
        b"null",
        b'{"article": 1' + b"0" * 5000 + b"}",
    ],
)
def test_malformed_or_non_object_json_is_400(reviewer, article, raw):
    before = stored()

    response = post_raw(api(reviewer), "/api/v1/claims/", raw)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()
    assert stored() == before


@pytest.mark.parametrize(
    "raw",
    [
        '{"article": %d, "quote": "claimed the\\u0000 night"}',
        '{"article": %d, "quote": "claimed \\ud800"}',
        '{"article": %d, "quote": "Officials", "statement": "lone \\udfff surrogate"}',
        '{"article": %d, "quote": "Officials", "claimant": "nul\\u0000"}',
    ],
)
def test_nul_characters_and_lone_surrogates_are_400(reviewer, article, raw):
    before = stored()

    response = post_raw(api(reviewer), "/api/v1/claims/", (raw % article.pk).encode())

    assert response.status_code == 400
    assert stored() == before


def test_nul_and_surrogates_in_article_bodies_are_400(editor, project):
    client = api(editor)
    before = stored()
    for body in ("a\\u0000b", "a\\ud83db"):
        raw = f'{{"project": {project.pk}, "title": "T", "body": "{body}"}}'.encode()
        response = post_raw(client, "/api/v1/articles/", raw)
        assert response.status_code == 400
        assert "body" in response.json()
    assert stored() == before


ARTICLE = object()  # replaced by the fixture article's id


@pytest.mark.parametrize(
    "body",
    [
        {"article": "one", "quote": "Officials"},
        {"article": [1], "quote": "Officials"},
        {"article": {"id": 1}, "quote": "Officials"},
        {"article": None, "quote": "Officials"},
        {"article": True, "quote": "Officials"},
        {"article": 10**30, "quote": "Officials"},
        {"article": -1, "quote": "Officials"},
        {"quote": "Officials"},
        {"article": ARTICLE, "quote": ["Officials"]},
        {"article": ARTICLE, "start": "0", "end": {"x": 1}},
        {"article": ARTICLE, "start": 10**30, "end": 10**31},
        {"article": ARTICLE, "quote": "Officials", "statement": 12.5e300},
    ],
)
def test_wrong_types_and_out_of_range_values_are_400(reviewer, article, body):
    if body.get("article") is ARTICLE:
        body = {**body, "article": article.pk}
    before = stored()

    response = api(reviewer).post("/api/v1/claims/", body, format="json")

    assert response.status_code == 400
    assert stored() == before


def test_unicode_edge_cases_are_kept_exactly(editor, reviewer, project):
    article = (
        api(editor)
        .post(
            "/api/v1/articles/",
            {"project": project.pk, "title": "Zoë’s café 👩‍👩‍👧", "body": COMBINING_BODY},
            format="json",
        )
        .json()
    )
    quote = "e\u0301cole closed in 2023 👩‍👩‍👧"

    response = api(reviewer).post("/api/v1/claims/", {"article": article["id"], "quote": quote}, format="json")

    assert response.status_code == 201
    assert response.json()["quote"] == quote
    assert response.json()["start"] == COMBINING_BODY.index(quote)
    assert article["title"] == "Zoë’s café 👩‍👩‍👧"


def test_a_body_over_the_limit_is_413_and_nothing_is_stored(editor, project, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = stored()

    response = api(editor).post(
        "/api/v1/articles/", {"project": project.pk, "title": "Big", "body": "x" * 20_000}, format="json"
    )

    assert response.status_code == 413
    assert "detail" in response.json()
    assert stored() == before


def test_a_body_without_a_content_length_is_not_read_and_is_400(editor, project, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    raw = json.dumps({"project": project.pk, "title": "Big", "body": "x" * 20_000}).encode()

    response = api(editor).generic("POST", "/api/v1/articles/", raw, content_type="application/json", CONTENT_LENGTH="")

    assert response.status_code == 400
    assert not Article.objects.filter(title="Big").exists()


def test_a_body_just_under_the_limit_is_accepted(editor, project, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = api(editor).post(
        "/api/v1/articles/", {"project": project.pk, "title": "Fits", "body": "x" * 9_000}, format="json"
    )

    assert response.status_code == 201


def test_an_unsupported_content_type_is_415(reviewer, article):
    response = post_raw(api(reviewer), "/api/v1/claims/", b"article=1&quote=x", "application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert Claim.objects.count() == 0


def test_unknown_urls_and_methods_are_4xx_in_json(reviewer, claim):
    client = api(reviewer)

    for path in (
        "/api/v1/claims/not-a-number/",
        "/api/v1/claims",
        "/api/v1/nothing-here/",
        "/api/v1/projects/x/members/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "detail" in response.json()
    assert client.post("/api/v1/claims", {}, format="json").status_code == 404
    assert client.get(f"/api/v1/claims/{10**25}/").status_code == 404
    assert client.post(f"/api/v1/claims/{claim.pk}/", {}, format="json").status_code == 405


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"\\ud800": 1}', "non_field_errors"),
        ('{"claim": %d, "label": "\\ud800"}', "label"),
        (
            '{"claim": %d, "label": "confirmed", "evidence": [{"\\udfff": "x", "url": "https://example.org"}]}',
            "evidence",
        ),
        ('{"claim": %d, "label": "unverified", "rationale": "x\\ud83d"}', "rationale"),
    ],
)
def test_unpaired_surrogates_anywhere_are_400_naming_the_field(reviewer2, claim, raw, field):
    # Echoing such a string back in an error message could not even be encoded as UTF-8.
    body = (raw % claim.pk if "%d" in raw else raw).encode()

    response = post_raw(api(reviewer2), "/api/v1/verdicts/", body)

    assert response.status_code == 400
    assert field in response.json()
    assert not Verdict.objects.exists()


def test_a_surrogate_pair_is_an_ordinary_character(reviewer2, claim):
    raw = f'{{"claim": {claim.pk}, "label": "unverified", "rationale": "fire \\ud83d\\udd25"}}'

    response = post_raw(api(reviewer2), "/api/v1/verdicts/", raw.encode())

    assert response.status_code == 201
    assert response.json()["rationale"] == "fire 🔥"
