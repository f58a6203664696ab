"""PostgreSQL statistics on the case-folded text the list filters search (``UPPER(col) LIKE …``).

Without them the planner guesses that a substring filter matches almost nothing, reads every row
of the project and sorts, instead of walking the page's index until it has a page. Expression
statistics (PostgreSQL 14+) cost nothing on writes; ANALYZE (or autovacuum) fills them. SQLite
needs nothing: it walks the ORDER BY index already.
"""

from __future__ import annotations

from django.db import migrations

STATISTICS = [
    ("claim_claimant_upper", "annotations_claim", "claimant"),
    ("claim_quote_upper", "annotations_claim", "quote"),
    ("claim_statement_upper", "annotations_claim", "statement"),
    ("article_title_upper", "annotations_article", "title"),
    ("article_language_upper", "annotations_article", "language"),
    ("verdict_rationale_upper", "annotations_verdict", "rationale"),
]


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name, table, column in STATISTICS:
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {quote(name)} ON (UPPER({quote(column)})) FROM {quote(table)}")


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("annotations", "0010_perf")]

    operations = [migrations.RunPython(create, drop)]
