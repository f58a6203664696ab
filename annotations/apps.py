from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """`migrate` also creates the database cache table (a no-op when the cache is Redis)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Claim verification"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="annotations-createcachetable")
