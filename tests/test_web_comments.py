"""The discussion in the reader's claim panel: thread, post form, edit/delete where allowed, kept text."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations import services
from annotations.models import Comment


def panel(article, claim) -> str:
    return reverse("article_detail", args=[article.project.slug, article.pk]) + f"?claim={claim.pk}"


def later(minutes: float):
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=minutes))


def test_the_panel_shows_the_thread_and_a_post_form(client, reviewer, reviewer2, article, claim):
    services.comment_create(claim=claim, author=reviewer2, body="Port log says <b>1,100</b>")
    client.force_login(reviewer)
    html = client.get(panel(article, claim)).content.decode()
    assert 'id="comments"' in html
    assert "Port log says &lt;b&gt;1,100&lt;/b&gt;" in html  # escaped
    assert reverse("comment_create", args=[article.project.slug, claim.pk]) in html
    assert 'name="csrfmiddlewaretoken"' in html
    # the history lists the comment too
    assert "rob-reviewer</strong> created the comment" in html


def test_posting_a_comment_redirects_to_the_thread(client, reviewer, article, claim):
    client.force_login(reviewer)
    url = reverse("comment_create", args=[article.project.slug, claim.pk])
    response = client.post(url, {"body": "Who said 1,200?"})
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    assert Comment.objects.get().body == "Who said 1,200?"


def test_an_empty_comment_is_a_form_error(client, reviewer, article, claim):
    client.force_login(reviewer)
    response = client.post(reverse("comment_create", args=[article.project.slug, claim.pk]), {"body": "   "})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Comment.objects.exists()


def test_a_refused_edit_keeps_the_typed_text(client, reviewer, article, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="Original")
    client.force_login(reviewer)
    url = reverse("comment_update", args=[article.project.slug, comment.pk])
    with later(20):
        response = client.post(url, {"body": "My careful new wording", "version": "1"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "My careful new wording" in html and "15 minutes" in html
    assert Comment.objects.get().body == "Original"


def test_a_stale_edit_shows_the_stored_text_and_keeps_mine(client, reviewer, article, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="One")
    services.comment_update(comment=comment, actor=reviewer, expected_version=1, body="Two (other tab)")
    client.force_login(reviewer)
    url = reverse("comment_update", args=[article.project.slug, comment.pk])
    response = client.post(url, {"body": "Three (this tab)", "version": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Two (other tab)" in html and "Three (this tab)" in html
    assert re.search(r'name="version" value="2"', html)  # saving again now overwrites knowingly
    assert client.post(url, {"body": "Three (this tab)", "version": "2"}).status_code == 302
    assert Comment.objects.get().body == "Three (this tab)"


def test_edit_and_delete_buttons_only_where_allowed(client, reviewer, reviewer2, editor, article, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="Mine")
    edit_url = f'action="{reverse("comment_update", args=[article.project.slug, comment.pk])}"'
    delete_url = f'action="{reverse("comment_delete", args=[article.project.slug, comment.pk])}"'

    client.force_login(reviewer)
    html = client.get(panel(article, claim)).content.decode()
    assert edit_url in html and delete_url in html
    with later(16):
        html = client.get(panel(article, claim)).content.decode()
    assert edit_url not in html and delete_url not in html

    client.force_login(reviewer2)
    html = client.get(panel(article, claim)).content.decode()
    assert edit_url not in html and delete_url not in html

    client.force_login(editor)
    html = client.get(panel(article, claim)).content.decode()
    assert edit_url not in html and delete_url in html


def test_an_editor_deletes_a_comment_and_a_tombstone_shows(client, reviewer, editor, article, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="Heated")
    client.force_login(editor)
    response = client.post(reverse("comment_delete", args=[article.project.slug, comment.pk]), {"version": "1"})
    assert response.status_code == 302
    html = client.get(panel(article, claim)).content.decode()
    assert "Comment by rita-reviewer deleted by erin-editor" in html


def test_another_reviewer_cannot_delete_through_the_page(client, reviewer, reviewer2, article, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="Mine")
    client.force_login(reviewer2)
    client.post(reverse("comment_delete", args=[article.project.slug, comment.pk]), {"version": "1"})
    assert not Comment.objects.get().is_deleted


def test_outsiders_get_404_on_every_comment_url(client, reviewer, outsider, article, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="Members only")
    client.force_login(outsider)
    slug = article.project.slug
    assert client.post(reverse("comment_create", args=[slug, claim.pk]), {"body": "x"}).status_code == 404
    edit = client.post(reverse("comment_update", args=[slug, comment.pk]), {"body": "x", "version": "1"})
    assert edit.status_code == 404
    assert client.post(reverse("comment_delete", args=[slug, comment.pk]), {"version": "1"}).status_code == 404
    assert Comment.objects.get().body == "Members only"


def test_the_panel_with_a_thread_costs_the_same_queries_for_2_and_20_comments(client, reviewer, article, claim):
    client.force_login(reviewer)
    for n in (2, 20):
        Comment.objects.all().delete()
        for i in range(n):
            services.comment_create(claim=claim, author=reviewer, body=f"c{i}")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(panel(article, claim)).status_code == 200
        if n == 2:
            baseline = len(ctx)
        else:
            assert len(ctx) == baseline
