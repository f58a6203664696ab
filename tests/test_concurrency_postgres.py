"""Under real concurrency (PostgreSQL row locks), no verdict update is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from annotations import services
from annotations.models import HistoryEvent, Verdict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_updates_from_the_same_version_one_wins_one_conflicts(require_postgres, claim, reviewer):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def update(label: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.verdict_update(
                verdict=verdict, actor=reviewer, expected_version=1, label=label, rationale=f"{label} because"
            )
            outcomes.append("saved")
        except services.VersionConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=update, args=(label,)) for label in ("confirmed", "disputed")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    stored = Verdict.objects.get(pk=verdict.pk)
    assert stored.version == 2
    updates = HistoryEvent.objects.filter(verdict_id=verdict.pk, action="update")
    assert updates.count() == 1 and updates.get().after["label"] == stored.label


@pytest.mark.postgres
def test_nul_character_in_article_body_is_a_field_error_not_a_database_error(require_postgres, project, admin_user_):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.article_create(project=project, imported_by=admin_user_, title="Nul", body="before\x00after")
    assert "NUL" in exc.value.message_dict["body"][0]
