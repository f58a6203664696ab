"""The API list pages build their rows from ``values()`` (annotations/api/listing.py) instead of running the
serializers: every page must be byte for byte what the serializers and DRF's renderer would answer."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from annotations import services
from annotations.api.articles import ArticleViewSet
from annotations.api.claims import ClaimViewSet
from annotations.api.listing import ARTICLE_ROWS, CLAIM_ROWS, VERDICT_ROWS, rows_of
from annotations.api.verdicts import VerdictViewSet
from annotations.models import Article, Claim, Label, Role, Verdict
from annotations.serializers import ArticleSerializer, ClaimSerializer, VerdictSerializer

from .conftest import make_user

ENDPOINTS = [
    ("/api/v1/claims/", ClaimViewSet, ClaimSerializer),
    ("/api/v1/verdicts/", VerdictViewSet, VerdictSerializer),
    ("/api/v1/articles/", ArticleViewSet, ArticleSerializer),
]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def serialized_page(viewset, serializer, user, query: str = "") -> bytes:
    """The page as the serializers render it: the view's own queryset, every row, in id order."""
    view = viewset()
    view.request = SimpleNamespace(user=user)
    rows = view.get_queryset().order_by("id")
    body = {"next": None, "previous": None, "results": serializer(rows, many=True).data}
    return JSONRenderer().render(body)


@pytest.fixture
def varied(project, admin_user_, reviewer, reviewer2, article, arabic_article):
    """Rows with every field filled, and with every nullable or odd value: a deleted creator, a decision,
    a translation, no publication date, datetimes without microseconds, evidence of every shape."""
    services.project_update(project=project, actor=admin_user_, blind_review=True)
    ghost = make_user("gone-ghost")
    services.membership_set(project=project, user=ghost, role=Role.EDITOR, actor=services.SYSTEM)
    translated = services.article_create(
        project=project,
        imported_by=ghost,
        title="Traduit",
        body="Le port a déplacé 1 200 conteneurs.\nRien d'autre.",
        url="https://example.org/fr",
        source="Le Port",
        author="A. Auteur",
        published_at="2026-03-04T05:06:07.891011+02:00",
        language="fr",
        original_language="en",
        original_url="https://example.org/port",
    )
    first = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    second = services.claim_create(
        article=article,
        created_by=ghost,
        quote="the night shift had been cut by half",
        statement="The night shift was halved.",
        claimant="A union spokesperson",
    )
    third = services.claim_create(article=arabic_article, created_by=reviewer2, quote="دمّر ثلاثة مبانٍ")
    services.claim_create(article=translated, created_by=admin_user_, quote="déplacé 1 200 conteneurs")
    evidence = [
        {"url": "https://example.org/table", "title": "Table 3", "excerpt": "1,200 moves", "stance": "supports"}
    ]
    services.verdict_create(
        claim=first, reviewer=reviewer, label=Label.CONFIRMED, rationale="Table 3.", evidence=evidence
    )
    plain = services.verdict_create(claim=first, reviewer=reviewer2, label=Label.DISPUTED, rationale="No: 1,100.")
    services.verdict_create(claim=second, reviewer=reviewer2, label=Label.UNVERIFIED)
    services.verdict_create(claim=third, reviewer=ghost, label=Label.DISPUTED, rationale="🔥 wrong")
    odd = services.verdict_create(claim=third, reviewer=reviewer2, label=Label.CONFIRMED, rationale="Seen.")
    # Evidence the services would not write today (older rows, hand edits): the serializer's rules apply.
    Verdict.objects.filter(pk=odd.pk).update(
        evidence=[
            {"url": "https://example.org/a"},  # title and excerpt absent, stance defaults
            {"url": 7, "title": None, "excerpt": "x", "stance": "bogus", "extra": True},
        ]
    )
    Verdict.objects.filter(pk=plain.pk).update(
        evidence=[{"url": "https://example.org/b", "title": "B", "excerpt": "", "stance": "refutes", "extra": 1}]
    )
    Claim.objects.filter(pk=second.pk).update(decision_state="published")
    whole_second = datetime.datetime(2026, 12, 1, 15, 25, 7, tzinfo=datetime.UTC)
    Claim.objects.filter(pk=third.pk).update(created_at=whole_second, updated_at=whole_second)
    Article.objects.filter(pk=arabic_article.pk).update(published_at=whole_second)
    # Deleting the creator keeps their claims and articles (created_by/imported_by become null).
    Verdict.objects.filter(reviewer=ghost).delete()
    ghost.delete()
    return project


@pytest.mark.parametrize(("path", "viewset", "serializer"), ENDPOINTS)
@pytest.mark.parametrize("who", ["alice-admin", "rita-reviewer", "rob-reviewer"])
def test_list_pages_are_what_the_serializers_render(varied, path, viewset, serializer, who):
    user = User.objects.get(username=who)  # under blind review Rita and Rob see different statuses

    response = api(user).get(path, {"page_size": 500})

    assert response.status_code == 200
    assert response.content == serialized_page(viewset, serializer, user)


@pytest.mark.parametrize(("path", "viewset", "serializer"), ENDPOINTS)
def test_list_pages_follow_the_time_zone_like_the_serializers(varied, path, viewset, serializer):
    user = User.objects.get(username="rita-reviewer")

    with override_settings(TIME_ZONE="America/Sao_Paulo"):
        response = api(user).get(path, {"page_size": 500})
        expected = serialized_page(viewset, serializer, user)

    assert b"-03:00" in response.content
    assert response.content == expected


def test_the_rows_cover_every_field_and_value_shape(varied, reviewer2):
    """Guards the fixture: a comparison of pages without these values would prove little."""
    claims = api(reviewer2).get("/api/v1/claims/").json()["results"]
    verdicts = api(reviewer2).get("/api/v1/verdicts/").json()["results"]
    articles = api(reviewer2).get("/api/v1/articles/").json()["results"]

    assert {c["status"] for c in claims} >= {"hidden", "conflict", "unverified"}
    assert None in {c["created_by"] for c in claims}
    assert "published" in {c["decision_state"] for c in claims}
    assert "2026-12-01T15:25:07Z" in {c["created_at"] for c in claims}
    assert None in {a["imported_by"] for a in articles}
    assert {None, "2026-12-01T15:25:07Z", "2026-03-04T03:06:07.891011Z"} <= {a["published_at"] for a in articles}
    evidence = [item for v in verdicts for item in v["evidence"]]
    assert {"url": "https://example.org/a", "stance": "context"} in evidence
    assert {"url": "7", "title": None, "excerpt": "x", "stance": "bogus"} in evidence
    assert {"url": "https://example.org/b", "title": "B", "excerpt": "", "stance": "refutes"} in evidence


@pytest.mark.parametrize(
    ("rows", "serializer"),
    [(CLAIM_ROWS, ClaimSerializer), (VERDICT_ROWS, VerdictSerializer), (ARTICLE_ROWS, ArticleSerializer)],
)
def test_the_rows_name_the_serializers_fields_in_order(rows, serializer):
    assert rows.serializer is serializer
    assert rows.keys == tuple(serializer().fields)


def test_a_serializer_field_that_is_no_column_is_refused_unless_converted():
    from rest_framework import serializers

    class WithMethod(ClaimSerializer):
        shout = serializers.SerializerMethodField()

        class Meta(ClaimSerializer.Meta):
            fields = [*ClaimSerializer.Meta.fields, "shout"]

        def get_shout(self, claim):
            return claim.quote.upper()

    with pytest.raises(TypeError, match="WithMethod.shout is not a column"):
        rows_of(WithMethod)
    assert rows_of(VerdictSerializer, evidence=str).converters == {"evidence": str}
    with pytest.raises(TypeError, match="VerdictSerializer.evidence"):
        rows_of(VerdictSerializer)  # a nested serializer


@pytest.mark.parametrize("page_size", [10, 500])
def test_article_lists_cost_the_same_whatever_the_page_size(project, admin_user_, page_size, django_assert_num_queries):
    Article.objects.bulk_create(
        Article(project=project, title=f"A{i}", body=f"Body {i}", body_sha256=f"{i:064x}", imported_by=admin_user_)
        for i in range(520)
    )

    # the memberships (the scope), then the page of articles joined with their importers
    with django_assert_num_queries(2):
        response = api(admin_user_).get(f"/api/v1/articles/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size
