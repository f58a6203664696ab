"""Shared data and helpers for the export tests (tests/test_export_*.py)."""

from __future__ import annotations

import pytest

from annotations import services
from annotations.models import Label, Project

EXPORT_URL = "/api/v1/export/verdicts/"


def evidence(url: str, stance: str = "supports") -> dict[str, str]:
    return {"url": url, "title": "Port statistics", "excerpt": "Table 3", "stance": stance}


def body_of(response) -> str:
    """The whole streamed body, decoded (the response must be a streaming one)."""
    assert response.streaming, "exports must be StreamingHttpResponse"
    return b"".join(response.streaming_content).decode("utf-8")


def export(client, fmt: str, **params):
    return client.get(EXPORT_URL, {"format": fmt, **params})


@pytest.fixture
def verdicts(claim, arabic_article, reviewer, reviewer2, admin_user_):
    """An English claim with two agreeing verdicts and an Arabic claim (after an emoji) with one."""
    services.verdict_create(
        claim=claim,
        reviewer=reviewer,
        label=Label.CONFIRMED,
        rationale="Port log shows 1,200 moves.",
        evidence=[evidence("https://example.org/log"), evidence("https://example.org/photo", "context")],
    )
    services.verdict_create(claim=claim, reviewer=reviewer2, label=Label.CONFIRMED, rationale="Matches the log.")
    arabic = services.claim_create(
        article=arabic_article, created_by=reviewer, quote="الحريق دمّر ثلاثة مبانٍ", claimant="المتحدث"
    )
    services.verdict_create(claim=arabic, reviewer=reviewer, label=Label.DISPUTED, rationale="صور تظهر مبنيين فقط.")
    return claim, arabic


@pytest.fixture
def other_project_verdict(outsider):
    """A claim and verdict in the outsider's project, which our personas must never see."""
    project = Project.objects.get(created_by=outsider)
    article = project.articles.get()
    claim = services.claim_create(article=article, created_by=outsider, quote="Other body", claimant="Secret source")
    return services.verdict_create(claim=claim, reviewer=outsider, label=Label.DISPUTED, rationale="Secret rationale")
