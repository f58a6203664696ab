"""Insert many rows of one model in one statement per table: ``COPY`` on PostgreSQL, ``executemany`` on SQLite.

``bulk_create`` compiles every value of every row through the ORM (about 25 µs per row: 0.25 s for the
10,000 articles of one import, as much again for their history records). Here each column's values go
through the field's own ``get_db_prep_save`` only where it can change them (dates, JSON, anything not
plain text or a whole number), once per distinct object, and the driver gets the rows as they are. What
the database stores is the same as with ``bulk_create``: ``tests/test_import_fast_path.py`` compares
both, row by row, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
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


def _postgres_types(model: type[models.Model], columns: Sequence[str], cursor: Any) -> list[str] | None:
    """The PostgreSQL type of each column, by name, for a binary COPY (None if psycopg lacks one of them)."""
    types = []
    for name in columns:
        db_type = _field(model, name).db_type(connection)  # e.g. "varchar(500)", "timestamp with time zone"
        base = db_type.split("(")[0].strip() if db_type else ""
        if not base or cursor.adapters.types.get(base) is None:
            return None
        types.append(base)
    return types


# Rows prepared and sent at a time: on PostgreSQL the server stores one part while the caller makes the
# next (COPY streams), and a part's columns are prepared together.
CHUNK_ROWS = 1000


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` of ``model`` (attribute values in the order of ``columns``) in one statement; return
    how many. ``rows`` may be a generator: it is read one part at a time, while the earlier parts are stored.

    The database assigns the primary keys (the callers find them by a unique key), in row order. A constraint
    that refuses a row raises Django's ``IntegrityError``, as ``bulk_create`` would."""
    rows = iter(rows)
    chunk = list(islice(rows, CHUNK_ROWS))
    if not chunk:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    names = _column_names(model, columns, connection)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            values = prepared_rows(model, columns, chunk, connection)
            while chunk := list(islice(rows, CHUNK_ROWS)):
                values += prepared_rows(model, columns, chunk, connection)
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", values)  # noqa: S608
            return len(values)
        # Binary: a third of the client's time of the text format, and nothing for the server to parse.
        types = _postgres_types(model, columns, cursor.cursor)
        sql = f"COPY {table} ({names}) FROM STDIN" + (" (FORMAT BINARY)" if types else "")
        started = time.monotonic()
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            if types:
                copy.set_types(types)
            write: Callable[[Sequence[Any]], None] = copy.write_row
            while chunk:
                for row in prepared_rows(model, columns, chunk, connection):
                    write(row)
                count += len(chunk)
                chunk = list(islice(rows, CHUNK_ROWS))
        if connection.queries_logged:  # counted like any statement (assertNumQueries, debug toolbar)
            connection.queries_log.append(
                {"sql": f"{sql} -- {count} rows", "time": f"{time.monotonic() - started:.3f}"}
            )
    return count


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
