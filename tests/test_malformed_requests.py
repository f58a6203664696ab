"""Malformed input is a 4xx, never a 500: tampered cursors, out-of-range filters and ids; JSON errors under /api/."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django.urls import reverse

from annotations import services

LISTS = ["/api/v1/projects/", "/api/v1/articles/", "/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/deletions/"]
HUGE = "9" * 30


def cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


TAMPERED = [
    cursor("p=abc"),
    cursor("p="),
    cursor("p=1e999"),
    cursor("p=1.5"),
    cursor(f"p={HUGE}"),
    cursor("o=1&r=1&p=-"),
    cursor("p=9223372036854775808"),  # one above the largest bigint
    "!!!not-base64!!!",
    "%FF%FE",
    cursor("\x00\xff"),
]


@pytest.fixture
def api(client, reviewer, claim) -> Client:
    services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    client.force_login(reviewer)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("value", TAMPERED)
def test_a_tampered_cursor_is_a_400_in_json(api, url, value):
    response = api.get(f"{url}?cursor={value}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert "cursor" in response.json()


@pytest.mark.parametrize("url", LISTS)
def test_the_cursors_the_api_gives_out_still_work(api, url):
    page = api.get(f"{url}?page_size=1").json()
    if page["next"]:
        assert api.get(page["next"]).status_code == 200


@pytest.fixture
def web(client, reviewer, article) -> Client:
    client.force_login(reviewer)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "query",
    [
        f"project={HUGE}",
        "project=99999999999999999999",
        "project=1e999",
        "project=NaN",
        "updated_after=9999-12-31T23:59:59-05:00",
        "updated_after=0001-01-01T00:00:00%2B05:00",
    ],
)
def test_the_project_page_refuses_out_of_range_filters_with_a_form_error(web, project, query):
    response = web.get(f"{reverse('project_detail', args=[project.slug])}?{query}")
    assert response.status_code == 400
    field = query.split("=")[0]
    assert f'<div class="error" role="alert">{field}: ' in response.content.decode()


def test_the_project_page_still_filters_with_a_valid_instant(web, project, article):
    url = reverse("project_detail", args=[project.slug])
    assert article.title in web.get(f"{url}?updated_after=2000-01-01T00:00:00Z").content.decode()


def test_a_member_change_with_a_30_digit_user_id_is_a_404(client, admin_user_, project):
    client.force_login(admin_user_)
    client.raise_request_exception = False
    response = client.post(f"/p/{project.slug}/members/{HUGE}/", {"role": "editor"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path", ["/p/{slug}/articles/{huge}/", "/p/{slug}/claims/{huge}/verdict/", "/accounts/tokens/{huge}/revoke/"]
)
def test_other_ids_in_paths_are_404s_too(web, project, path):
    url = path.format(slug=project.slug, huge=HUGE)
    assert web.get(url).status_code == 404
    assert web.post(url).status_code == 404


@pytest.mark.parametrize("query", [f"after={HUGE}", f"after=-{HUGE}", "after=1e999"])
def test_the_queue_ignores_an_out_of_range_position(web, project, claim, query):
    assert web.get(f"{reverse('review_queue', args=[project.slug])}?{query}").status_code == 200


def test_the_reader_answers_an_out_of_range_claim_with_a_404(web, project, article):
    assert web.get(f"{reverse('article_detail', args=[project.slug, article.pk])}?claim={HUGE}").status_code == 404


def test_an_unknown_path_under_api_is_a_json_404(web):
    for path in ("/api/", "/api/nothing/", "/api/v1/nothing/"):
        response = web.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()


def test_an_unknown_page_is_the_sites_html_404(web):
    response = web.get("/nothing-here/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]
    assert "There is nothing here" in response.content.decode()


@pytest.mark.urls("tests.urls_with_failing_views")
def test_a_server_error_under_api_is_json_without_details(web):
    response = web.get("/api/v1/fail/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "secret detail" not in response.content.decode()
    assert "detail" in response.json()


@pytest.mark.urls("tests.urls_with_failing_views")
def test_a_server_error_elsewhere_is_an_html_page_without_a_traceback(web):
    response = web.get("/p/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Server error" in html
    assert "secret detail" not in html and "Traceback" not in html
