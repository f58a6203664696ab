"""Blind review: no page, fragment, API field, filter or export tells a reviewer another reviewer's
label (or the claim's derived status) before they have saved their own verdict."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Label, Verdict

SECRET = "SECRET-RATIONALE-of-rob"
EXPORT_FORMATS = ["jsonl", "json", "csv", "claimreview", "webannotation", "fever"]


@pytest.fixture
def blind(project, admin_user_):
    return services.project_update(project=project, actor=admin_user_, blind_review=True)


@pytest.fixture
def judged(blind, claim, reviewer2):
    """Rob (reviewer2) disputed the claim; Rita (reviewer) has not judged it yet."""
    services.verdict_create(claim=claim, reviewer=reviewer2, label=Label.DISPUTED, rationale=SECRET)
    claim.refresh_from_db()
    assert claim.status == "disputed"
    return claim


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def leaks(text: str) -> list[str]:
    """Whatever in ``text`` would tell Rita what Rob said (the legend and the verdict form's radio
    buttons name every label, so the markers are the places a claim's status is shown)."""
    markers = (
        SECRET,
        "rob-reviewer",
        'data-status="disputed"',  # highlight
        "hl st-disputed",  # highlight / queue quote
        "✗ Disputed</span> <span dir",  # claim list entry
        '<dd><span class="badge st-disputed"',  # queue status
        '"status": "disputed"',  # reader data
    )
    found = [m for m in markers if m in text]
    if re.search(r'Claim \d+ <span class="badge st-disputed', text):  # panel heading
        found.append("panel heading")
    return found


def reader(client, claim):
    url = reverse("article_detail", args=[claim.project.slug, claim.article_id]) + f"?claim={claim.pk}"
    return client.get(url).content.decode()


def test_the_reader_and_claim_panel_hide_the_other_verdict_and_status(client, reviewer, judged):
    client.force_login(reviewer)
    page = reader(client, judged)
    assert leaks(page) == []
    assert 'data-status="hidden"' in page  # the highlight is neutral
    assert "st-hidden" in page
    assert "Blind review" in page
    data = page.split('id="reader-data" type="application/json">')[1].split("</script>")[0]
    assert json.loads(data)["claims"][0]["status"] == "hidden"


def test_the_queue_hides_the_status(client, reviewer, judged):
    client.force_login(reviewer)
    page = client.get(reverse("review_queue", args=[judged.project.slug])).content.decode()
    assert f"Claim {judged.pk}" in page
    assert leaks(page) == []
    assert 'class="hl st-hidden"' in page


def test_project_and_home_counts_and_the_status_filter_hide_it(client, reviewer, judged):
    client.force_login(reviewer)
    project_url = reverse("project_detail", args=[judged.project.slug])
    page = client.get(project_url).content.decode()
    assert "1 disputed" not in page
    assert "1 hidden until you review" in page
    filtered = client.get(project_url, {"status": "disputed"}).content.decode()
    assert "No articles match." in filtered
    home = client.get(reverse("home")).content.decode()
    assert "1 hidden until you review" in home


def test_the_api_hides_status_verdicts_and_filters(reviewer, judged):
    client = api(reviewer)
    claims = client.get("/api/v1/claims/").json()["results"]
    assert [c["status"] for c in claims] == ["hidden"]
    assert client.get(f"/api/v1/claims/{judged.pk}/").json()["status"] == "hidden"
    for params in ({"status": "disputed"}, {"label": "disputed"}, {"reviewer": "rob-reviewer"}):
        assert client.get("/api/v1/claims/", params).json()["results"] == [], params
    assert client.get("/api/v1/verdicts/").json()["results"] == []
    assert client.get("/api/v1/verdicts/", {"claim": judged.pk}).json()["results"] == []
    robs = Verdict.objects.get(claim=judged)
    assert client.get(f"/api/v1/verdicts/{robs.pk}/").status_code == 404
    project = client.get(f"/api/v1/projects/{judged.project_id}/").json()
    assert (project["disputed_count"], project["needs_review_count"], project["hidden_count"]) == (0, 0, 1)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_exports_give_a_blind_reviewer_only_their_own_verdicts(client, reviewer, judged, fmt):
    client.force_login(reviewer)
    response = client.get("/api/v1/export/verdicts/", {"format": fmt})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert SECRET not in body and "rob-reviewer" not in body
    for status in ("disputed", "conflict"):
        response = client.get("/api/v1/export/verdicts/", {"format": fmt, "status": status})
        body = b"".join(response.streaming_content).decode()
        assert SECRET not in body and "rob-reviewer" not in body


def test_after_saving_her_own_verdict_the_reviewer_sees_both_and_the_status(client, reviewer, judged):
    services.verdict_create(claim=judged, reviewer=reviewer, label=Label.CONFIRMED, rationale="Port log says so.")
    client.force_login(reviewer)
    page = reader(client, judged)
    assert SECRET in page and "rob-reviewer" in page
    assert 'data-status="conflict"' in page
    claims = api(reviewer).get("/api/v1/claims/").json()["results"]
    assert [c["status"] for c in claims] == ["conflict"]
    assert len(api(reviewer).get("/api/v1/verdicts/").json()["results"]) == 2
    # Exports stay own-only while blind review is on.
    body = b"".join(client.get("/api/v1/export/verdicts/", {"format": "csv"}).streaming_content).decode()
    assert "Port log says so." in body and SECRET not in body


def test_editors_and_admins_always_see_everything(client, editor, admin_user_, judged):
    for user in (editor, admin_user_):
        client.force_login(user)
        page = reader(client, judged)
        assert SECRET in page and 'data-status="disputed"' in page
        assert api(user).get(f"/api/v1/claims/{judged.pk}/").json()["status"] == "disputed"
        assert len(api(user).get("/api/v1/verdicts/").json()["results"]) == 1


def test_with_blind_review_off_reviewers_see_the_others_verdicts(client, reviewer, judged, admin_user_):
    services.project_update(project=judged.project, actor=admin_user_, blind_review=False)
    client.force_login(reviewer)
    assert SECRET in reader(client, judged)
    assert api(reviewer).get(f"/api/v1/claims/{judged.pk}/").json()["status"] == "disputed"


def test_new_projects_start_blind(admin_user_):
    assert services.project_create(name="Fresh desk", created_by=admin_user_).blind_review is True


def test_the_panel_history_hides_the_others_verdict_events(client, reviewer, judged):
    client.force_login(reviewer)
    page = reader(client, judged)
    assert "verdict (version" not in page  # Rob's "created the verdict" event is left out
