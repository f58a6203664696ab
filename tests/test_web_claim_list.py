"""The project's Claims page: every claim across articles, filters, search, sorting, pages, links."""

from __future__ import annotations

from django.urls import reverse

from annotations import services
from annotations.models import Claim


def url(project) -> str:
    return reverse("claim_list", args=[project.slug])


def second_article(project, user):
    return services.article_create(
        project=project, imported_by=user, title="Mayor on the bridge", body="The mayor said the bridge reopens in May."
    )


def test_the_claims_page_lists_claims_of_every_article_with_my_verdict_and_links_to_the_panel(
    client, project, article, reviewer, reviewer2, admin_user_
):
    other = second_article(project, admin_user_)
    first = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers", claimant="port")
    second = services.claim_create(article=other, created_by=reviewer, quote="the bridge reopens in May")
    services.verdict_submit(claim=first, reviewer=reviewer, label="disputed", rationale="No", base_version=None)
    services.verdict_submit(claim=second, reviewer=reviewer2, label="confirmed", rationale="Yes", base_version=None)
    client.force_login(reviewer)
    response = client.get(url(project))
    assert response.status_code == 200
    rows = {c.pk: c for c in response.context["page"].object_list}
    assert set(rows) == {first.pk, second.pk}
    assert rows[first.pk].my_label == "disputed" and rows[second.pk].my_label is None
    html = response.content.decode()
    assert f"{article.get_absolute_url()}?claim={first.pk}#claim-panel" in html
    assert f"{other.get_absolute_url()}?claim={second.pk}#claim-panel" in html
    assert "Mayor on the bridge" in html and "none yet" in html


def test_filters_by_status_label_reviewer_claimant_and_article(client, project, article, reviewer, reviewer2):
    a = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers", claimant="Port boss")
    b = services.claim_create(article=article, created_by=reviewer, quote="the night shift", claimant="Union")
    c = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    services.verdict_submit(claim=a, reviewer=reviewer, label="confirmed", rationale="ok", base_version=None)
    services.verdict_submit(claim=b, reviewer=reviewer, label="confirmed", rationale="ok", base_version=None)
    services.verdict_submit(claim=b, reviewer=reviewer2, label="disputed", rationale="no", base_version=None)
    client.force_login(reviewer)

    def ids(**params) -> set[int]:
        response = client.get(url(project), params)
        assert response.status_code == 200
        return {x.pk for x in response.context["page"].object_list}

    assert ids(status="conflict") == {b.pk}
    assert ids(status="needs_review") == {c.pk}
    assert ids(label="disputed") == {b.pk}
    assert ids(reviewer=reviewer2.username) == {b.pk}
    assert ids(claimant="port") == {a.pk}
    assert ids(article=article.pk) == {a.pk, b.pk, c.pk}


def test_search_covers_quote_statement_claimant_and_verdict_rationale(client, project, article, reviewer):
    a = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers", statement="Port volume")
    b = services.claim_create(article=article, created_by=reviewer, quote="the night shift", claimant="Dockers union")
    c = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    services.verdict_submit(claim=c, reviewer=reviewer, label="disputed", rationale="Inspection log", base_version=None)
    client.force_login(reviewer)
    found = lambda text: {x.pk for x in client.get(url(project), {"search": text}).context["page"].object_list}  # noqa: E731
    assert found("containers") == {a.pk}
    assert found("volume") == {a.pk}
    assert found("dockers") == {b.pk}
    assert found("inspection log") == {c.pk}


def test_sorting_by_claimant_and_by_last_change(client, project, article, reviewer):
    a = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers", claimant="Zed")
    b = services.claim_create(article=article, created_by=reviewer, quote="the night shift", claimant="Abe")
    client.force_login(reviewer)
    order = lambda sort: [x.pk for x in client.get(url(project), {"sort": sort}).context["page"].object_list]  # noqa: E731
    assert order("claimant") == [b.pk, a.pk]
    assert order("-claimant") == [a.pk, b.pk]
    services.claim_update(claim=a, actor=reviewer, expected_version=1, statement="changed")
    assert order("-changed")[0] == a.pk
    assert order("changed")[0] == b.pk


def test_a_bad_filter_is_a_400_with_a_message_not_a_500(client, project, reviewer):
    client.force_login(reviewer)
    response = client.get(url(project), {"status": "bogus", "sort": "password"})
    assert response.status_code == 400
    assert b"status" in response.content


def test_outsiders_get_404(client, project, outsider):
    client.force_login(outsider)
    assert client.get(url(project)).status_code == 404


def make_claims(article, user, n: int) -> None:
    body = article.body
    Claim.objects.bulk_create(
        Claim(
            project_id=article.project_id,
            article=article,
            start=i % 20,
            end=i % 20 + 5,
            quote=body[i % 20 : i % 20 + 5],
        )
        for i in range(n)
    )


def test_the_page_is_paginated_and_its_query_count_does_not_grow_with_the_rows(
    client, project, article, reviewer, django_assert_num_queries
):
    client.force_login(reviewer)
    make_claims(article, reviewer, 3)
    # session, user, my memberships with their projects, count (up to the cap), page of claims (my verdict as a
    # subquery), reviewer names
    with django_assert_num_queries(6):
        client.get(url(project))
    make_claims(article, reviewer, 120)
    with django_assert_num_queries(6):
        response = client.get(url(project))
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.num_pages == 3
    assert "page=2" in response.content.decode()


def test_home_and_project_pages_link_their_counts_into_the_claims_page(client, project, article, reviewer, reviewer2):
    claim = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers")
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="ok", base_version=None)
    services.verdict_submit(claim=claim, reviewer=reviewer2, label="disputed", rationale="no", base_version=None)
    client.force_login(reviewer)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{url(project)}?status=conflict"' in home and "1 conflict<" in home
    page = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert f"{url(project)}?article={article.pk}&amp;status=conflict" in page
    linked = client.get(url(project), {"status": "conflict"}).context["page"].object_list
    assert [c.pk for c in linked] == [claim.pk]


def test_assigned_to_filters_claims_on_the_reviewers_articles_and_reviewers_see_only_their_own(
    client, project, article, editor, reviewer, reviewer2, admin_user_
):
    other = second_article(project, admin_user_)
    mine = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers")
    theirs = services.claim_create(article=other, created_by=reviewer, quote="the bridge reopens in May")
    services.assignment_create(article=article, reviewer=reviewer, actor=editor)
    done = services.assignment_create(article=other, reviewer=reviewer2, actor=editor)
    services.assignment_complete(assignment=done, actor=reviewer2)  # done assignments still count
    client.force_login(editor)
    for name, expected in [("rita-reviewer", [mine.pk]), ("rob-reviewer", [theirs.pk]), ("erin-editor", [])]:
        rows = client.get(url(project), {"assigned": name}).context["page"].object_list
        assert [c.pk for c in rows] == expected
    assert 'id="claims-assigned"' in client.get(url(project)).content.decode()
    # A reviewer cannot read another reviewer's assignments, so filtering by them finds nothing.
    client.force_login(reviewer)
    assert [c.pk for c in client.get(url(project), {"assigned": "rita-reviewer"}).context["page"].object_list] == [
        mine.pk
    ]
    assert list(client.get(url(project), {"assigned": "rob-reviewer"}).context["page"].object_list) == []


def test_the_decision_column_and_filter(client, project, article, editor, reviewer):
    from annotations.models import RatingItem

    decided = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers")
    open_ = services.claim_create(article=article, created_by=reviewer, quote="the night shift")
    rating = RatingItem.objects.filter(project=project).first()
    services.decision_create(claim=decided, actor=editor, rating=rating, explanation="The port log says so.")
    client.force_login(reviewer)
    response = client.get(url(project), {"decision_state": "draft"})
    assert [c.pk for c in response.context["page"].object_list] == [decided.pk]
    assert '<span class="badge dec-draft">Draft</span>' in response.content.decode()
    rows = client.get(url(project), {"decision_state": "none"}).context["page"].object_list
    assert [c.pk for c in rows] == [open_.pk]
    assert client.get(url(project), {"decision_state": "bogus"}).status_code == 400


def test_the_new_filters_keep_the_query_count(client, project, article, editor, reviewer, django_assert_num_queries):
    make_claims(article, reviewer, 3)
    services.assignment_create(article=article, reviewer=reviewer, actor=editor)
    client.force_login(editor)
    # session, user, my memberships with their projects, count, page of claims, reviewer names (filters: subqueries)
    with django_assert_num_queries(6):
        response = client.get(url(project), {"assigned": "rita-reviewer", "decision_state": "none"})
    assert len(response.context["page"].object_list) == 3
