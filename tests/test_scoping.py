"""Querysets are scoped to the user's projects: a member of another project sees nothing."""

from __future__ import annotations

from annotations import services
from annotations.models import Article, Claim, HistoryEvent, Membership, Project, Verdict


def test_outsider_sees_nothing_of_the_project(project, article, claim, reviewer, outsider):
    services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    assert list(Project.objects.for_user(outsider).values_list("name", flat=True)) == ["Other desk"]
    assert not Article.objects.for_user(outsider).filter(project=project).exists()
    assert Article.objects.for_user(outsider).count() == 1  # their own
    assert not Claim.objects.for_user(outsider).exists()
    assert not Verdict.objects.for_user(outsider).exists()
    assert not HistoryEvent.objects.for_user(outsider).filter(project=project).exists()
    assert not Membership.objects.for_user(outsider).filter(project=project).exists()


def test_member_sees_their_project_only(project, article, claim, reviewer, outsider):
    assert list(Project.objects.for_user(reviewer)) == [project]
    assert list(Article.objects.for_user(reviewer)) == [article]
    assert list(Claim.objects.for_user(reviewer)) == [claim]


def test_anonymous_user_sees_nothing(project, article):
    from django.contrib.auth.models import AnonymousUser

    assert not Project.objects.for_user(AnonymousUser()).exists()
    assert not Article.objects.for_user(AnonymousUser()).exists()


def test_progress_counts_come_in_one_query_after_the_memberships(
    project, article, claim, reviewer, django_assert_num_queries
):
    services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    with django_assert_num_queries(2):
        p = Project.objects.for_user(reviewer).with_progress().get()
    assert (p.article_count, p.claim_count, p.unverified_count, p.needs_review_count) == (1, 2, 1, 1)


def test_last_admin_cannot_be_demoted_or_removed(project, admin_user_):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):  # even the system actor may not leave a project without an admin
        services.membership_set(project=project, user=admin_user_, role="reviewer", actor=services.SYSTEM)
    with pytest.raises(ValidationError):
        services.membership_remove(project=project, user=admin_user_, actor=admin_user_)
    assert Membership.objects.get(project=project, user=admin_user_).role == "admin"


def test_database_refuses_duplicate_membership(project, reviewer):
    import pytest
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(project=project, user=reviewer, role="editor")
