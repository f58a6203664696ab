"""OpenAPI 3 at /api/schema/ (valid, no generator warnings, every endpoint documented) and docs at /api/docs/."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

EXPECTED_OPERATIONS = {
    ("/api/v1/auth/token/", "post"),
    ("/api/v1/auth/tokens/", "get"),
    ("/api/v1/auth/tokens/{id}/", "delete"),
    ("/api/v1/projects/", "get"),
    ("/api/v1/projects/", "post"),
    ("/api/v1/projects/{id}/", "get"),
    ("/api/v1/projects/{id}/", "patch"),
    ("/api/v1/projects/{project_pk}/members/", "get"),
    ("/api/v1/projects/{project_pk}/members/", "post"),
    ("/api/v1/projects/{project_pk}/members/{username}/", "patch"),
    ("/api/v1/projects/{project_pk}/members/{username}/", "delete"),
    ("/api/v1/articles/", "get"),
    ("/api/v1/articles/", "post"),
    ("/api/v1/articles/import/", "post"),
    ("/api/v1/articles/{id}/", "get"),
    ("/api/v1/articles/{id}/", "delete"),
    ("/api/v1/claims/", "get"),
    ("/api/v1/claims/", "post"),
    ("/api/v1/claims/{id}/", "get"),
    ("/api/v1/claims/{id}/", "patch"),
    ("/api/v1/claims/{id}/", "delete"),
    ("/api/v1/verdicts/", "get"),
    ("/api/v1/verdicts/", "post"),
    ("/api/v1/verdicts/{id}/", "get"),
    ("/api/v1/verdicts/{id}/", "patch"),
    ("/api/v1/verdicts/{id}/", "delete"),
    ("/api/v1/deletions/", "get"),
    ("/api/v1/ratings/", "get"),
    ("/api/v1/ratings/", "post"),
    ("/api/v1/ratings/{id}/", "get"),
    ("/api/v1/ratings/{id}/", "patch"),
    ("/api/v1/ratings/{id}/", "delete"),
    ("/api/v1/decisions/", "get"),
    ("/api/v1/decisions/", "post"),
    ("/api/v1/decisions/{id}/", "get"),
    ("/api/v1/decisions/{id}/", "patch"),
    ("/api/v1/decisions/{id}/", "delete"),
    ("/api/v1/decisions/{id}/publish/", "post"),
    ("/api/v1/decisions/{id}/corrections/", "post"),
    ("/api/v1/corrections/", "get"),
}


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_generates_and_validates_without_a_single_warning(tmp_path, capsys):
    # --fail-on-warn turns any drf-spectacular warning or error into a failure; --validate checks it
    # against the OpenAPI 3 meta-schema.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yaml"))

    generated = yaml.safe_load((tmp_path / "schema.yaml").read_text())
    assert generated["openapi"].startswith("3.")
    assert "Warning" not in capsys.readouterr().err


def test_every_endpoint_is_documented(schema):
    documented = {(path, method) for path, ops in schema["paths"].items() for method in ops}

    assert documented >= EXPECTED_OPERATIONS


def test_every_operation_documents_its_errors_and_auth(schema):
    for path, method in EXPECTED_OPERATIONS:
        operation = schema["paths"][path][method]
        codes = set(operation["responses"])
        assert any(code.startswith("2") for code in codes), (path, method)
        if path == "/api/v1/auth/token/":
            assert {"400", "401", "429"} <= codes
            assert not operation.get("security")  # no credentials needed to get a token
            continue
        assert "401" in codes, (path, method)
        assert {"tokenAuth": []} in operation["security"], (path, method)
        if "{" in path:
            assert "404" in codes, (path, method)
        if method in {"post", "patch"}:
            assert {"400", "413"} <= codes, (path, method)


def test_changes_to_claims_and_verdicts_document_if_match_and_its_errors(schema):
    for path in ("/api/v1/claims/{id}/", "/api/v1/verdicts/{id}/", "/api/v1/decisions/{id}/"):
        for method in ("patch", "delete"):
            operation = schema["paths"][path][method]
            if_match = [p for p in operation["parameters"] if p["name"] == "If-Match"]
            assert if_match and if_match[0]["in"] == "header" and if_match[0]["required"]
            assert {"412", "428"} <= set(operation["responses"])
        assert "ETag" in schema["paths"][path]["get"]["responses"]["200"]["headers"]
    assert "409" in schema["paths"]["/api/v1/verdicts/"]["post"]["responses"]
    assert "409" in schema["paths"]["/api/v1/decisions/"]["post"]["responses"]
    publish = schema["paths"]["/api/v1/decisions/{id}/publish/"]["post"]
    assert {"403", "409", "412", "428"} <= set(publish["responses"])
    assert [p for p in publish["parameters"] if p["name"] == "If-Match"][0]["required"]


def test_list_filters_are_documented(schema):
    for path, names in {
        "/api/v1/claims/": {
            "project",
            "article",
            "status",
            "label",
            "reviewer",
            "claimant",
            "search",
            "updated_after",
            "decision_state",
            "review_due_before",
        },
        "/api/v1/verdicts/": {
            "project",
            "article",
            "claim",
            "status",
            "label",
            "reviewer",
            "claimant",
            "search",
            "updated_after",
        },
        "/api/v1/deletions/": {"project", "entity", "updated_after", "since"},
        "/api/v1/decisions/": {
            "project",
            "article",
            "state",
            "rating",
            "verdict",
            "decided_by",
            "review_due_before",
            "updated_after",
        },
        "/api/v1/corrections/": {"project", "decision", "claim", "kind", "updated_after"},
        "/api/v1/ratings/": {"project"},
    }.items():
        parameters = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert names | {"cursor", "page_size"} <= parameters, path


def test_request_bodies_never_offer_server_fields(schema):
    components = schema["components"]["schemas"]
    for name in (
        "ClaimCreateRequest",
        "PatchedClaimUpdateRequest",
        "VerdictCreateRequest",
        "PatchedVerdictUpdateRequest",
        "ArticleCreateRequest",
        "ProjectCreateRequest",
        "DecisionCreateRequest",
        "PatchedDecisionUpdateRequest",
        "CorrectionCreateRequest",
    ):
        properties = set(components[name]["properties"])
        assert not properties & {"reviewer", "version", "created_by", "imported_by", "status", "created_at", "id"}, name
        if "Decision" in name or "Correction" in name:
            assert not properties & {"decided_by", "published_by", "published_at", "state", "modified_at"}, name


def test_the_docs_page_uses_vendored_assets_and_no_inline_script(db):
    response = Client().get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources and all(src.startswith("/") and not src.startswith("//") for src in sources)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script would be blocked by the CSP"
    assert "<style" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_docs_script_is_served(db):
    html = Client().get("/api/docs/").content.decode()
    script = [s for s in re.findall(r'<script[^>]*src="([^"]+)"', html) if "script" in s and "static" not in s]

    response = Client().get(script[0].replace("&amp;", "&"))

    assert response.status_code == 200
    assert "SwaggerUIBundle" in response.content.decode()
