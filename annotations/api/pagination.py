"""Cursor pagination on the primary key: stable while others insert (new rows land on later pages)."""

from __future__ import annotations

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    """Pages in ``id`` order, ``page_size`` up to 500 (default 100); follow ``next`` until it is null."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        # DRF answers a bad cursor with 404; it is a bad query parameter, so 400 names it.
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": ["Invalid cursor: use the next/previous links as given."]}) from None
