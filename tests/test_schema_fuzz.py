"""Schemathesis fuzzes every operation of /api/schema/ in-process: no request may cause a server error."""

from __future__ import annotations

import base64
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services as token_services
from annotations import services

# Examples per operation and pass: ~40 operations × 3 passes × this, in well under two minutes.
EXAMPLES = 30


# The responses must match the schema too (ours; the export's streamed formats are checked by its tests).
CONFORMANCE = [status_code_conformance, content_type_conformance, response_schema_conformance]
OTHERS_OPERATIONS = {"/api/v1/export/verdicts/"}


@pytest.fixture
def wsgi_app(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # The fuzzer exports far more often than a person: the per-user export throttle would answer 429.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "export": "10000/hour"},
    }
    # Like Django's test client: keep the test's transaction open across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(project, article, claim, admin_user_, editor, reviewer, reviewer2, outsider) -> dict:
    """An editor's token, and the ids of existing objects of each kind in their project."""
    verdict = services.verdict_create(claim=claim, reviewer=editor, label="disputed", rationale="Log says 900")
    services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")
    # A draft by the admin, so that the editor may publish it (four-eyes) and then correct it.
    rating = project.rating_items.get(name="Disputed")
    decision = services.decision_create(claim=claim, actor=admin_user_, rating=rating, explanation="Log says 900")
    comment = services.comment_create(claim=claim, author=editor, body="Which log?")
    _, raw = token_services.token_create(user=editor, name="schemathesis")
    spare, _ = token_services.token_create(user=editor, name="the one the fuzzer may revoke")
    return {
        "token": raw,
        "spare_token": spare.pk,
        "ids": {
            "/projects/": {"id": project.pk, "project_pk": project.pk, "username": "rita-reviewer"},
            "/articles/": {"id": article.pk},
            "/claims/": {"id": claim.pk},
            "/verdicts/": {"id": verdict.pk},
            "/decisions/": {"id": decision.pk},
            "/ratings/": {"id": rating.pk},
            "/comments/": {"id": comment.pk},
        },
    }


def known_ids(operation, seeded: dict) -> dict:
    """Path parameters naming objects that exist, so that fuzzing reaches past the 404s."""
    for prefix, ids in seeded["ids"].items():
        if prefix in operation.path:
            names = {p.name for p in operation.path_parameters}
            return {name: value for name, value in ids.items() if name in names}
    return {}


def test_no_operation_answers_with_a_server_error(wsgi_app, seeded):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    headers = {"Authorization": f"Token {seeded['token']}"}
    server_errors: list[str] = []
    mismatches: set[str] = set()
    statuses: Counter[int] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 38

    for operation in operations:
        passes = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
        if operation.label == "DELETE /api/v1/auth/tokens/{id}/":
            # A random id could be the token this run authenticates with: aim at a spare one.
            passes = [(GenerationMode.POSITIVE, {"id": seeded["spare_token"]})]
        ids = known_ids(operation, seeded)
        if ids and operation.method.upper() != "DELETE":  # keep the seeded objects for the other operations
            passes.append((GenerationMode.POSITIVE, ids))
        for mode, path_parameters in passes:

            @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case) -> None:
                response = case.call(headers={**(case.headers or {}), **headers})
                statuses[response.status_code] += 1
                if response.status_code >= 500:
                    server_errors.append(f"{response.status_code}: {case.as_curl_command(headers=headers)}")
                elif case.operation.path not in OTHERS_OPERATIONS:
                    try:
                        case.validate_response(response, checks=CONFORMANCE)
                    except BaseException as failure:  # schemathesis raises exception groups
                        mismatches.add(
                            f"{case.operation.label} → {response.status_code}: {' '.join(str(failure).split())[:300]}"
                        )

            try:
                run()
            except Unsatisfiable:
                # Negative mode finds nothing invalid to send (e.g. an operation without input).
                assert mode is GenerationMode.NEGATIVE, operation.label

    assert server_errors == []
    # And every answer is one the schema documents: status code, content type and body.
    assert not mismatches, "\n".join(sorted(mismatches))
    # The token worked and valid requests got through: reads, creations, refusals of each kind.
    assert {200, 201, 400, 404} <= set(statuses), statuses
    print(sorted(statuses.items()))


# --- tampered cursors ------------------------------------------------------------------------------
# DRF's cursor is base64 of a query string: o (offset), r (reverse), p (position, an id here). A client can
# rewrite it; every rewrite must be a 400 naming the cursor (or a page), never a 500.
KNOWN_BAD_POSITIONS = ["abc", "", "1e999", "1.5", "-", "9" * 30, "9223372036854775808", "0x10", " 1", "１２"]


def b64(raw: str) -> str:
    return base64.b64encode(raw.encode("utf-8", "surrogatepass")).decode()


positions = st.one_of(st.sampled_from(KNOWN_BAD_POSITIONS), st.text(max_size=25), st.integers().map(str))
cursors = st.one_of(
    positions.map(lambda p: b64(f"p={p}")),
    st.tuples(st.text(max_size=6), st.text(max_size=3), positions).map(lambda t: b64(f"o={t[0]}&r={t[1]}&p={t[2]}")),
    st.binary(max_size=30).map(lambda b: base64.b64encode(b).decode()),
    st.text(max_size=40),
)


def test_tampered_cursors_on_every_cursor_paginated_list_are_refused_cleanly(wsgi_app, seeded):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    headers = {"Authorization": f"Token {seeded['token']}"}
    lists = [
        operation
        for operation in (result.ok() for result in schema.get_all_operations())
        if operation.method.upper() == "GET" and "cursor" in {parameter.name for parameter in operation.query}
    ]
    assert {operation.path for operation in lists} >= {
        "/api/v1/projects/",
        "/api/v1/articles/",
        "/api/v1/claims/",
        "/api/v1/verdicts/",
        "/api/v1/deletions/",
    }
    problems: list[str] = []

    def fuzz(operation) -> None:
        for position in KNOWN_BAD_POSITIONS:
            response = operation.Case(query={"cursor": b64(f"p={position}")}).call(headers=headers)
            if response.status_code != 400 or "cursor" not in response.json():
                problems.append(f"{operation.label} p={position!r} → {response.status_code}")

        @given(value=cursors)
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(value: str) -> None:
            case = operation.Case(query={"cursor": value})
            response = case.call(headers=headers)
            if response.status_code >= 500:
                problems.append(f"{operation.label} cursor={value!r} → {response.status_code}")
            elif response.status_code != 200:
                try:
                    case.validate_response(response, checks=CONFORMANCE)
                except BaseException as failure:  # schemathesis raises exception groups
                    problems.append(f"{operation.label} cursor={value!r}: {' '.join(str(failure).split())[:200]}")

        run()

    for operation in lists:
        fuzz(operation)
    assert problems == []
