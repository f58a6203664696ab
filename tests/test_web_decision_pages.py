"""Project pages of the editorial workflow: Decisions desk, Corrections feed, Methodology, Rating scale."""
# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Decision, RatingItem

from .decision_fixtures import draft, editor2, judged_claim, published, scale


def url(name, project, **query) -> str:
    base = reverse(name, args=[project.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def desk(project, article, reviewer, reviewer2, editor, editor2):
    """One claim per tab: a conflict, an agreed one, a draft, a published one due for re-review."""

    def mark(quote, labels):
        claim = services.claim_create(article=article, created_by=reviewer, quote=quote)
        for who, label in zip((reviewer, reviewer2), labels, strict=False):
            services.verdict_create(claim=claim, reviewer=who, label=label, rationale="r")
        return claim

    claims = {
        "conflict": mark("1,200 containers", ["confirmed", "disputed"]),
        "agreed": mark("night shift", ["disputed", "disputed"]),
        "draft": mark("cut by half", ["confirmed", "confirmed"]),
        "due": mark("safety inspection", ["unverified", "unverified"]),
    }
    draft(claims["draft"], editor, rating="Confirmed")
    published(claims["due"], editor, editor2, rating="Unverified", as_of=datetime.date(2020, 1, 1))
    return claims


@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        ("conflicts", ["conflict"]),
        ("ready", ["agreed"]),
        ("drafts", ["draft"]),
        ("published", ["due"]),
        ("due", ["due"]),
    ],
)
def test_each_tab_lists_its_claims(client, editor, project, desk, tab, expected):
    client.force_login(editor)
    response = client.get(url("decisions_desk", project, tab=tab))
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"].object_list] == [desk[name].pk for name in expected]
    counts = {key: count for key, _t, _h, count in response.context["tabs"]}
    assert counts == {"conflicts": 1, "ready": 1, "drafts": 1, "published": 1, "due": 1}


def test_rows_show_quote_article_reviewers_labels_and_a_link_to_the_panel(client, editor, project, article, desk):
    client.force_login(editor)
    html = client.get(url("decisions_desk", project, tab="conflicts")).content.decode()
    claim = desk["conflict"]
    assert f"{reverse('article_detail', args=[project.slug, article.pk])}?claim={claim.pk}#claim-panel" in html
    assert "1,200 containers" in html and article.title in html
    assert 'rita-reviewer: <span class="badge st-confirmed">' in html
    assert 'rob-reviewer: <span class="badge st-disputed">' in html
    html = client.get(url("decisions_desk", project, tab="published")).content.decode()
    assert "Published: Unverified" in html and "Conflict" not in html.split("<tbody>")[1]


def test_a_draft_on_a_conflict_shows_both_states(client, editor, editor2, project, desk):
    draft(desk["conflict"], editor2)
    client.force_login(editor)
    html = client.get(url("decisions_desk", project, tab="conflicts")).content.decode()
    row = html.split("<tbody>")[1]
    assert "⚠ Conflict</span>" in row and "Draft</span>" in row


def test_reviewers_get_403_and_outsiders_404_on_the_desk(client, reviewer, outsider, project):
    client.force_login(reviewer)
    assert client.get(url("decisions_desk", project)).status_code == 403
    client.force_login(outsider)
    for name in ("decisions_desk", "corrections_feed", "methodology", "rating_scale"):
        assert client.get(url(name, project)).status_code == 404


def test_an_unknown_tab_is_a_400_not_a_500(client, editor, project):
    client.force_login(editor)
    assert client.get(url("decisions_desk", project, tab="nope")).status_code == 400


@pytest.mark.parametrize("extra", [0, 12])
def test_the_desk_costs_the_same_queries_whatever_the_rows(
    client, editor, project, article, reviewer, reviewer2, desk, extra, django_assert_num_queries
):
    for i in range(extra):
        claim = services.claim_create(article=article, created_by=reviewer, start=i, end=i + 2)
        services.verdict_create(claim=claim, reviewer=reviewer, label="confirmed", rationale="a")
        services.verdict_create(claim=claim, reviewer=reviewer2, label="disputed", rationale="b")
    client.force_login(editor)
    # session, user, membership+project, the tab counts, the page count, the page of claims with
    # articles and decisions, their verdicts with reviewers
    with django_assert_num_queries(7):
        response = client.get(url("decisions_desk", project, tab="conflicts"))
    assert len(response.context["page"].object_list) == 1 + extra


def test_the_corrections_feed_is_readable_by_every_member(client, reviewer, editor, editor2, project, judged_claim):
    decision = published(judged_claim, editor, editor2)
    services.correction_create(
        decision=decision, actor=editor, kind="rating_change", note="New figures.", rating=scale(project)["Unverified"]
    )
    client.force_login(reviewer)
    html = client.get(url("corrections_feed", project)).content.decode()
    assert "New figures." in html and "<del>Disputed</del> → <ins>Unverified</ins>" in html and "Rating change" in html


@pytest.mark.parametrize("extra", [1, 8])
def test_the_corrections_feed_costs_the_same_queries(
    client, reviewer, editor, editor2, project, judged_claim, extra, django_assert_num_queries
):
    decision = published(judged_claim, editor, editor2)
    for i in range(extra):
        services.correction_create(decision=decision, actor=editor, kind="clarification", note=f"n{i}")
    client.force_login(reviewer)
    # session, user, membership+project, the count, the page with authors, decisions, ratings, claims, articles
    with django_assert_num_queries(5):
        client.get(url("corrections_feed", project))


def test_the_methodology_page_shows_the_scale_rules_and_policy(client, reviewer, admin_user_, project):
    services.project_update(project=project, actor=admin_user_, corrections_policy="We correct within 24 hours.")
    client.force_login(reviewer)
    html = client.get(url("methodology", project)).content.decode()
    assert "The claim is inaccurate: the evidence contradicts it." in html
    assert "We correct within 24 hours." in html and "Four-eyes rule" in html and "30 days" in html
    assert reverse("rating_scale", args=[project.slug]) not in html  # admins only


def test_the_navigation_links_the_pages_by_role(client, reviewer, editor, admin_user_, project):
    for user, present, absent in (
        (reviewer, ["corrections_feed", "methodology"], ["decisions_desk", "rating_scale"]),
        (editor, ["decisions_desk", "corrections_feed", "methodology"], ["rating_scale"]),
        (admin_user_, ["decisions_desk", "corrections_feed", "methodology", "rating_scale"], []),
    ):
        client.force_login(user)
        html = client.get(reverse("project_detail", args=[project.slug])).content.decode()
        for name in present:
            assert f'href="{url(name, project)}"' in html, (user, name)
        for name in absent:
            assert f'href="{url(name, project)}"' not in html, (user, name)


def rating_post(prefix, **values) -> dict:
    base = {"name": "Misleading", "verdict": "disputed", "value": "1", "description": "Partly true, misleadingly told."}
    base.update(values)
    return {f"{prefix}-{k}": v for k, v in base.items()}


def test_an_admin_adds_edits_retires_and_reorders_ratings(client, admin_user_, project):
    client.force_login(admin_user_)
    assert client.post(url("rating_scale", project), rating_post("new")).status_code == 302
    item = RatingItem.objects.get(project=project, name="Misleading")
    assert list(RatingItem.objects.filter(project=project).order_by("order").values_list("name", flat=True))[-1] == (
        "Misleading"
    )
    change = reverse("rating_change", args=[project.slug, item.pk])
    assert client.post(change, rating_post(f"r{item.pk}", name="Misleading claim", retired="on")).status_code == 302
    item.refresh_from_db()
    assert (item.name, item.retired) == ("Misleading claim", True)
    move = reverse("rating_reorder", args=[project.slug, item.pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    names = list(RatingItem.objects.filter(project=project).order_by("order", "id").values_list("name", flat=True))
    assert names == ["Confirmed", "Disputed", "Misleading claim", "Unverified"]


def test_a_duplicate_name_is_a_form_error_keeping_the_typed_values(client, admin_user_, project):
    client.force_login(admin_user_)
    response = client.post(url("rating_scale", project), rating_post("new", name="Confirmed", description="typed"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "already has a rating" in html and "typed" in html


def test_deleting_an_item_in_use_is_refused_naming_the_decision(client, admin_user_, editor, judged_claim, project):
    decision = draft(judged_claim, editor)
    client.force_login(admin_user_)
    response = client.post(reverse("rating_remove", args=[project.slug, decision.rating_id]))
    assert response.status_code == 400
    assert f"decision {decision.pk} (claim {judged_claim.pk})" in response.content.decode()
    assert RatingItem.objects.filter(pk=decision.rating_id).exists()
    unused = scale(project)["Confirmed"]
    assert client.post(reverse("rating_remove", args=[project.slug, unused.pk])).status_code == 302
    assert not RatingItem.objects.filter(pk=unused.pk).exists()


def test_editors_and_reviewers_cannot_edit_the_scale(client, editor, reviewer, project):
    item = scale(project)["Confirmed"]
    for user in (editor, reviewer):
        client.force_login(user)
        assert client.get(url("rating_scale", project)).status_code == 403
        assert client.post(reverse("rating_remove", args=[project.slug, item.pk])).status_code == 403
    assert RatingItem.objects.filter(pk=item.pk).exists()


def test_an_admin_changes_the_editorial_settings_on_the_methodology_page(client, admin_user_, editor, project):
    data = {
        "corrections_policy": "Corrections within 24 hours.",
        "rereview_days": "14",
        "public_base_url": "https://factcheck.example.org/",
    }  # four_eyes unticked
    client.force_login(editor)
    assert client.post(url("methodology", project), data).status_code == 403
    client.force_login(admin_user_)
    assert 'name="corrections_policy"' in client.get(url("methodology", project)).content.decode()
    assert client.post(url("methodology", project), data).status_code == 302
    project.refresh_from_db()
    assert (project.corrections_policy, project.rereview_days, project.four_eyes) == (
        "Corrections within 24 hours.",
        14,
        False,
    )
    assert project.public_base_url == "https://factcheck.example.org/"
    response = client.post(url("methodology", project), {**data, "rereview_days": "0", "corrections_policy": "kept"})
    assert response.status_code == 400 and "kept" in response.content.decode()
