"""GET /api/v1/export/verdicts/?format=webannotation: W3C Web Annotation JSON-LD, one per verdict."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures are used as arguments)

from __future__ import annotations

import json

from annotations import services
from annotations.models import Label, Verdict
from tests.conftest import COMBINING_BODY
from tests.export_fixtures import body_of, export, verdicts  # pytest fixtures


def annotations_of(client) -> list[dict]:
    response = export(client, "webannotation")
    assert response["Content-Type"] == "application/ld+json"
    page = json.loads(body_of(response))
    assert page["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert page["type"] == "AnnotationPage"
    return page["items"]


def selectors(annotation: dict) -> dict[str, dict]:
    return {s["type"]: s for s in annotation["target"]["selector"]}


def test_each_verdict_is_an_assessing_annotation_with_label_rationale_and_evidence_bodies(client, reviewer, verdicts):
    claim, _ = verdicts
    client.force_login(reviewer)
    items = annotations_of(client)
    assert len(items) == 3
    first = items[0]
    assert first["type"] == "Annotation"
    assert first["motivation"] == "assessing"
    assert first["id"].startswith("http://testserver/")
    assert first["creator"] == {"type": "Person", "nickname": "rita-reviewer"}
    assert first["modified"].endswith("Z")
    assert first["target"]["source"] == "https://example.org/port"
    assert first["body"] == [
        {"type": "TextualBody", "purpose": "assessing", "value": "confirmed"},
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "value": "Port log shows 1,200 moves.",
        },
        {"type": "SpecificResource", "purpose": "linking", "source": "https://example.org/log"},
        {"type": "SpecificResource", "purpose": "linking", "source": "https://example.org/photo"},
    ]
    quote = selectors(first)["TextQuoteSelector"]
    assert (quote["exact"], quote["prefix"], quote["suffix"]) == (claim.quote, claim.prefix, claim.suffix)
    assert len({a["id"] for a in items}) == 3


def test_an_unverified_verdict_without_rationale_has_only_the_label_body(client, reviewer, claim):
    services.verdict_create(claim=claim, reviewer=reviewer, label=Label.UNVERIFIED)
    client.force_login(reviewer)
    (annotation,) = annotations_of(client)
    assert annotation["body"] == [{"type": "TextualBody", "purpose": "assessing", "value": "unverified"}]


def test_every_exact_quote_equals_the_body_between_the_code_point_positions(
    client, project, admin_user_, reviewer, verdicts, arabic_article
):
    combining = services.article_create(project=project, imported_by=admin_user_, title="Cafe", body=COMBINING_BODY)
    family = services.claim_create(article=combining, created_by=reviewer, quote="after the flood")
    services.verdict_create(claim=family, reviewer=reviewer, label=Label.UNVERIFIED)
    bodies = {a.pk: a.body for a in project.articles.all()}
    client.force_login(reviewer)
    items = annotations_of(client)
    assert len(items) == 4
    checked_after_emoji = 0
    for annotation in items:
        verdict_id = int(annotation["id"].rsplit("#verdict-", 1)[1])
        body = bodies[Verdict.objects.get(pk=verdict_id).claim.article_id]
        quote, position = selectors(annotation)["TextQuoteSelector"], selectors(annotation)["TextPositionSelector"]
        assert quote["exact"] == body[position["start"] : position["end"]]
        assert body[: position["start"]].endswith(quote["prefix"])
        assert body[position["end"] :].startswith(quote["suffix"])
        if any(ord(ch) > 0xFFFF for ch in body[: position["start"]]):
            checked_after_emoji += 1
    assert checked_after_emoji == 2  # the Arabic claim after 🔥 and the claim after the family emoji
