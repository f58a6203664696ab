"""GET /api/v1/export/verdicts/?format=claimreview: schema.org ClaimReview JSON-LD per settled claim."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures are used as arguments)

from __future__ import annotations

import json

from annotations import services
from annotations.models import Label
from tests.export_fixtures import body_of, export, verdicts  # pytest fixtures

REQUIRED = {"@type", "url", "claimReviewed", "datePublished", "author", "reviewRating", "itemReviewed"}


def graph(client) -> list[dict]:
    response = export(client, "claimreview")
    assert response["Content-Type"] == "application/ld+json"
    assert response["Content-Disposition"].endswith('.jsonld"')
    document = json.loads(body_of(response))
    assert document["@context"] == "https://schema.org"
    return document["@graph"]


def test_every_claim_review_has_the_required_fields(client, reviewer, verdicts, settings):
    settings.VERIFIER_ORGANIZATION_NAME = "Harbour Fact Check"
    settings.VERIFIER_ORGANIZATION_URL = "https://factcheck.example.org"
    claim, arabic = verdicts
    client.force_login(reviewer)
    reviews = graph(client)
    assert len(reviews) == 2
    for review in reviews:
        assert review.keys() >= REQUIRED
        assert review["@type"] == "ClaimReview"
        assert review["author"] == {
            "@type": "Organization", "name": "Harbour Fact Check", "url": "https://factcheck.example.org",
        }  # fmt: skip
        rating = review["reviewRating"]
        assert {"alternateName", "ratingValue", "bestRating", "worstRating", "ratingExplanation"} <= rating.keys()
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["url"].startswith("http://testserver/")
        assert len(review["datePublished"]) == 10  # YYYY-MM-DD

    english, arabic_review = reviews
    assert english["url"].endswith(f"#claim-{claim.pk}")
    assert english["claimReviewed"] == claim.quote
    assert english["reviewRating"]["alternateName"] == "Confirmed"
    assert english["reviewRating"]["ratingValue"] == english["reviewRating"]["bestRating"]
    assert english["reviewRating"]["ratingExplanation"] == "Port log shows 1,200 moves.\n\nMatches the log."
    appearance = english["itemReviewed"]["appearance"]
    assert appearance["url"] == "https://example.org/port"
    assert appearance["headline"] == "Port moves 1,200 containers"
    assert appearance["publisher"] == {"@type": "Organization", "name": "Harbour Times"}
    assert "author" not in english["itemReviewed"]  # no claimant recorded

    assert arabic_review["reviewRating"]["alternateName"] == "Disputed"
    assert arabic_review["reviewRating"]["ratingValue"] == arabic_review["reviewRating"]["worstRating"]
    assert arabic_review["itemReviewed"]["author"] == {"@type": "Person", "name": "المتحدث"}
    # An article without a URL of its own appears at its page in this tool.
    assert arabic_review["itemReviewed"]["appearance"]["url"].startswith("http://testserver/")


def test_the_statement_is_reviewed_when_there_is_one(client, reviewer, article):
    claim = services.claim_create(
        article=article, created_by=reviewer, quote="the night shift had been cut by half",
        statement="The night shift was halved since March.",
    )  # fmt: skip
    services.verdict_create(claim=claim, reviewer=reviewer, label=Label.UNVERIFIED)
    client.force_login(reviewer)
    (review,) = graph(client)
    assert review["claimReviewed"] == "The night shift was halved since March."
    assert review["reviewRating"]["alternateName"] == "Unverified"
    assert review["reviewRating"]["ratingExplanation"] == ""


def test_claims_without_a_settled_status_are_left_out(client, reviewer, reviewer2, verdicts):
    claim, arabic = verdicts
    services.verdict_create(claim=arabic, reviewer=reviewer2, label=Label.CONFIRMED, rationale="Fire brigade says so.")
    arabic.refresh_from_db()
    assert arabic.status == "conflict"
    client.force_login(reviewer)
    assert [r["url"].rsplit("#claim-", 1)[1] for r in graph(client)] == [str(claim.pk)]
