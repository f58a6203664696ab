"""Cursor pagination on the primary key: stable while others insert (new rows land on later pages)."""

from __future__ import annotations

import re

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")
INVALID_CURSOR = "Invalid cursor: use the next/previous links as given."


class IdCursorPagination(CursorPagination):
    """Pages in ``id`` order, ``page_size`` up to 500 (default 100); follow ``next`` until it is null."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request: Request) -> Cursor | None:
        # DRF answers a bad cursor with 404; it is a bad query parameter, so 400 names it.
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from None
        # The cursor is base64 the client can rewrite: its position must be an id the database can compare
        # with (p=abc, p=1e999 or a 30-digit p would otherwise fail inside the query).
        first = self.ordering if isinstance(self.ordering, str) else self.ordering[0]
        if cursor is not None and cursor.position is not None and first.lstrip("-") in {"id", "pk"}:
            position = cursor.position
            if not WHOLE_NUMBER.fullmatch(str(position)) or not BIGINT_MIN <= int(position) <= BIGINT_MAX:
                raise ValidationError({"cursor": [INVALID_CURSOR]})
        return cursor
