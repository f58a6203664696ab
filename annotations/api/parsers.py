"""JSON parsers that refuse oversized bodies with 413 and pathological JSON with 400."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import BaseParser, JSONParser

from .errors import RequestTooLarge


def read_limited(stream: Any, request: Any, limit: int) -> bytes:
    """Read the whole body, refusing (413) as soon as it is longer than ``limit`` bytes."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        declared = 0
    if declared > limit:
        raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
    if stream is None:
        return b""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
    return data


def _decode(data: bytes, encoding: str) -> str:
    try:
        return codecs.decode(data, encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ParseError(f"The body is not valid {encoding} text.") from exc


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON.")


SURROGATE_MESSAGE = "Contains an unpaired surrogate (\\ud800-\\udfff), which is not valid Unicode text."


# The only ways a parsed value can hold an unpaired surrogate: a ``\\ud800``-``\\udfff`` escape in the JSON, or
# the surrogate itself in the text (impossible once strictly decoded from UTF-8, but the request names the
# charset). Looking for those in the text costs a few milliseconds for the 22 MB of a 10,000-article import;
# walking every parsed value (``_has_surrogate``) cost more than the parse, so it runs only after a hit.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _may_hold_surrogate(text: str) -> bool:
    if _SURROGATE_ESCAPE.search(text):
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _has_surrogate(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def loads(text: str) -> Any:
    """Strict ``json.loads``: no NaN/Infinity, no unpaired surrogates (``"\\ud800"`` is valid JSON
    but not Unicode text: it could be neither stored nor echoed back in an error message, so it is
    refused here, naming the field); nesting too deep is a parse error, not a crash."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise ParseError("JSON parse error - nested too deeply.") from exc
    except ValueError as exc:
        raise ParseError(f"JSON parse error - {exc}") from exc
    if _may_hold_surrogate(text) and _has_surrogate(data):
        if not isinstance(data, dict):
            raise ParseError(f"JSON parse error - a string: {SURROGATE_MESSAGE}")
        errors: dict[str, list[str]] = {}
        for key, value in data.items():
            if _has_surrogate(key):
                errors.setdefault("non_field_errors", []).append(f"A field name: {SURROGATE_MESSAGE}")
            elif _has_surrogate(value):
                errors[key] = [SURROGATE_MESSAGE]
        raise ValidationError(errors)
    return data


def parse_json(stream: Any, parser_context: Mapping[str, Any] | None, limit: int) -> Any:
    """Read at most ``limit`` bytes of JSON from ``stream`` (413 beyond) and parse it strictly."""
    parser_context = parser_context or {}
    encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
    return loads(_decode(read_limited(stream, parser_context["request"], limit), encoding))


class LimitedJSONParser(JSONParser):
    """``application/json`` bodies up to ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes (env MAX_REQUEST_BYTES)."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        return parse_json(stream, parser_context, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class ImportJSONParser(BaseParser):
    """The article import's JSON array, up to ``VERIFIER_IMPORT_MAX_BYTES`` (env IMPORT_MAX_BYTES).

    Not a ``JSONParser`` subclass on purpose: DRF hands those ``request.body``, which Django caps at
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``, so a large array got 413 while the same items as JSON Lines
    passed. A plain parser gets the request stream and applies the import limit itself.
    """

    media_type = "application/json"

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        return parse_json(stream, parser_context, settings.VERIFIER_IMPORT_MAX_BYTES)


class LineProblem:
    """A JSON Lines line that could not be parsed (reported per item, not as a whole-request error)."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


class JSONLines(list):
    """The parsed items of a JSON Lines body; ``lines[i]`` is the line number item ``i`` came from."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []


class JSONLinesParser(BaseParser):
    """JSON Lines (one JSON value per line, blank lines skipped) for the article import."""

    media_type = "application/x-ndjson"

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        data = read_limited(stream, parser_context["request"], settings.VERIFIER_IMPORT_MAX_BYTES)
        items = JSONLines()
        for number, line in enumerate(_decode(data, encoding).split("\n"), start=1):
            if not line.strip():
                continue
            try:
                items.append(loads(line))
            except ParseError as exc:
                items.append(LineProblem(number, str(exc.detail)))
            except ValidationError:
                items.append(LineProblem(number, f"A string: {SURROGATE_MESSAGE}"))
            items.lines.append(number)
        return items


class JSONLParser(JSONLinesParser):
    media_type = "application/jsonl"
