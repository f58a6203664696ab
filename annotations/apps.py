from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save


def _create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """`migrate` also creates the database cache table (a no-op when the cache is Redis)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Claim verification"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="annotations-createcachetable")
        from .sqlite_statistics import analyze_if_outgrown

        connection_created.connect(analyze_if_outgrown, dispatch_uid="annotations-sqlite-statistics")
        from .models import Membership, Project
        from .models.core import forget_memberships

        for signal in (post_save, post_delete):
            for model in (Membership, Project):
                signal.connect(forget_memberships, sender=model, dispatch_uid=f"forget-memberships-{model.__name__}")
