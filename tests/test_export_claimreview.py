"""GET /api/v1/export/verdicts/?format=claimreview: one schema.org ClaimReview per published decision."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures / decision_fixtures are used as arguments)

from __future__ import annotations

import json

from annotations import services
from annotations.models import Label
from tests.decision_fixtures import draft, editor2, published, scale  # pytest fixtures and helpers
from tests.export_fixtures import body_of, export, verdicts  # pytest fixtures

REQUIRED = {"@type", "url", "claimReviewed", "datePublished", "dateModified", "author", "reviewRating", "itemReviewed"}


def graph(client, **params) -> list[dict]:
    response = export(client, "claimreview", **params)
    assert response["Content-Type"] == "application/ld+json"
    assert response["Content-Disposition"].endswith('.jsonld"')
    document = json.loads(body_of(response))
    assert document["@context"] == "https://schema.org"
    return document["@graph"]


def test_only_published_non_void_decisions_are_published(client, reviewer, editor, editor2, verdicts, article):
    claim, arabic = verdicts
    third = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    fourth = services.claim_create(article=article, created_by=reviewer, quote="A union spokesperson")
    services.verdict_create(claim=fourth, reviewer=reviewer, label=Label.UNVERIFIED)  # agreed, no decision
    shown = published(claim, editor, editor2, "Confirmed")
    draft(arabic, editor)  # a draft is not published
    voided = published(third, editor, editor2)
    services.correction_create(decision=voided, actor=editor, kind="void", note="Wrong claim")
    client.force_login(reviewer)
    reviews = graph(client)
    assert [r["url"] for r in reviews] == [f"https://example.org/port#claim-{claim.pk}"]
    assert reviews[0]["datePublished"] == shown.published_at.isoformat().replace("+00:00", "Z")


def test_the_review_carries_the_desks_rating_and_public_explanation_only(
    client, reviewer, editor, editor2, verdicts, settings, project
):
    settings.VERIFIER_ORGANIZATION_NAME = "Harbour Fact Check"
    settings.VERIFIER_ORGANIZATION_URL = "https://factcheck.example.org"
    claim, arabic = verdicts
    services.rating_create(project=project, actor=project.created_by, name="Mostly true", verdict="confirmed", value=5)
    services.rating_create(
        project=project, actor=project.created_by, name="Pants on fire", verdict="disputed", value=-2
    )
    evidence = [{"url": "https://example.org/public-log", "title": "Public port log"}]
    published(
        claim, editor, editor2, "Mostly true", explanation="PUBLIC: the port log shows it.", public_evidence=evidence
    )
    client.force_login(reviewer)
    (review,) = graph(client)
    assert review.keys() >= REQUIRED and review["@type"] == "ClaimReview"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Harbour Fact Check",
        "url": "https://factcheck.example.org",
    }
    assert review["reviewRating"] == {
        "@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": -2, "alternateName": "Mostly true",
        "ratingExplanation": "PUBLIC: the port log shows it.",
    }  # fmt: skip
    assert review["claimReviewed"] == claim.quote
    assert review["dateModified"] == review["datePublished"]  # no correction yet
    assert review["itemReviewed"]["appearance"] == {
        "@type": "NewsArticle", "headline": "Port moves 1,200 containers", "url": "https://example.org/port",
        "publisher": {"@type": "Organization", "name": "Harbour Times"},
    }  # fmt: skip
    text = json.dumps(review, ensure_ascii=False)
    # Reviewers' rationales, names and internal evidence never appear.
    for internal in ("Port log shows 1,200 moves.", "Matches the log.", "rita-reviewer", "https://example.org/log"):
        assert internal not in text


def test_a_rating_change_shows_the_new_rating_and_date_modified(client, reviewer, editor, editor2, verdicts, project):
    claim, _ = verdicts
    decision = published(claim, editor, editor2, "Confirmed")
    correction = services.correction_create(
        decision=decision, actor=editor, kind="rating_change", note="New log", rating=scale(project)["Disputed"].pk
    )
    client.force_login(reviewer)
    (review,) = graph(client)
    assert review["reviewRating"]["alternateName"] == "Disputed"
    assert review["reviewRating"]["ratingValue"] == review["reviewRating"]["worstRating"] == 1
    assert review["dateModified"] == correction.created_at.isoformat().replace("+00:00", "Z")
    assert review["dateModified"] > review["datePublished"]


def test_the_url_is_the_desks_public_page_when_the_project_has_one(
    client, reviewer, editor, editor2, verdicts, project, admin_user_
):
    claim, arabic = verdicts
    published(arabic, editor, editor2)  # an article without a URL of its own
    client.force_login(reviewer)
    (review,) = graph(client)
    assert "url" not in review  # never this tool's login-only page
    assert "url" not in review["itemReviewed"]["appearance"]
    services.project_update(project=project, actor=admin_user_, public_base_url="https://desk.example/checks/")
    (review,) = graph(client)
    assert review["url"] == f"https://desk.example/checks/claims/{arabic.pk}/"
    assert review["claimReviewed"] == arabic.quote
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "المتحدث"}


def test_the_statement_is_reviewed_when_there_is_one(client, reviewer, editor, editor2, article):
    claim = services.claim_create(
        article=article, created_by=reviewer, quote="the night shift had been cut by half",
        statement="The night shift was halved since March.",
    )  # fmt: skip
    published(claim, editor, editor2, "Unverified")
    client.force_login(reviewer)
    (review,) = graph(client)
    assert review["claimReviewed"] == "The night shift was halved since March."
    assert review["reviewRating"]["alternateName"] == "Unverified"


def test_filters_apply_to_claimreview_too(client, reviewer, editor, editor2, verdicts):
    claim, arabic = verdicts
    published(claim, editor, editor2, "Confirmed")
    published(arabic, editor, editor2)
    client.force_login(reviewer)
    assert len(graph(client)) == 2
    assert [r["claimReviewed"] for r in graph(client, article=arabic.article_id)] == [arabic.quote]
    assert graph(client, decision_state="draft") == []
