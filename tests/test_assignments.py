"""Assignments: who may assign, bulk assign from the project page, My work, the queue order,
take next, and the /api/v1/assignments/ endpoints."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Assignment, Label


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def add(project, user, title, body):
    return services.article_create(project=project, imported_by=user, title=title, body=body)


@pytest.fixture
def three(project, admin_user_, article):
    return [
        article,
        add(project, admin_user_, "Second", "Second body text."),
        add(project, admin_user_, "Third", "Third body."),
    ]


# --- services and permissions ------------------------------------------------------------------


def test_reviewers_cannot_assign(reviewer, reviewer2, article):
    with pytest.raises(PermissionDenied):
        services.assignment_create(article=article, reviewer=reviewer2, actor=reviewer)
    assert not Assignment.objects.exists()


def test_only_members_can_be_assigned(editor, outsider, article):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.assignment_create(article=article, reviewer=outsider, actor=editor)


# --- web -----------------------------------------------------------------------------------------


def test_an_editor_bulk_assigns_from_the_project_page(client, editor, reviewer, reviewer2, project, three):
    client.force_login(editor)
    due = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(
        reverse("assign", args=[project.slug]),
        {"articles": [three[0].pk, three[1].pk], "reviewers": [reviewer.pk, reviewer2.pk], "due_date": due},
    )
    assert response.status_code == 302
    pairs = set(Assignment.objects.values_list("article_id", "reviewer_id"))
    assert pairs == {(a.pk, r.pk) for a in three[:2] for r in (reviewer, reviewer2)}
    assert set(Assignment.objects.values_list("due_date", flat=True)) == {date.fromisoformat(due)}
    # Again: nothing doubles, the page says what was skipped.
    client.post(reverse("assign", args=[project.slug]), {"articles": [three[0].pk], "reviewers": [reviewer.pk]})
    assert Assignment.objects.count() == 4


def test_a_reviewer_cannot_assign_and_an_outsider_gets_404(client, reviewer, outsider, project, article):
    data = {"articles": [article.pk], "reviewers": [reviewer.pk]}
    client.force_login(reviewer)
    assert client.post(reverse("assign", args=[project.slug]), data).status_code == 403
    client.force_login(outsider)
    assert client.post(reverse("assign", args=[project.slug]), data).status_code == 404
    assert not Assignment.objects.exists()


def test_articles_of_another_project_cannot_be_assigned(client, editor, reviewer, project, outsider):
    from annotations.models import Article

    theirs = Article.objects.exclude(project=project).get()
    client.force_login(editor)
    client.post(reverse("assign", args=[project.slug]), {"articles": [theirs.pk], "reviewers": [reviewer.pk]})
    assert not Assignment.objects.exists()


def test_my_work_lists_open_assignments_overdue_first_then_by_due_date(client, editor, reviewer, project, three):
    today = date.today()
    services.assignment_create(article=three[0], reviewer=reviewer, actor=editor)  # no due date: last
    services.assignment_create(article=three[1], reviewer=reviewer, actor=editor, due_date=today + timedelta(days=5))
    services.assignment_create(article=three[2], reviewer=reviewer, actor=editor, due_date=today - timedelta(days=1))
    services.claim_create(article=three[1], created_by=editor, quote="Second body")
    client.force_login(reviewer)
    page = client.get(reverse("home")).content.decode()
    section = page.split('id="my-work-heading"')[1].split("</section>")[0]
    assert section.index("Third") < section.index("Second") < section.index(three[0].title)
    assert "overdue" in section
    assert "1 claim needs your verdict" in section
    project_page = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert "My work" in project_page and "Third" in project_page.split('id="my-work-heading"')[1]


def test_done_assignments_leave_my_work(client, editor, reviewer, project, article):
    assignment = services.assignment_create(article=article, reviewer=reviewer, actor=editor)
    client.force_login(reviewer)
    client.post(reverse("assignment_done", args=[project.slug, assignment.pk]))
    assert Assignment.objects.get().done_at is not None
    section = client.get(reverse("home")).content.decode().split('id="my-work-heading"')[1]
    assert "Nothing assigned to you" in section


def test_another_reviewer_cannot_mark_my_assignment_done(client, editor, reviewer, reviewer2, project, article):
    assignment = services.assignment_create(article=article, reviewer=reviewer, actor=editor)
    client.force_login(reviewer2)
    assert client.post(reverse("assignment_done", args=[project.slug, assignment.pk])).status_code == 403
    assert client.post(reverse("assignment_remove", args=[project.slug, assignment.pk])).status_code == 403


def test_the_article_page_assigns_and_lists_reviewers(client, editor, reviewer, project, article):
    client.force_login(editor)
    page = client.get(reverse("article_detail", args=[project.slug, article.pk])).content.decode()
    assert "Assign to" in page
    client.post(reverse("assign", args=[project.slug]), {"articles": [article.pk], "reviewers": [reviewer.pk]})
    page = client.get(reverse("article_detail", args=[project.slug, article.pk])).content.decode()
    assert reviewer.username in page.split('id="assignments-heading"')[1].split("</section>")[0]


def test_take_next_from_the_page_opens_an_unassigned_article(client, reviewer, project, three):
    client.force_login(reviewer)
    response = client.post(reverse("take_next", args=[project.slug]))
    assignment = Assignment.objects.get()
    assert response["Location"] == reverse("article_detail", args=[project.slug, assignment.article_id])
    assert assignment.article_id == min(three, key=lambda a: (a.created_at, a.pk)).pk


# --- the queue order -----------------------------------------------------------------------------


def test_the_queue_serves_my_assigned_articles_first_then_claims_short_of_reviews(
    client, editor, reviewer, reviewer2, project, three, admin_user_
):
    services.project_update(project=project, actor=admin_user_, reviews_required=2)
    first = services.claim_create(article=three[0], created_by=editor, quote="1,200 containers")
    full = services.claim_create(article=three[1], created_by=editor, quote="Second body")
    mine = services.claim_create(article=three[2], created_by=editor, quote="Third body")
    for who in (reviewer2, editor):
        services.verdict_create(claim=full, reviewer=who, label=Label.UNVERIFIED)
    services.assignment_create(article=three[2], reviewer=reviewer, actor=editor)
    client.force_login(reviewer)
    order = []
    url = reverse("review_queue", args=[project.slug])
    claim = client.get(url).context["claim"]
    while claim is not None and claim.pk not in order:
        order.append(claim.pk)
        claim = client.get(url, {"after": claim.pk}).context["claim"]
    assert order == [mine.pk, first.pk, full.pk]


def test_editors_get_conflicts_last(client, editor, reviewer, reviewer2, project, article):
    conflict = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers")
    services.verdict_create(claim=conflict, reviewer=reviewer, label=Label.CONFIRMED, rationale="Log.")
    services.verdict_create(claim=conflict, reviewer=reviewer2, label=Label.DISPUTED, rationale="Photo.")
    later = services.claim_create(article=article, created_by=reviewer, quote="night shift")
    client.force_login(editor)
    assert client.get(reverse("review_queue", args=[project.slug])).context["claim"].pk == later.pk


# --- API -----------------------------------------------------------------------------------------


def test_api_editors_create_and_delete_reviewers_list_their_own(editor, reviewer, reviewer2, article, project):
    response = api(editor).post(
        "/api/v1/assignments/", {"article": article.pk, "reviewer": reviewer.username, "due_date": "2030-01-02"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["reviewer"], body["due_date"], body["done"], body["assigned_by"]) == (
        reviewer.username, "2030-01-02", False, editor.username,
    )  # fmt: skip
    again = api(editor).post("/api/v1/assignments/", {"article": article.pk, "reviewer": reviewer.username})
    assert again.status_code == 409
    api(editor).post("/api/v1/assignments/", {"article": article.pk, "reviewer": reviewer2.username})
    assert [a["reviewer"] for a in api(reviewer).get("/api/v1/assignments/").json()["results"]] == [reviewer.username]
    assert len(api(editor).get("/api/v1/assignments/").json()["results"]) == 2
    assert api(reviewer).delete(f"/api/v1/assignments/{body['id']}/").status_code == 403
    assert api(editor).delete(f"/api/v1/assignments/{body['id']}/").status_code == 204


def test_api_reviewers_cannot_create_and_outsiders_see_nothing(reviewer, reviewer2, outsider, editor, article):
    response = api(reviewer).post("/api/v1/assignments/", {"article": article.pk, "reviewer": reviewer2.username})
    assert response.status_code == 403
    made = services.assignment_create(article=article, reviewer=reviewer, actor=editor)
    assert api(outsider).get("/api/v1/assignments/").json()["results"] == []
    assert api(outsider).get(f"/api/v1/assignments/{made.pk}/").status_code == 404
    assert api(outsider).delete(f"/api/v1/assignments/{made.pk}/").status_code == 404
    bad = api(outsider).post("/api/v1/assignments/", {"article": article.pk, "reviewer": reviewer.username})
    assert bad.status_code == 400  # the article is not one of theirs: "does not exist"


def test_api_filters(editor, reviewer, reviewer2, project, three):
    services.assignment_create(article=three[0], reviewer=reviewer, actor=editor, due_date=date(2030, 1, 1))
    done = services.assignment_create(article=three[1], reviewer=reviewer2, actor=editor, due_date=date(2031, 1, 1))
    services.assignment_complete(assignment=done, actor=reviewer2)
    client = api(editor)

    def ids(**params):
        return [a["article"] for a in client.get("/api/v1/assignments/", params).json()["results"]]

    assert ids(reviewer=reviewer2.username) == [three[1].pk]
    assert ids(article=three[0].pk) == [three[0].pk]
    assert ids(project=project.pk, due_before="2030-06-01") == [three[0].pk]
    assert ids(done="true") == [three[1].pk]
    assert ids(done="false") == [three[0].pk]
    assert client.get("/api/v1/assignments/", {"due_before": "soon"}).status_code == 400


def test_api_take_next_gives_201_then_204(reviewer, project, article, outsider):
    first = api(reviewer).post(f"/api/v1/projects/{project.pk}/take-next/")
    assert first.status_code == 201 and first.json()["article"] == article.pk
    assert first.json()["reviewer"] == reviewer.username
    assert api(reviewer).post(f"/api/v1/projects/{project.pk}/take-next/").status_code == 204
    assert api(outsider).post(f"/api/v1/projects/{project.pk}/take-next/").status_code == 404


def test_api_list_query_count_does_not_grow(editor, reviewer, project, admin_user_, django_assert_num_queries):
    for i in range(2):
        a = add(project, admin_user_, f"Q{i}", f"Query body {i}.")
        services.assignment_create(article=a, reviewer=reviewer, actor=editor)
    client = api(editor)
    # the memberships (the scope), then assignments with reviewer and assigner (one joined query)
    with django_assert_num_queries(2):
        client.get("/api/v1/assignments/")
    for i in range(5):
        a = add(project, admin_user_, f"R{i}", f"More body {i}.")
        services.assignment_create(article=a, reviewer=reviewer, actor=editor)
    with django_assert_num_queries(2):
        client.get("/api/v1/assignments/")
