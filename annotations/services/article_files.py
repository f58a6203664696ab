"""Adding articles from the browser: one pasted article, or the items of one uploaded file."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..models import Article, Project, Role
from ..models.core import AnyUser
from .articles import ImportResult, article_create, article_import
from .common import _require_role


class _RollBack(Exception):
    def __init__(self, results: list[ImportResult]) -> None:
        self.results = results


@transaction.atomic
def article_add(*, project: Project, actor: AnyUser, **fields: Any) -> Article:
    """Add one article (editors and admins); ``DuplicateArticle`` names the existing one."""
    _require_role(actor, project, Role.EDITOR)
    return article_create(project=project, imported_by=actor, **fields)


def article_import_file(*, project: Project, actor: AnyUser, items: list[Any]) -> list[ImportResult]:
    """Import the articles of one file, whole or not at all (as ``import_articles`` does): if any item
    is rejected nothing of the file is kept, and the created ones are reported as ``rolled_back``."""
    _require_role(actor, project, Role.EDITOR)
    try:
        with transaction.atomic():
            results = article_import(project=project, items=items, imported_by=actor)
            if any(r.outcome == "rejected" for r in results):
                raise _RollBack(results)
    except _RollBack as exc:
        for result in exc.results:
            if result.outcome == "created":
                result.outcome, result.article = "rolled_back", None
                result.message = "Not imported: a file is imported whole or not at all."
        return exc.results
    return results
