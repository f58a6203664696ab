"""Long texts have a limit (20,000 characters) and language fields hold BCP 47 tags — on the API, the web
pages and the import."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, Verdict
from tests.test_web_verdict import submit
from verifier.lib.text import LONG_TEXT_MAX_CHARS, language_tag_problem

TOO_LONG = "why " * (LONG_TEXT_MAX_CHARS // 4) + "!"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_limit_is_twenty_thousand_characters():
    assert LONG_TEXT_MAX_CHARS == 20_000
    assert len(TOO_LONG) == LONG_TEXT_MAX_CHARS + 1


def test_the_api_refuses_a_rationale_over_the_limit_and_takes_one_at_it(reviewer, claim):
    body = {"claim": claim.pk, "label": "disputed", "rationale": TOO_LONG}
    response = api(reviewer).post("/api/v1/verdicts/", body, format="json")
    assert response.status_code == 400
    assert "rationale" in response.json()
    assert not Verdict.objects.exists()

    body["rationale"] = TOO_LONG[:-1]
    assert api(reviewer).post("/api/v1/verdicts/", body, format="json").status_code == 201


def test_the_api_refuses_a_long_rationale_in_an_update(reviewer, claim):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    response = api(reviewer).patch(
        f"/api/v1/verdicts/{verdict.pk}/", {"rationale": TOO_LONG}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400
    assert "rationale" in response.json()


def test_the_service_refuses_it_whoever_calls(reviewer, claim):
    with pytest.raises(ValidationError) as refused:
        services.verdict_create(claim=claim, reviewer=reviewer, label="disputed", rationale=TOO_LONG)
    assert "At most 20,000 characters" in str(refused.value)


def test_the_web_form_shows_an_error_and_keeps_the_text(client, reviewer, claim):
    client.force_login(reviewer)
    response = submit(client, claim, label="disputed", rationale=TOO_LONG)
    assert response.status_code == 400
    html = response.content.decode()
    assert "At most 20,000 characters" in html
    assert TOO_LONG.strip() in html  # what the reviewer typed is still in the form
    assert not Verdict.objects.exists()


@pytest.mark.parametrize(
    "tag", ["en", "ar", "pt-BR", "zh-Hant-TW", "sr-Latn", "es-419", "de-CH-1996", "zh-yue", "en-US-x-twain", "EN-gb"]
)
def test_bcp47_tags_are_accepted(tag):
    assert language_tag_problem(tag) is None


@pytest.mark.parametrize(
    "tag", ["english", "e", "en_US", "en-", "-en", "en--US", "12", "en-US-", "pt-BRA-", "zh-Hant-Hans-TW", "en US", "ا"]
)
def test_other_language_values_are_refused(tag):
    assert language_tag_problem(tag) is not None


@pytest.mark.parametrize("field", ["language", "original_language"])
def test_the_api_refuses_a_language_that_is_not_a_tag(editor, project, field):
    body = {"project": project.pk, "title": "T", "body": "Some text.", field: "english"}
    response = api(editor).post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    body[field] = "pt-BR"
    assert api(editor).post("/api/v1/articles/", body, format="json").status_code == 201


def test_the_import_rejects_the_item_with_a_bad_language_and_keeps_the_others(editor, project):
    response = api(editor).post(
        f"/api/v1/articles/import/?project={project.pk}",
        [
            {"title": "Good", "body": "First body.", "language": "sr-Latn"},
            {"title": "Bad", "body": "Second body.", "language": "en_US"},
        ],
        format="json",
    )
    assert response.status_code in (200, 201, 207)
    outcomes = [item["outcome"] for item in response.json()["items"]]
    assert outcomes == ["created", "rejected"]
    assert list(Article.objects.values_list("language", flat=True)) == ["sr-Latn"]


def test_the_import_command_rejects_a_file_with_a_bad_language(tmp_path, admin_user_, project):
    path = tmp_path / "a.txt"
    path.write_text("A headline of words\n\nThe body of the article.", encoding="utf-8")
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_articles", str(path), project=project.slug, user=admin_user_.username, language="english")
    assert not Article.objects.exists()


def test_the_reader_page_still_opens(client, reviewer, article):
    client.force_login(reviewer)
    assert client.get(reverse("article_detail", args=[article.project.slug, article.pk])).status_code == 200
