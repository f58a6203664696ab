"""/healthz and /readyz, and the 503 (never 500) answer when the database connection is lost."""

from __future__ import annotations

import pytest
from django.db.utils import OperationalError
from django.test import Client
from rest_framework.test import APIClient

from verifier import health


def test_healthz_answers_without_the_database(client):
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_readyz_reports_database_and_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "migrations": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_while_migrations_are_pending(client, monkeypatch):
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("annotations", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "migrations": "pending"}


def test_a_lost_database_in_an_api_view_is_a_json_503(editor, project, monkeypatch):
    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("annotations.api.projects.ProjectViewSet.list", lost)
    client = APIClient()
    client.force_authenticate(editor)
    response = client.get("/api/v1/projects/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json()["detail"].startswith("The database is temporarily unavailable")


def test_a_lost_database_in_a_page_is_a_plain_503(editor, project, monkeypatch):
    def lost(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("annotations.views.projects.Project.objects.for_user", lost)
    client = Client()
    client.force_login(editor)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert b"Temporarily unavailable" in response.content


@pytest.mark.django_db
def test_a_lost_database_outside_a_view_is_a_503_too(rf):
    try:
        raise OperationalError("gone")
    except OperationalError:
        response = health.server_error(rf.get("/p/x/"))
    assert response.status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert health.server_error(rf.get("/")).status_code == 500
