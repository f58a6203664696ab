"""Starting in the browser: new project, project settings, Add article (paste and upload), Export menu."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from annotations.models import Article, Membership, Project, Role
from annotations.views.desk import url_import_link
from tests.conftest import ENGLISH_BODY, make_user

# --- new project ---------------------------------------------------------------------------------


def test_any_signed_in_user_creates_a_project_and_becomes_its_admin(client, db):
    user = make_user("newcomer")
    client.force_login(user)
    assert "New project" in client.get(reverse("home")).content.decode()
    response = client.post(
        reverse("project_new"), {"name": "Election desk", "description": "Checks", "language": "pt-BR"}
    )
    project = Project.objects.get(name="Election desk")
    assert response["Location"] == project.get_absolute_url()
    assert (project.slug, project.language, project.blind_review, project.reviews_required) == (
        "election-desk", "pt-BR", True, 1,
    )  # fmt: skip
    assert Membership.objects.get(project=project, user=user).role == Role.ADMIN


def test_a_taken_slug_is_made_unique_without_saying_so(client, outsider):
    taken = Project.objects.get(name="Other desk")  # the outsider's, invisible to our user
    user = make_user("newcomer")
    client.force_login(user)
    response = client.post(reverse("project_new"), {"name": "Other desk", "slug": taken.slug})
    assert response.status_code == 302
    mine = Project.objects.get(created_by=user)
    assert mine.slug != taken.slug and mine.slug.startswith(taken.slug)
    follow = client.get(response["Location"]).content.decode()
    assert "taken" not in follow and "exists" not in follow


@pytest.mark.parametrize(
    "data", [{"name": ""}, {"name": "X", "language": "not a tag!"}, {"name": "Nul\x00"}, {"name": "x" * 300}]
)
def test_bad_project_input_is_a_form_error(client, db, data):
    client.force_login(make_user("newcomer"))
    assert client.post(reverse("project_new"), data).status_code == 400
    assert not Project.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(reverse("project_new"))["Location"].startswith(reverse("login"))


# --- settings ------------------------------------------------------------------------------------


def settings_data(project, **changes):
    data = {
        "name": project.name,
        "description": project.description,
        "language": project.language,
        "reviews_required": project.reviews_required,
        "loaded_at": project.updated_at.isoformat(),
    }
    if project.blind_review:
        data["blind_review"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admins_rename_describe_and_set_the_review_rules(client, admin_user_, project):
    client.force_login(admin_user_)
    url = reverse("project_settings", args=[project.slug])
    assert client.get(url).status_code == 200
    data = settings_data(project, name="Renamed", description="New text", reviews_required=3, blind_review="on")
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert (project.name, project.description, project.reviews_required, project.blind_review) == (
        "Renamed", "New text", 3, True,
    )  # fmt: skip


def test_a_stale_settings_form_does_not_overwrite_and_keeps_what_was_typed(client, admin_user_, project):
    client.force_login(admin_user_)
    url = reverse("project_settings", args=[project.slug])
    stale = settings_data(project, name="Mine")
    Project.objects.filter(pk=project.pk).update(name="Theirs", updated_at=project.updated_at.replace(year=2030))
    response = client.post(url, stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed by someone else" in page and 'value="Mine"' in page
    assert Project.objects.get(pk=project.pk).name == "Theirs"
    # Submitting the re-rendered form (which now carries the stored stamp) keeps mine.
    again = dict(stale, loaded_at=response.context["form"]["loaded_at"].value())
    assert client.post(url, again).status_code == 302
    assert Project.objects.get(pk=project.pk).name == "Mine"


@pytest.mark.parametrize("persona,status", [("reviewer", 403), ("editor", 403), ("outsider", 404)])
def test_only_admins_open_the_settings(client, project, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("project_settings", args=[project.slug])
    assert client.get(url).status_code == status
    assert client.post(url, settings_data(project, name="Hijacked")).status_code == status
    assert Project.objects.get(pk=project.pk).name == "Harbour desk"


def test_bad_settings_are_form_errors(client, admin_user_, project):
    client.force_login(admin_user_)
    url = reverse("project_settings", args=[project.slug])
    for change in ({"reviews_required": "0"}, {"reviews_required": "many"}, {"language": "??"}, {"name": ""}):
        assert client.post(url, settings_data(project, **change)).status_code == 400, change


# --- add article ---------------------------------------------------------------------------------


def add_url(project):
    return reverse("article_add", args=[project.slug])


def paste(client, project, **fields):
    data = {"how": "paste", "title": "Pasted", "body": "A pasted article body.", **fields}
    return client.post(add_url(project), data)


def upload(client, project, *files, **extra):
    return client.post(add_url(project), {"how": "upload", "files": list(files), **extra})


def test_an_editor_pastes_an_article_with_its_metadata(client, editor, project):
    client.force_login(editor)
    response = paste(
        client, project, source="Harbour Times", url="https://example.org/a", author="R. Writer",
        published_at="2024-03-18", language="en", original_language="ar", original_url="https://example.org/ar",
    )  # fmt: skip
    article = Article.objects.get(title="Pasted")
    assert response["Location"] == article.get_absolute_url()
    assert (article.source, article.original_language, article.published_at.date().isoformat()) == (
        "Harbour Times", "ar", "2024-03-18",
    )  # fmt: skip
    assert article.imported_by == editor


def test_a_duplicate_names_the_existing_article_with_a_link(client, editor, project, article):
    client.force_login(editor)
    response = paste(client, project, body=ENGLISH_BODY)
    assert response.status_code == 409
    page = response.content.decode()
    assert reverse("article_detail", args=[project.slug, article.pk]) in page and article.title in page


def test_bad_pasted_input_is_a_form_error_and_keeps_the_text(client, editor, project):
    client.force_login(editor)
    response = paste(client, project, published_at="last tuesday", body="Keep this text.")
    assert response.status_code == 400 and "Keep this text." in response.content.decode()
    assert paste(client, project, body="nul\x00").status_code == 400
    assert paste(client, project, url="javascript:alert(1)").status_code == 400
    assert not Article.objects.exists()


def test_uploads_in_every_format_with_a_report_per_item(client, editor, project, article):
    client.force_login(editor)
    jsonl = "\n".join(
        json.dumps({"title": f"Line {i}", "body": f"Body of line {i}.", "source": "Wire"}) for i in range(2)
    )
    html = (
        "<html><head><title>Harbour fire</title></head><body><article><h1>Harbour fire</h1>"
        "<p>The fire at the harbour destroyed three warehouses, officials said on Tuesday evening.</p>"
        "<p>Firefighters worked through the night to contain the blaze near the container terminal.</p>"
        "</article></body></html>"
    )
    response = upload(
        client,
        project,
        SimpleUploadedFile("wire.jsonl", jsonl.encode()),
        SimpleUploadedFile("one.json", json.dumps({"title": "JSON one", "body": "JSON body."}).encode()),
        SimpleUploadedFile("plain.txt", b"A plain headline here\n\nPlain text body."),
        SimpleUploadedFile("page.html", html.encode()),
        SimpleUploadedFile("dup.json", json.dumps({"title": "Again", "body": ENGLISH_BODY}).encode()),
        language="en",
    )
    assert response.status_code == 200
    outcomes = [(row["file"], row["outcome"]) for row in response.context["report"]]
    assert outcomes == [
        ("wire.jsonl", "created"), ("wire.jsonl", "created"), ("one.json", "created"),
        ("plain.txt", "created"), ("page.html", "created"), ("dup.json", "duplicate"),
    ]  # fmt: skip
    assert Article.objects.get(title="Line 0").language == "en"
    page = response.content.decode()
    assert reverse("article_detail", args=[project.slug, article.pk]) in page  # the duplicate links


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("broken.json", b"{not json", "invalid JSON"),
        ("binary.txt", b"\x00\x01\x02", "binary"),
        ("latin.txt", "café".encode("latin-1"), "not UTF-8"),
        ("empty.txt", b"   ", "empty"),
        ("mixed.jsonl", b'{"title": "Good", "body": "Good body."}\n{"title": "No body"}\n', "body"),
    ],
)
def test_bad_files_are_reported_never_a_500(client, editor, project, name, content, message):
    client.force_login(editor)
    response = upload(client, project, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    report = response.context["report"]
    assert any(message.lower() in (row["message"] or "").lower() for row in report), report
    assert not Article.objects.exists()  # a file is imported whole or not at all


@override_settings(VERIFIER_IMPORT_MAX_BYTES=100)
def test_files_over_the_size_limit_are_refused(client, editor, project):
    client.force_login(editor)
    response = upload(client, project, SimpleUploadedFile("big.txt", b"Big headline words\n" + b"x" * 200))
    assert "over the 100-byte limit" in response.context["report"][0]["message"]
    assert not Article.objects.exists()


def test_an_upload_without_files_is_a_form_error(client, editor, project):
    client.force_login(editor)
    assert upload(client, project).status_code == 400


@pytest.mark.parametrize("persona,status", [("reviewer", 403), ("outsider", 404)])
def test_reviewers_cannot_add_articles_and_outsiders_get_404(client, project, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(add_url(project)).status_code == status
    assert paste(client, project).status_code == status
    assert upload(client, project, SimpleUploadedFile("a.txt", b"Some headline here\nbody")).status_code == status
    assert not Article.objects.filter(project=project).exists()


def test_the_from_a_url_tab_appears_only_when_that_page_exists(client, editor, project):
    client.force_login(editor)
    page = client.get(add_url(project)).content.decode()
    assert ("From a URL" in page) == (url_import_link(project) is not None)


# --- export menu ---------------------------------------------------------------------------------


def test_the_export_menu_links_six_formats_with_the_current_filter_and_the_session_works(
    client, reviewer, project, claim
):
    client.force_login(reviewer)
    response = client.get(reverse("project_detail", args=[project.slug]), {"status": "needs_review"})
    links = [url for _, url in response.context["exports"]]
    assert len(links) == 6
    assert all(f"project={project.pk}" in u and "status=needs_review" in u for u in links)
    for url in links:
        exported = client.get(url)  # the browser's session cookie, no token
        assert exported.status_code == 200, url
        assert exported.streaming


def test_the_new_pages_have_pinned_query_counts(client, admin_user_, project, django_assert_num_queries):
    client.force_login(admin_user_)
    # session, user, membership+project
    with django_assert_num_queries(3):
        assert client.get(add_url(project)).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(reverse("project_settings", args=[project.slug])).status_code == 200
    # session, user
    with django_assert_num_queries(2):
        assert client.get(reverse("project_new")).status_code == 200
