"""Shared fixtures: a project with named personas, and an outsider who belongs to another project."""

from __future__ import annotations

import os
import shutil

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from annotations import services
from annotations.models import Role

PASSWORD = "correct-horse-battery-staple"

ENGLISH_BODY = (
    "Harbour city, Monday. The port authority said on Monday that 1,200 containers were moved overnight.\n"
    "A union spokesperson claimed the night shift had been cut by half since March.\n"
    "Officials denied that any safety inspection was skipped."
)
# An emoji (outside the Basic Multilingual Plane: two UTF-16 units, one code point) before a claim.
ARABIC_BODY = "قال المتحدث 🔥 إن الحريق دمّر ثلاثة مبانٍ في وسط المدينة.\nوأكدت الشرطة أن لا إصابات."
COMBINING_BODY = "Cafe\u0301 owner Zoe\u0308 says the e\u0301cole closed in 2023 👩‍👩‍👧 after the flood."


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counts live in the cache, keyed by user id, which SQLite reuses after a rollback."""
    cache.clear()
    yield
    cache.clear()


def make_user(username: str) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, email=f"{username}@example.org")


@pytest.fixture
def admin_user_(db) -> User:
    """The project's admin (named with a trailing underscore: pytest-django owns ``admin_user``)."""
    return make_user("alice-admin")


@pytest.fixture
def project(admin_user_):
    """Blind review off: most tests check what members see without it (tests/test_blind_review.py turns it on)."""
    project = services.project_create(name="Harbour desk", created_by=admin_user_)
    return services.project_update(project=project, actor=admin_user_, blind_review=False)


@pytest.fixture
def editor(project) -> User:
    user = make_user("erin-editor")
    services.membership_set(project=project, user=user, role=Role.EDITOR, actor=services.SYSTEM)
    return user


@pytest.fixture
def reviewer(project) -> User:
    user = make_user("rita-reviewer")
    services.membership_set(project=project, user=user, role=Role.REVIEWER, actor=services.SYSTEM)
    return user


@pytest.fixture
def reviewer2(project) -> User:
    user = make_user("rob-reviewer")
    services.membership_set(project=project, user=user, role=Role.REVIEWER, actor=services.SYSTEM)
    return user


@pytest.fixture
def outsider(db) -> User:
    """A user who belongs to another project only."""
    user = make_user("oscar-outsider")
    other = services.project_create(name="Other desk", created_by=user)
    services.article_create(project=other, imported_by=user, title="Other article", body="Other body text here.")
    return user


@pytest.fixture
def article(project, admin_user_):
    return services.article_create(
        project=project,
        imported_by=admin_user_,
        title="Port moves 1,200 containers",
        body=ENGLISH_BODY,
        source="Harbour Times",
        url="https://example.org/port",
        language="en",
    )


@pytest.fixture
def arabic_article(project, admin_user_):
    return services.article_create(
        project=project,
        imported_by=admin_user_,
        title="حريق في وسط المدينة",
        body=ARABIC_BODY,
        language="ar",
    )


@pytest.fixture
def claim(article, reviewer):
    return services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")


# --- real browser (Playwright + Debian's Chromium) ----------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        message = "Chromium not found: apt-get install chromium, or set CHROMIUM=/path/to/chromium"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message + " (REQUIRE_BROWSER is set, so browser tests may not be skipped)")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def require_postgres(db):
    """Skip on SQLite (fail instead when REQUIRE_POSTGRES is set, as in CI's PostgreSQL run)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES is set but the tests run on " + connection.vendor)
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/verifier")
