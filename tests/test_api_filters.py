"""Filters on /api/v1/claims/ and /api/v1/verdicts/: explicit fields only."""

from __future__ import annotations

from datetime import timedelta

import django_filters
import pytest
from django.utils import timezone
from django_filters import FilterSet
from rest_framework.test import APIClient

from annotations import services
from annotations.api.filtering import parameter_names
from annotations.filters import ClaimFilter
from annotations.models import Article, Claim, Verdict


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def scene(article, arabic_article, reviewer, reviewer2):
    """Three claims: confirmed by rita, disputed by rob, and one with no verdict."""
    confirmed = services.claim_create(
        article=article, created_by=reviewer, quote="1,200 containers were moved overnight", claimant="Port authority"
    )
    disputed = services.claim_create(
        article=article,
        created_by=reviewer,
        quote="the night shift had been cut by half",
        claimant="Union",
        statement="Night shift halved",
    )
    untouched = services.claim_create(article=arabic_article, created_by=reviewer2, quote="لا إصابات")
    services.verdict_create(claim=confirmed, reviewer=reviewer, label="confirmed", rationale="Log")
    services.verdict_create(claim=disputed, reviewer=reviewer2, label="disputed", rationale="Rota")
    return {"confirmed": confirmed, "disputed": disputed, "untouched": untouched}


def claim_ids(client, query: str) -> set[int]:
    response = client.get(f"/api/v1/claims/?{query}")
    assert response.status_code == 200, response.json()
    return {c["id"] for c in response.json()["results"]}


def verdict_claims(client, query: str) -> set[int]:
    response = client.get(f"/api/v1/verdicts/?{query}")
    assert response.status_code == 200, response.json()
    return {v["claim"] for v in response.json()["results"]}


def test_claims_filter_by_each_field(scene, reviewer, project, article):
    client = api(reviewer)
    c, d, u = scene["confirmed"].pk, scene["disputed"].pk, scene["untouched"].pk

    assert claim_ids(client, f"project={project.pk}") == {c, d, u}
    assert claim_ids(client, f"article={article.pk}") == {c, d}
    assert claim_ids(client, "status=needs_review") == {u}
    assert claim_ids(client, "label=disputed") == {d}
    assert claim_ids(client, "reviewer=rita-reviewer") == {c}
    assert claim_ids(client, "claimant=union") == {d}
    assert claim_ids(client, "search=halved") == {d}
    assert claim_ids(client, "status=confirmed&claimant=port") == {c}


def test_verdicts_filter_by_each_field(scene, reviewer, project, article):
    client = api(reviewer)
    c, d = scene["confirmed"].pk, scene["disputed"].pk

    assert verdict_claims(client, f"project={project.pk}") == {c, d}
    assert verdict_claims(client, f"article={article.pk}") == {c, d}
    assert verdict_claims(client, f"claim={d}") == {d}
    assert verdict_claims(client, "status=confirmed") == {c}
    assert verdict_claims(client, "label=disputed") == {d}
    assert verdict_claims(client, "reviewer=rob-reviewer") == {d}
    assert verdict_claims(client, "claimant=port") == {c}
    assert verdict_claims(client, "search=rota") == {d}


def test_updated_after_returns_only_later_changes(scene, reviewer):
    client = api(reviewer)
    cutoff = timezone.now()
    Claim.objects.filter(pk=scene["untouched"].pk).update(updated_at=cutoff + timedelta(seconds=1))
    Verdict.objects.filter(claim=scene["disputed"]).update(updated_at=cutoff + timedelta(seconds=1))
    Claim.objects.exclude(pk=scene["untouched"].pk).update(updated_at=cutoff - timedelta(seconds=1))
    Verdict.objects.exclude(claim=scene["disputed"]).update(updated_at=cutoff - timedelta(seconds=1))
    stamp = cutoff.isoformat().replace("+00:00", "Z")

    assert claim_ids(client, f"updated_after={stamp}") == {scene["untouched"].pk}
    assert verdict_claims(client, f"updated_after={stamp}") == {scene["disputed"].pk}


@pytest.mark.parametrize(
    "query",
    ["status=bogus", "label=true", "updated_after=yesterday", "project=abc", "search=%00", "reviewer=%00"],
)
def test_invalid_filter_values_are_400(scene, reviewer, query):
    assert api(reviewer).get(f"/api/v1/claims/?{query}").status_code == 400
    assert api(reviewer).get(f"/api/v1/verdicts/?{query}").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["reviewer__password__startswith=pbkdf2", "created_by__password__regex=.*", "project__in=1,2", "ordering=-id"],
)
def test_unknown_query_parameters_never_reach_the_database_filter(scene, reviewer, query):
    everything = claim_ids(api(reviewer), "")

    assert claim_ids(api(reviewer), query) == everything
    assert len(everything) == 3


def test_filters_never_widen_the_scope_beyond_my_projects(scene, outsider, project):
    client = api(outsider)

    assert claim_ids(client, f"project={project.pk}") == set()
    assert verdict_claims(client, f"project={project.pk}") == set()
    assert verdict_claims(client, "reviewer=rita-reviewer") == set()


@pytest.mark.parametrize(
    "query",
    [
        "project=99999999999999999999999",
        "project=1.5",
        "project=NaN",
        "updated_after=9999-12-31T23:59:59-05:00",
        "updated_after=0001-01-01T00:00:00%2B05:00",
    ],
)
def test_ids_and_instants_out_of_the_databases_range_are_400(scene, reviewer, query):
    for url in ("/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/articles/", "/api/v1/deletions/"):
        assert api(reviewer).get(f"{url}?{query}").status_code == 400, url


def test_an_offset_postgresql_cannot_store_is_converted_not_refused(scene, reviewer):
    # +23:00 is valid ISO 8601 and Python, but beyond PostgreSQL's ±15:59: compared in UTC instead.
    assert claim_ids(api(reviewer), "updated_after=2000-01-01T00:00:00%2B23:00") == {c.pk for c in scene.values()}


# The verdict filters on the claim's fields and on the reviewer run as per-row probes (an EXISTS on the claim,
# the reviewer's id read once) so that SQLite walks the verdicts in id order; these are the plain joins they
# replace, whose rows, order and blind-review scope the API must still give exactly.
JOINED = {
    "status": "claim__status",
    "claimant": "claim__claimant__icontains",
    "decision_state": "claim__decision_state",
    "reviewer": "reviewer__username",
}
VALUES = {
    "status": ["needs_review", "confirmed", "disputed", "unverified", "conflict"],
    "claimant": ["port", "UNION", "spokes", "%", "_"],
    "decision_state": ["none", "draft", "published", "void"],
    "reviewer": ["rita-reviewer", "rob-reviewer", "erin-editor", "RITA-REVIEWER", "nobody", "oscar-outsider"],
}


def all_verdict_ids(client, params: dict) -> list[int]:
    """Every page of the list, in order (pages of 2, so that the cursor is followed too)."""
    ids, url, query = [], "/api/v1/verdicts/", {**params, "page_size": 2}
    while url:
        response = client.get(url, query)
        assert response.status_code == 200, response.json()
        ids += [v["id"] for v in response.json()["results"]]
        url, query = response.json()["next"], None
    return ids


@pytest.fixture
def mixed(project, admin_user_, article, arabic_article, reviewer, reviewer2, editor, outsider):
    """Claims of every status and decision state in a blind project, and verdicts outside it."""
    claims = [
        services.claim_create(article=article, created_by=editor, quote=quote, claimant=claimant)
        for quote, claimant in [
            ("1,200 containers were moved overnight", "Port authority"),
            ("the night shift had been cut by half", "Union spokesperson"),
            ("Officials denied", "Officials (100% sure)"),
            ("safety inspection was skipped", "under_score"),
        ]
    ] + [services.claim_create(article=arabic_article, created_by=editor, quote="لا إصابات", claimant="")]
    labels = [
        ("confirmed", "disputed", None),  # conflict
        ("disputed", None, "disputed"),
        (None, "unverified", "confirmed"),  # rita has not given hers: blind review hides the others'
        ("confirmed", "confirmed", None),
        (None, None, None),
    ]
    for claim, by in zip(claims, labels, strict=True):
        for user, label in zip((reviewer, reviewer2, editor), by, strict=True):
            if label:
                services.verdict_create(claim=claim, reviewer=user, label=label, rationale="Because")
    for claim, state in zip(claims, ["published", "draft", "void", "none", "published"], strict=True):
        Claim.objects.filter(pk=claim.pk).update(decision_state=state)
    other = Article.objects.get(title="Other article")
    outside = services.claim_create(article=other, created_by=outsider, quote="Other body", claimant="Port")
    services.verdict_create(claim=outside, reviewer=outsider, label="confirmed", rationale="Mine")
    services.project_update(project=project, actor=admin_user_, blind_review=True)
    statuses = set(Claim.objects.filter(project=project).values_list("status", flat=True))
    assert statuses == {"needs_review", "confirmed", "disputed", "conflict"}  # so ?status=unverified finds none
    return claims


@pytest.mark.parametrize("viewer", ["editor", "blind reviewer", "outsider"])
@pytest.mark.parametrize("name", sorted(JOINED))
def test_verdict_filters_give_the_rows_of_the_plain_join(mixed, viewer, name, editor, reviewer, outsider):
    user = {"editor": editor, "blind reviewer": reviewer, "outsider": outsider}[viewer]
    client = api(user)
    visible = Verdict.objects.visible_to(user).order_by("id")
    seen = 0
    for value in VALUES[name]:
        expected = list(visible.filter(**{JOINED[name]: value}).values_list("id", flat=True))
        assert all_verdict_ids(client, {name: value}) == expected, value
        seen += len(expected)
    assert seen > 0 or viewer == "outsider"
    # Combined with another filter and with a claim filter, still the join's rows.
    combined = visible.filter(**{JOINED[name]: VALUES[name][0], "label": "confirmed"})
    assert all_verdict_ids(client, {name: VALUES[name][0], "label": "confirmed"}) == list(
        combined.values_list("id", flat=True)
    )


# A list asked for without any of its filters' parameters skips the filter set altogether (building it and
# its form cost more than the page's query); any filter parameter, valid or not, still goes through it.
@pytest.mark.parametrize("endpoint", ["/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/articles/"])
@pytest.mark.parametrize("query", ["", "page_size=2", "page_size=50&format=json"])
def test_a_list_without_filter_parameters_builds_no_filter_set(scene, reviewer, endpoint, query, monkeypatch):
    built = []
    original = FilterSet.__init__

    def counting_init(self, *args, **kwargs):
        built.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(FilterSet, "__init__", counting_init)
    response = api(reviewer).get(f"{endpoint}?{query}")
    assert response.status_code == 200
    assert built == [] and response.json()["results"]
    response = api(reviewer).get(f"{endpoint}?{query}&search=x")
    assert response.status_code == 200 and len(built) == 1
    response = api(reviewer).get(f"{endpoint}?{query}&updated_after=yesterday")
    assert response.status_code == 400 and "updated_after" in response.json()


def test_without_filter_parameters_the_rows_are_those_of_the_empty_filter_set(scene, reviewer):
    client = api(reviewer)
    for endpoint in ("/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/articles/"):
        plain = client.get(endpoint).json()["results"]
        empty = client.get(f"{endpoint}?search=&status=").json()["results"]  # the set built, every filter empty
        assert plain == empty and plain


class Ranged(FilterSet):
    size = django_filters.RangeFilter(field_name="id")

    class Meta:
        model = Claim
        fields: list[str] = []


class Sorted(FilterSet):
    sort = django_filters.OrderingFilter(fields=["id"])

    class Meta:
        model = Claim
        fields: list[str] = []


def test_filter_sets_whose_parameters_are_not_their_filter_names_are_always_built():
    assert parameter_names(ClaimFilter) == {
        "project", "article", "status", "label", "reviewer", "claimant", "search", "decision_state",
        "review_due_before", "updated_after",
    }  # fmt: skip
    assert parameter_names(Ranged) is None  # reads size_min / size_max
    assert parameter_names(Sorted) is None
