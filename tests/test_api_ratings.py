"""/api/v1/ratings/: members read the scale, admins change it; used items are retired, not deleted."""
# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)

from __future__ import annotations

from rest_framework.test import APIClient

from .decision_fixtures import draft, judged_claim, scale  # pytest fixtures and helpers


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_members_list_their_projects_scale_only(project, reviewer, outsider):
    rows = api(reviewer).get(f"/api/v1/ratings/?project={project.pk}").json()["results"]
    assert [r["name"] for r in rows] == ["Confirmed", "Disputed", "Unverified"]
    assert {r["project"] for r in api(outsider).get("/api/v1/ratings/").json()["results"]} != {project.pk}
    assert api(outsider).get(f"/api/v1/ratings/{rows[0]['id']}/").status_code == 404


def test_admins_create_change_and_delete_items(project, admin_user_, editor):
    new = {"project": project.pk, "name": "Misleading", "verdict": "disputed", "value": 2, "description": "Half"}
    assert api(editor).post("/api/v1/ratings/", new, format="json").status_code == 403
    response = api(admin_user_).post("/api/v1/ratings/", new, format="json")
    assert response.status_code == 201, response.json()
    url = f"/api/v1/ratings/{response.json()['id']}/"
    assert api(admin_user_).post("/api/v1/ratings/", new, format="json").status_code == 400  # name taken
    assert api(editor).patch(url, {"retired": True}, format="json").status_code == 403
    changed = api(admin_user_).patch(url, {"retired": True, "name": "Missing context"}, format="json")
    assert changed.status_code == 200 and changed.json()["retired"] and changed.json()["name"] == "Missing context"
    assert api(admin_user_).patch(url, {"project": 1}, format="json").status_code == 400
    assert api(editor).delete(url).status_code == 403
    assert api(admin_user_).delete(url).status_code == 204


def test_deleting_an_item_a_decision_uses_is_400_naming_the_decision(project, admin_user_, editor, judged_claim):
    decision = draft(judged_claim, editor)
    response = api(admin_user_).delete(f"/api/v1/ratings/{scale(project)['Disputed'].pk}/")
    assert response.status_code == 400
    assert f"decision {decision.pk}" in response.json()["rating"][0]


def test_outsiders_cannot_add_to_another_projects_scale(project, outsider):
    new = {"project": project.pk, "name": "False", "verdict": "disputed", "value": 0}
    response = api(outsider).post("/api/v1/ratings/", new, format="json")
    assert response.status_code == 400 and "project" in response.json()
