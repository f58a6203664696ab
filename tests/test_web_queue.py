"""The review queue: the next claim needing my verdict, skipping on, and saving straight to the next."""

from __future__ import annotations

from django.urls import reverse

from annotations import services
from annotations.models import Verdict


def queue(project) -> str:
    return reverse("review_queue", args=[project.slug])


def claims(article, reviewer, *quotes):
    return [services.claim_create(article=article, created_by=reviewer, quote=q) for q in quotes]


def test_the_queue_shows_the_first_claim_without_my_verdict(client, reviewer, reviewer2, article, project):
    first, second = claims(article, reviewer, "1,200 containers", "night shift")
    services.verdict_submit(claim=first, reviewer=reviewer, label="unverified", base_version=None)
    services.verdict_submit(claim=second, reviewer=reviewer2, label="unverified", base_version=None)
    client.force_login(reviewer)
    response = client.get(queue(project))
    assert response.context["claim"] == second
    assert response.context["remaining"] == 1
    page = response.content.decode()
    assert "1 claim needs your verdict." in page
    assert 'name="from" value="queue"' in page
    assert f'id="next-claim" rel="next" href="{queue(project)}?after={second.pk}"' in page


def test_next_skips_to_the_following_claim_and_wraps_around(client, reviewer, article, project):
    first, second = claims(article, reviewer, "1,200 containers", "night shift")
    client.force_login(reviewer)
    assert client.get(queue(project), {"after": first.pk}).context["claim"] == second
    assert client.get(queue(project), {"after": second.pk}).context["claim"] == first
    assert client.get(queue(project), {"after": "junk"}).context["claim"] == first


def test_saving_from_the_queue_goes_on_to_the_next_claim(client, reviewer, article, project):
    first, second = claims(article, reviewer, "1,200 containers", "night shift")
    client.force_login(reviewer)
    response = client.post(
        reverse("verdict_submit", args=[project.slug, first.pk]),
        {
            "label": "unverified",
            "rationale": "",
            "from": "queue",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{queue(project)}?after={first.pk}"
    following = client.get(response["Location"])
    assert following.context["claim"] == second
    assert "Verdict saved." in following.content.decode()
    assert Verdict.objects.get().claim == first


def test_a_bad_verdict_from_the_queue_shows_the_error_in_the_queue(client, reviewer, article, project):
    [first] = claims(article, reviewer, "1,200 containers")
    client.force_login(reviewer)
    response = client.post(
        reverse("verdict_submit", args=[project.slug, first.pk]),
        {
            "label": "confirmed",
            "rationale": "",
            "from": "queue",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert response.templates[0].name == "annotations/review_queue.html"
    assert "a rationale is required" in response.content.decode()


def test_an_empty_queue_says_so(client, reviewer, project):
    client.force_login(reviewer)
    response = client.get(queue(project))
    assert response.context["claim"] is None
    assert "Nothing left" in response.content.decode()


def test_an_outsider_gets_404(client, outsider, project):
    client.force_login(outsider)
    assert client.get(queue(project)).status_code == 404


def test_the_query_count_does_not_grow_with_the_claims(client, reviewer, article, project, django_assert_num_queries):
    claims(article, reviewer, "1,200 containers")
    client.force_login(reviewer)
    # session, user, membership+project, memberships, next claim with article and creator, count of remaining claims
    with django_assert_num_queries(6):
        client.get(queue(project))
    claims(article, reviewer, "night shift", "cut by half", "Officials denied", "safety inspection")
    with django_assert_num_queries(6):
        assert client.get(queue(project)).context["remaining"] == 5
