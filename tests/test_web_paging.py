"""Pages of long lists count only as far as the pager shows ("more than N"); short lists as before.
And the rows' links are reversed once per page (``id_url``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from annotations.views import paging
from annotations.views.paging import CappedPaginator

from .test_web_claim_list import make_claims


@pytest.fixture
def users(db):
    User.objects.bulk_create(User(username=f"user-{i:03}") for i in range(40))
    return User.objects.filter(username__startswith="user-").order_by("username")


def shown(page) -> tuple:
    return (page.number, [u.username for u in page.object_list], page.has_previous(), page.has_next())


@pytest.mark.parametrize("number", [None, "", "x", "1", "2", "5", "7", "0", "-3", "99", str(10**30)])
def test_a_list_within_the_cap_pages_exactly_as_the_paginator(users, number):
    capped, plain = CappedPaginator(users, 6, cap=60), Paginator(users, 6)
    page = capped.get_page(number)
    assert shown(page) == shown(plain.get_page(number))
    assert (capped.count, capped.num_pages, capped.count_is_exact) == (40, 7, True)


def test_a_list_beyond_the_cap_counts_up_to_it_and_says_there_are_more(users):
    paginator = CappedPaginator(users, 3, cap=10)  # rounded up to 4 whole pages, 12 rows
    page = paginator.get_page("1")
    assert shown(page) == (1, ["user-000", "user-001", "user-002"], False, True)
    assert (paginator.count_is_exact, paginator.count_floor, paginator.pages_floor) == (False, 12, 4)
    # Page 5 is known to exist (a 13th row was counted): the pages up to the cap all have a next one.
    assert paginator.num_pages == 5
    assert CappedPaginator(users, 3, cap=10).get_page("4").has_next()


def test_a_page_past_the_cap_counts_to_its_end_and_still_has_a_next_page(users):
    paginator = CappedPaginator(users, 3, cap=10)
    page = paginator.get_page("10")
    assert shown(page) == (10, ["user-027", "user-028", "user-029"], True, True)
    assert (paginator.count_is_exact, paginator.count_floor, paginator.pages_floor) == (False, 30, 10)


def test_the_last_page_and_pages_past_the_end_are_the_paginators(users):
    for number in ["14", "15", "1000", "0", "-1"]:
        capped = CappedPaginator(users, 3, cap=10)
        assert shown(capped.get_page(number)) == shown(Paginator(users, 3).get_page(number))
        assert (capped.count, capped.count_is_exact) == (40, True)


def test_the_count_query_reads_at_most_the_cap(users):
    with CaptureQueriesContext(connection) as queries:
        CappedPaginator(users, 3, cap=10).get_page("2")
    count_sql = queries.captured_queries[0]["sql"]
    assert "COUNT(*)" in count_sql and "LIMIT 13" in count_sql


def test_the_claims_page_past_the_cap_says_more_than_and_pages_on(client, project, article, reviewer, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 100)  # two pages of 50
    make_claims(article, reviewer, 120)
    client.force_login(reviewer)
    url = reverse("claim_list", args=[project.slug])
    html = client.get(url).content.decode()
    assert '<p class="muted" id="claims-count">More than 100 claims</p>' in html
    assert "<span>Page 1 of more than 2</span>" in html
    assert 'rel="next" href="?sort=-changed&amp;page=2"' in html
    second = client.get(url, {"page": 2}).content.decode()
    assert "<span>Page 2 of more than 2</span>" in second and 'rel="next"' in second
    # From page 3 the count reaches the end: the exact figures again, and no next page.
    last = client.get(url, {"page": 3})
    assert len(last.context["page"].object_list) == 20
    assert "120 claims" in last.content.decode() and "<span>Page 3 of 3</span>" in last.content.decode()
    assert 'rel="next"' not in last.content.decode()


def test_the_project_page_past_the_cap_says_more_than(client, project, reviewer, admin_user_, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 25)
    for i in range(30):
        services.article_create(project=project, imported_by=admin_user_, title=f"Story {i}", body=f"Body {i}.")
    client.force_login(reviewer)
    html = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert '<p class="muted">More than 25 articles</p>' in html
    assert "<span>Page 1 of more than 1</span>" in html and 'rel="next"' in html
    monkeypatch.setattr(paging, "COUNT_CAP", 30)
    html = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert '<p class="muted">30 articles</p>' in html and "<span>Page 1 of 2</span>" in html


@pytest.mark.parametrize("slug", ["harbour-desk", "x987654321987654321", "987654321987654321"])
def test_id_url_is_reverse_for_every_id(slug):
    from annotations.views.common import id_url

    article_url = id_url("article_detail", slug)
    for pk in [1, 42, 987654321987654321, 10**17 + 3]:
        assert article_url(pk) == reverse("article_detail", args=[slug, pk])
