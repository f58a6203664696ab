"""SQLite's planner statistics, gathered when a connection opens and the tables have outgrown them.

SQLite has no statistics until ``ANALYZE`` runs (nothing like PostgreSQL's autovacuum). Without them it
takes ``project_id IN (…)`` for a handful of rows, so every list page of a member of several projects reads
all of their projects' rows through the (project, id) index and sorts them: at 200,000 claims 150–700 ms a
page instead of under 1 ms (tests/test_list_plans_sqlite.py). ``PRAGMA optimize`` refreshes statistics when a
connection opens only from SQLite 3.46; before that, only for the tables the closing connection queried.
So when a connection opens, two index probes per table tell whether the claims, verdicts or articles have
no statistics yet or have grown 25 times since (the rule of ``PRAGMA optimize``), and only then is the
database analysed: about a second at 400,000 verdicts, once per 25-fold growth. Statistics taken at a
twentieth of the size give the same plans, so they need not be fresher.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper

TABLES = ("annotations_article", "annotations_claim", "annotations_verdict")
MIN_ROWS = 1000  # below this every plan is fast, and statistics of a few rows would only mislead
GROWTH = 25


def needs_analyze(connection: BaseDatabaseWrapper) -> bool:
    """Whether one of ``TABLES`` has at least ``MIN_ROWS`` rows and no statistics, or ``GROWTH`` times the
    rows its statistics counted (rows measured by the largest id: a probe, not a count)."""
    with connection.cursor() as cursor:
        names = [*TABLES, "sqlite_stat1"]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (%s, %s, %s, %s)", names)
        present = {name for (name,) in cursor.fetchall()}
        for table in TABLES:
            if table not in present:
                continue
            cursor.execute(f"SELECT max(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our table names
            rows = cursor.fetchone()[0] or 0
            if rows < MIN_ROWS:
                continue
            analysed = 0
            if "sqlite_stat1" in present:
                cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND stat IS NOT NULL LIMIT 1", [table])
                row = cursor.fetchone()
                analysed = int(row[0].split()[0]) if row else 0
            if not analysed or rows >= GROWTH * analysed:
                return True
    return False


def analyze_if_outgrown(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: analyse a SQLite database whose statistics are missing or outgrown."""
    if connection.vendor != "sqlite":
        return
    try:
        if needs_analyze(connection):
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    except DatabaseError:
        # Locked by a long writer, read-only, or mid-migration: the next connection tries again.
        pass
