"""The article import honours IMPORT_MAX_BYTES for a JSON array as for JSON Lines, not MAX_REQUEST_BYTES."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from annotations.models import Article

SIX_MB = 6_000_000


def big_items() -> list[dict]:
    """About 6 MB of distinct articles: more than MAX_REQUEST_BYTES (5 MiB)."""
    return [{"title": f"Article {i}", "body": f"Body {i}. " + "Long text. " * 270} for i in range(2000)]


def post(user, project, body: bytes, content_type: str):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(f"/api/v1/articles/import/?project={project.pk}", body, content_type=content_type)


@pytest.mark.parametrize("shape", ["application/json", "application/x-ndjson"])
def test_a_6_mb_import_passes_when_the_import_limit_allows_it(editor, project, settings, shape):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    settings.VERIFIER_IMPORT_MAX_BYTES = 8 * 1024 * 1024
    items = big_items()
    if shape == "application/json":
        body = json.dumps(items).encode()
    else:
        body = "\n".join(json.dumps(item) for item in items).encode()
    assert SIX_MB < len(body) < settings.VERIFIER_IMPORT_MAX_BYTES

    response = post(editor, project, body, shape)

    assert response.status_code == 200, response.content[:200]
    assert response.json()["created"] == len(items)
    assert Article.objects.filter(project=project).count() == len(items)


@pytest.mark.parametrize("shape", ["application/json", "application/x-ndjson"])
def test_a_6_mb_import_over_the_import_limit_is_413(editor, project, settings, shape):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
    settings.VERIFIER_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    items = big_items()
    body = json.dumps(items).encode() if shape == "application/json" else "\n".join(map(json.dumps, items)).encode()

    response = post(editor, project, body, shape)

    assert response.status_code == 413
    assert "detail" in response.json()
    assert not Article.objects.filter(project=project).exists()


def test_other_json_endpoints_keep_the_request_limit(editor, project, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.VERIFIER_IMPORT_MAX_BYTES = 8 * 1024 * 1024
    client = APIClient()
    client.force_authenticate(editor)
    body = json.dumps({"project": project.pk, "title": "T", "body": "x" * 2000}).encode()

    response = client.post("/api/v1/articles/", body, content_type="application/json")

    assert response.status_code == 413
