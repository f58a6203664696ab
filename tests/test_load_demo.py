"""The demo data: articles we wrote, claims with verdicts (one conflict), loaded idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from annotations.models import Article, Claim, HistoryEvent, Membership, Verdict


def load() -> str:
    out = StringIO()
    call_command("load_demo", "--yes-demo-passwords", stdout=out)
    return out.getvalue()


def test_demo_project_has_articles_claims_verdicts_and_a_conflict(db):
    output = load()
    assert "demo-reviewer" in output and "verifier-demo" in output
    assert Article.objects.count() == 3
    assert Membership.objects.filter(project__slug="demo").count() == 4
    assert Claim.objects.filter(status="conflict").count() == 1
    assert Claim.objects.filter(status="needs_review").exists()
    assert Verdict.objects.values("reviewer").distinct().count() == 2


def test_demo_claim_after_an_emoji_stores_exactly_its_text(db):
    load()
    arabic = Article.objects.get(language="ar")
    assert "🚒" in arabic.body
    for claim in arabic.claims.all():
        assert arabic.body[claim.start : claim.end] == claim.quote
    first = arabic.claims.order_by("start").first()
    assert arabic.body.index("🚒") < first.start
    assert arabic.direction == "rtl"


def test_loading_the_demo_twice_duplicates_nothing(db):
    load()
    counts = (Article.objects.count(), Claim.objects.count(), Verdict.objects.count(), HistoryEvent.objects.count())
    assert "0 new article(s)" in load()
    assert counts == (
        Article.objects.count(),
        Claim.objects.count(),
        Verdict.objects.count(),
        HistoryEvent.objects.count(),
    )


def test_demo_users_can_log_in_with_the_printed_password(db, client):
    load()
    response = client.post("/accounts/login/", {"username": "demo-reviewer", "password": "verifier-demo"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_with_debug_off_it_refuses_without_the_explicit_flag(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--yes-demo-passwords"):
        call_command("load_demo", stdout=StringIO())
    assert not Membership.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def test_with_debug_on_it_needs_no_flag(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert Membership.objects.filter(project__slug="demo").count() == 4
