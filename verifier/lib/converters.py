"""The ``<id:…>`` path converter: a database id, at most 18 digits.

``<int:…>`` matches any number of digits, and a 30-digit id then fails inside the query on SQLite
(OverflowError, a 500). With this converter such a path matches no route: a plain 404.
"""

from __future__ import annotations

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"  # below 2**63 - 1, the largest bigint

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(value)


register_converter(IdConverter, "id")
