"""Cursor pagination on the primary key: stable while others insert (new rows land on later pages)."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    """Pages in ``id`` order, ``page_size`` up to 500 (default 100); follow ``next`` until it is null."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
