"""The project page: articles with search, status filter, pagination and counts by status."""

from __future__ import annotations

from django.urls import reverse

from annotations import services


def add_articles(project, user, n: int, title: str = "Story") -> list:
    return [
        services.article_create(
            project=project, imported_by=user, title=f"{title} {i}", body=f"Body text of {title} number {i}."
        )
        for i in range(n)
    ]


def test_the_project_page_lists_articles_with_counts_by_status(client, reviewer, reviewer2, article, project):
    first = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    services.claim_create(article=article, created_by=reviewer, quote="the night shift had been cut by half")
    services.verdict_submit(claim=first, reviewer=reviewer, label="disputed", rationale="No", base_version=None)
    client.force_login(reviewer2)

    response = client.get(reverse("project_detail", args=[project.slug]))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1
    html = response.content.decode()
    assert f'?article={article.pk}">2</a>' in html  # the claims column: 2 claims, linked to the claims list
    assert "? 1 needs review" in html and "✗ 1 disputed" in html
    assert article.get_absolute_url() in html


def test_search_finds_articles_by_title_and_by_body(client, reviewer, project, admin_user_):
    services.article_create(
        project=project, imported_by=admin_user_, title="Bridge closed", body="Traffic is diverted."
    )
    services.article_create(project=project, imported_by=admin_user_, title="Weather", body="The bridge is icy.")
    services.article_create(project=project, imported_by=admin_user_, title="Budget", body="Numbers went up.")
    client.force_login(reviewer)
    response = client.get(reverse("project_detail", args=[project.slug]), {"search": "bridge"})
    assert sorted(a.title for a in response.context["page"].object_list) == ["Bridge closed", "Weather"]


def test_the_status_filter_shows_articles_with_a_claim_in_that_status(client, reviewer, project, article, admin_user_):
    quiet = services.article_create(project=project, imported_by=admin_user_, title="Quiet", body="Nothing here.")
    claim = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="Yes", base_version=None)
    client.force_login(reviewer)
    url = reverse("project_detail", args=[project.slug])
    assert [a.pk for a in client.get(url, {"status": "confirmed"}).context["page"].object_list] == [article.pk]
    assert list(client.get(url, {"status": "needs_review"}).context["page"].object_list) == []
    assert {a.pk for a in client.get(url).context["page"].object_list} == {article.pk, quiet.pk}


def test_an_unknown_status_is_a_400_with_a_message(client, reviewer, project):
    client.force_login(reviewer)
    response = client.get(reverse("project_detail", args=[project.slug]), {"status": "bogus"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_articles_are_paginated_and_the_filter_survives_paging(client, reviewer, project, admin_user_):
    add_articles(project, admin_user_, 30)
    client.force_login(reviewer)
    url = reverse("project_detail", args=[project.slug])
    first = client.get(url, {"search": "Story"})
    assert len(first.context["page"].object_list) == 25
    assert 'href="?search=Story&amp;page=2"' in first.content.decode()
    second = client.get(url, {"search": "Story", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert client.get(url, {"page": "x"}).status_code == 200  # a bad page number shows the first page


def test_an_outsider_gets_404(client, outsider, project):
    client.force_login(outsider)
    assert client.get(reverse("project_detail", args=[project.slug])).status_code == 404


def test_the_query_count_does_not_grow_with_the_articles_shown(
    client, reviewer, project, admin_user_, django_assert_num_queries
):
    url = reverse("project_detail", args=[project.slug])
    client.force_login(reviewer)
    articles = add_articles(project, admin_user_, 2)
    services.claim_create(article=articles[0], created_by=reviewer, quote="Body text")
    # session, user, my memberships with their projects, count of articles (up to the cap), the page of articles,
    # their assignments with reviewers (prefetch), their claims counted by status, my open assignments in the project
    with django_assert_num_queries(8):
        client.get(url)
    more = add_articles(project, admin_user_, 20, title="More")
    for a in more:
        services.claim_create(article=a, created_by=reviewer, quote="Body text")
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 22
