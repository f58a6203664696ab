"""A request reads the signed-in user's memberships once; a change to a membership or a project is seen at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from annotations import services
from annotations.middleware import MembershipsPerRequest
from annotations.models import Article, Claim, Project, Role, Verdict

pytestmark = pytest.mark.django_db


def membership_reads(captured: CaptureQueriesContext) -> int:
    return sum('FROM "annotations_membership"' in q["sql"] for q in captured.captured_queries)


def in_request(view):
    """Run ``view()`` inside the middleware, as a request would."""
    return MembershipsPerRequest(lambda request: view())(RequestFactory().get("/"))


def test_scoped_querysets_in_one_request_read_the_memberships_once(reviewer, claim):
    def view():
        return [
            list(Article.objects.for_user(reviewer)),
            list(Claim.objects.for_user(reviewer).with_visible_status(reviewer)),
            list(Verdict.objects.visible_to(reviewer)),
            list(Project.objects.for_user(reviewer).with_progress(reviewer)),
        ]

    with CaptureQueriesContext(connection) as captured:
        articles, claims, _, projects = in_request(view)
    assert membership_reads(captured) == 1
    assert [c.pk for c in claims] == [claim.pk] and len(articles) == 1 and len(projects) == 1


def test_a_membership_given_during_the_request_is_seen_by_the_next_read(reviewer, outsider):
    other = Project.objects.get(memberships__user=outsider)

    def view():
        before = set(Article.objects.for_user(reviewer).values_list("project_id", flat=True))
        services.membership_set(project=other, user=reviewer, role=Role.REVIEWER, actor=services.SYSTEM)
        after = set(Article.objects.for_user(reviewer).values_list("project_id", flat=True))
        services.membership_remove(project=other, user=reviewer, actor=services.SYSTEM)
        removed = set(Article.objects.for_user(reviewer).values_list("project_id", flat=True))
        return before, after, removed

    before, after, removed = in_request(view)
    assert other.pk not in before and other.pk in after and other.pk not in removed


def test_blind_review_switched_on_during_the_request_hides_the_status_at_once(admin_user_, reviewer, claim, editor):
    services.verdict_create(claim=claim, reviewer=editor, label="confirmed", rationale="The port log.")
    project = claim.project

    def view():
        shown = Claim.objects.with_visible_status(reviewer).get(pk=claim.pk).shown_status
        services.project_update(project=project, actor=admin_user_, blind_review=True)
        hidden = Claim.objects.with_visible_status(reviewer).get(pk=claim.pk).shown_status
        return shown, hidden

    assert in_request(view) == ("confirmed", "hidden")


def test_outside_a_request_every_read_goes_to_the_database(reviewer, outsider):
    other = Project.objects.get(memberships__user=outsider)
    assert other.pk not in {a.project_id for a in Article.objects.for_user(reviewer)}
    services.membership_set(project=other, user=reviewer, role=Role.REVIEWER, actor=services.SYSTEM)
    assert other.pk in {a.project_id for a in Article.objects.for_user(reviewer)}


def test_the_pages_that_read_all_memberships_with_their_project_keep_what_the_database_has(
    reviewer, outsider, admin_user_, project
):
    from django.http import Http404

    from annotations.models.core import memberships_of
    from annotations.views.common import member_project

    other = Project.objects.get(memberships__user=outsider)
    services.membership_set(project=other, user=reviewer, role=Role.EDITOR, actor=services.SYSTEM)
    services.project_update(project=project, actor=admin_user_, blind_review=True)
    expected = memberships_of(reviewer)  # outside a request: read from the database
    assert len(expected) == 2
    request = RequestFactory().get("/")
    request.user = reviewer

    def view():
        found, membership = member_project(request, project.slug, all_memberships=True)
        with CaptureQueriesContext(connection) as captured:
            kept = memberships_of(reviewer)
        return found, membership, kept, len(captured.captured_queries)

    found, membership, kept, reads = MembershipsPerRequest(lambda request: view())(request)
    assert (found, membership.role, kept, reads) == (project, Role.REVIEWER, expected, 0)
    with pytest.raises(Http404):
        MembershipsPerRequest(lambda r: member_project(request, "no-such-project", all_memberships=True))(request)
    request.user = outsider
    with pytest.raises(Http404):
        MembershipsPerRequest(lambda r: member_project(request, project.slug, all_memberships=True))(request)
