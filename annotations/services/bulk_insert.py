"""Insert many rows of one model in one statement per table: ``COPY`` on PostgreSQL, ``executemany`` on SQLite.

``bulk_create`` compiles every value of every row through the ORM (about 25 µs per row: 0.25 s for the
10,000 articles of one import, as much again for their history records). Here each column's values go
through the field's own ``get_db_prep_save`` only where it can change them (dates, JSON, anything not
plain text or a whole number), once per distinct object, and the driver gets the rows as they are. What
the database stores is the same as with ``bulk_create``: ``tests/test_import_fast_path.py`` compares
both, row by row, on SQLite and PostgreSQL.

Callers run inside a transaction and reserve the new primary keys first (``reserve_ids``), so they know
each row's id without ``RETURNING`` and ids grow in row order, as ``bulk_create`` gives them.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from django.db import connection, models
from django.db.backends.base.base import BaseDatabaseWrapper

# Field classes whose ``get_db_prep_save`` returns a ``str`` (or ``None``) unchanged, and those that return
# an ``int`` unchanged, on both backends (``CharField.to_python`` keeps a str, ``IntegerField`` calls
# ``int()``). Any other value in such a column, and every value of any other field, is prepared by the field.
_TEXT_FIELDS = (models.CharField, models.TextField)
_INTEGER_FIELDS = (models.IntegerField, models.AutoField, models.BigAutoField)


def _passes_unchanged(field: models.Field[Any, Any]) -> type | None:
    """The Python type whose values ``field`` stores as they are, or None."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, _TEXT_FIELDS):
        return str
    if isinstance(target, _INTEGER_FIELDS):
        return int
    return None


def _prepare_column(field: models.Field[Any, Any], values: Sequence[Any], db: BaseDatabaseWrapper) -> Sequence[Any]:
    """``values`` as ``field.get_db_prep_save`` makes them, calling it once per distinct object."""
    plain = _passes_unchanged(field)
    if plain is not None and set(map(type, values)) <= {plain, type(None)}:
        return values
    distinct = {id(v): v for v in values}  # constants (``now``, the project id) are one object
    prepared = {key: None if v is None else field.get_db_prep_save(v, db) for key, v in distinct.items()}
    return list(map(prepared.__getitem__, map(id, values)))


def prepared_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], db: BaseDatabaseWrapper
) -> list[tuple[Any, ...]]:
    """``rows`` (attribute values in the order of ``columns``, e.g. ``project_id``) ready for the driver."""
    if not rows:
        return []
    by_column = [
        _prepare_column(_field(model, name), values, db)
        for name, values in zip(columns, zip(*rows, strict=True), strict=True)
    ]
    return list(zip(*by_column, strict=True))


def _column_names(model: type[models.Model], columns: Sequence[str], db: BaseDatabaseWrapper) -> str:
    return ", ".join(db.ops.quote_name(_field(model, name).column) for name in columns)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    return cast(models.Field[Any, Any], model._meta.get_field(name))  # a concrete field


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys for ``model``, in increasing order (call inside a transaction).

    PostgreSQL: drawn from the id sequence, as an INSERT would. SQLite (the write lock is held from the
    transaction's start, ``transaction_mode`` IMMEDIATE): the next ids AUTOINCREMENT would hand out;
    inserting them moves its counter past them."""
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), pk, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(
            f"SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"COALESCE((SELECT max({connection.ops.quote_name(pk)}) "
            f"FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` of ``model`` (attribute values in the order of ``columns``) in one statement.

    A constraint that refuses a row raises Django's ``IntegrityError``, as ``bulk_create`` would."""
    if not rows:
        return
    values = prepared_rows(model, columns, rows, connection)
    table = connection.ops.quote_name(model._meta.db_table)
    names = _column_names(model, columns, connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({names}) FROM STDIN"
            started = time.monotonic()
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                write: Callable[[Sequence[Any]], None] = copy.write_row
                for row in values:
                    write(row)
            if connection.queries_logged:  # counted like any statement (assertNumQueries, debug toolbar)
                connection.queries_log.append(
                    {"sql": f"{sql} -- {len(values)} rows", "time": f"{time.monotonic() - started:.3f}"}
                )
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", values)  # noqa: S608


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with Python's cycle collector paused (re-enabled after it, if this paused it).

    A bulk import holds its parsed items and makes hundreds of thousands of small objects but no
    reference cycles: the collector's full passes over all of them cost about 300 ms of a 10,000-article
    import and freed nothing. Memory is still freed by reference counting meanwhile."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
