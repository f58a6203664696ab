"""Hypothesis fuzzes the query strings of the web pages that read GET parameters (the project page with its
filters, the review queue, the reader): no answer is a 5xx."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from annotations import services

NAMES = ["project", "status", "search", "updated_after", "page", "language", "after", "claim", "label", "cursor"]
EDGES = [
    "",
    "0",
    "-1",
    "9" * 30,
    "-" + "9" * 30,
    "1e999",
    "NaN",
    "Infinity",
    "9223372036854775808",
    "1.5",
    "9999-12-31T23:59:59-05:00",
    "0001-01-01T00:00:00+05:00",
    "2026-02-30T00:00:00Z",
    "2026-01-01T00:00:00+99:00",
    "\x00",
    "\ud800",
    "conflict",
    "%",
]
values = st.one_of(st.sampled_from(EDGES), st.text(max_size=30), st.integers().map(str))
queries = st.lists(st.tuples(st.sampled_from(NAMES), values), max_size=5)


@pytest.fixture
def pages(client: Client, reviewer, project, article, claim) -> tuple[Client, list[str]]:
    services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    client.force_login(reviewer)
    client.raise_request_exception = False
    urls = [
        reverse("home"),
        reverse("project_detail", args=[project.slug]),
        reverse("review_queue", args=[project.slug]),
        reverse("article_detail", args=[project.slug, article.pk]),
    ]
    return client, urls


def encode(query: list[tuple[str, str]]) -> str:
    # Lone surrogates cannot be UTF-8 encoded by a browser either; send them the way a client would have to.
    return urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in query])


def test_no_filter_value_gives_a_server_error(pages):
    client, urls = pages
    failures: list[str] = []

    @given(query=queries)
    @hypothesis_settings(
        max_examples=60, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    def run(query: list[tuple[str, str]]) -> None:
        for url in urls:
            response = client.get(f"{url}?{encode(query)}")
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {url}?{encode(query)}")

    run()
    assert failures == []


def test_every_edge_value_of_every_parameter_is_answered_without_a_server_error(pages):
    client, urls = pages
    failures = [
        f"{url}?{encode([(name, value)])}"
        for name in NAMES
        for value in EDGES
        for url in urls
        if client.get(f"{url}?{encode([(name, value)])}").status_code >= 500
    ]
    assert failures == []
