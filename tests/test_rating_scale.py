"""A project's rating scale: the default items, admin edits, and the refusals."""
# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import HistoryEvent, Label, Project, RatingItem

from .decision_fixtures import draft, editor2, judged_claim, scale  # pytest fixtures and helpers


def test_a_new_project_gets_the_default_three_item_scale(project):
    items = list(RatingItem.objects.filter(project=project))
    assert [(i.name, i.verdict) for i in items] == [
        ("Confirmed", Label.CONFIRMED),
        ("Disputed", Label.DISPUTED),
        ("Unverified", Label.UNVERIFIED),
    ]
    assert all(i.description for i in items)
    assert len({i.value for i in items}) == 3


def test_the_data_migration_gives_existing_projects_the_default_scale(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("annotations.migrations.0005_decisions_default_scale")
    old = Project.objects.create(name="Old desk", slug="old-desk")  # as before this migration: no scale
    assert not RatingItem.objects.filter(project=old).exists()
    migration.add_default_scales(apps, None)
    migration.add_default_scales(apps, None)  # running twice adds nothing more
    assert sorted(RatingItem.objects.filter(project=old).values_list("name", flat=True)) == [
        "Confirmed",
        "Disputed",
        "Unverified",
    ]


def test_admins_add_change_and_retire_items_with_history(project, admin_user_):
    item = services.rating_create(
        project=project, actor=admin_user_, name="Misleading", verdict="disputed", value=2, description="Half true"
    )
    assert item.order == 3
    item = services.rating_update(rating=item, actor=admin_user_, name="Missing context")
    assert item.name == "Missing context"
    item = services.rating_retire(rating=item, actor=admin_user_)
    assert item.retired
    events = HistoryEvent.objects.filter(project=project, entity="rating").order_by("id")
    assert [e.action for e in events] == ["create", "update", "update"]
    assert events[1].before["name"] == "Misleading" and events[1].after["name"] == "Missing context"


@pytest.mark.parametrize("who", ["editor", "reviewer", "outsider"])
def test_only_admins_edit_the_scale(project, editor, reviewer, outsider, who):
    actor = {"editor": editor, "reviewer": reviewer, "outsider": outsider}[who]
    with pytest.raises(PermissionDenied):
        services.rating_create(project=project, actor=actor, name="False", verdict="disputed", value=0)
    with pytest.raises(PermissionDenied):
        services.rating_delete(rating=scale(project)["Confirmed"], actor=actor)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "Disputed"}, "name"),
        ({"name": "disputed"}, "name"),
        ({"verdict": "false"}, "verdict"),
        ({"value": "3"}, "value"),
        ({"value": 2**40}, "value"),
        ({"name": "Nul\x00"}, "name"),
    ],
)
def test_bad_items_are_refused_naming_the_field(project, admin_user_, fields, field):
    given = {"name": "False", "verdict": "disputed", "value": 0, **fields}
    with pytest.raises(ValidationError) as caught:
        services.rating_create(project=project, actor=admin_user_, **given)
    assert field in caught.value.message_dict


def test_an_item_used_by_a_decision_cannot_be_deleted_only_retired(project, admin_user_, editor, judged_claim):
    decision = draft(judged_claim, editor)
    used = scale(project)["Disputed"]
    with pytest.raises(ValidationError) as caught:
        services.rating_delete(rating=used, actor=admin_user_)
    assert f"decision {decision.pk}" in caught.value.message_dict["rating"][0]
    with pytest.raises(ValidationError):  # nor may its meaning change under the decision
        services.rating_update(rating=used, actor=admin_user_, verdict="confirmed")
    services.rating_retire(rating=used, actor=admin_user_)
    decision.refresh_from_db()
    assert decision.rating_id == used.pk
    services.rating_delete(rating=scale(project)["Confirmed"], actor=admin_user_)  # unused: deleted
    assert "Confirmed" not in scale(project)
    assert HistoryEvent.objects.filter(entity="rating", action="delete").count() == 1


def test_a_retired_item_is_not_offered_for_new_decisions(project, admin_user_, editor, judged_claim):
    services.rating_retire(rating=scale(project)["Disputed"], actor=admin_user_)
    with pytest.raises(ValidationError) as caught:
        draft(judged_claim, editor)
    assert "retired" in caught.value.message_dict["rating"][0]
