"""Reading article files (plain text, JSON, JSON Lines, HTML) into article field dicts.

The parsing here never touches the database; ``import_articles`` hands the results to
``services.article_import``. Every problem is a ``FileRejected`` with a message for the person
running the import.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .services import normalise_line_endings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
FORMATS = ("auto", "text", "json", "jsonl", "html")

# Lines a scraper picks up above the headline: logo captions, navigation, bylines, share buttons.
JUNK_LINE = re.compile(
    r"^(logo\b|menu\b|skip to\b|home\b|advertisement\b|sponsored\b|subscribe\b|sign in\b|log in\b|share\b"
    r"|follow us\b|photo\b|image\b|video\b|breaking\b|updated\b|published\b|by\s|https?://)",
    re.IGNORECASE,
)
TITLE_WINDOW = 15  # the headline is looked for among the first 15 non-empty lines
MAX_TITLE = 500
MIN_HTML_WORDS = 5  # fewer words extracted from a page than this is navigation, not an article


class FileRejected(Exception):
    """This file cannot be imported; the message says why."""


@dataclass
class ParsedFile:
    path: Path
    format: str
    items: list[Any]


def guess_title(text: str) -> str:
    """The headline of a scraped plain-text article.

    1. Scraped pages often print the headline twice (page title, then article heading): the first
       of the first 15 non-empty lines that occurs again later, with at least three words, wins.
    2. Otherwise the first of those lines with at least three words that does not look like page
       furniture (``Logo …``, ``Menu``, ``Share``, ``By …``, a bare URL, …).
    3. Otherwise the first non-empty line.
    """
    lines = [line.strip() for line in text.split("\n")]
    non_empty = [line for line in lines if line]
    if not non_empty:
        return ""
    window = non_empty[:TITLE_WINDOW]

    def headline_like(line: str) -> bool:
        return len(line.split()) >= 3 and not JUNK_LINE.match(line) and len(line) <= MAX_TITLE

    for i, line in enumerate(window):
        if headline_like(line) and line in non_empty[i + 1 :]:
            return line
    for line in window:
        if headline_like(line):
            return line
    return non_empty[0][:MAX_TITLE]


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first_line)
        except ValueError:
            return "json"
        return "jsonl" if "\n" in text.strip() else "json"
    return "text"


def read_text(path: Path, max_bytes: int) -> str:
    """The file's text as UTF-8; refuses oversized, empty and binary files."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRejected(f"cannot read the file: {exc.strerror}") from exc
    if size > max_bytes:
        raise FileRejected(
            f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise it with --max-bytes "
            "or the IMPORT_MAX_BYTES setting)"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileRejected(f"cannot read the file: {exc.strerror}") from exc
    if not raw.strip():
        raise FileRejected("the file is empty")
    if b"\x00" in raw:
        raise FileRejected("this is a binary file (it contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")  # a leading byte-order mark is not part of the text
    except UnicodeDecodeError as exc:
        raise FileRejected(f"the file is not UTF-8 text (invalid byte at position {exc.start})") from exc


def parse_file(path: Path, *, fmt: str, max_bytes: int, defaults: dict[str, Any]) -> ParsedFile:
    """Read one file into a list of article field dicts (``defaults`` fill fields the file lacks)."""
    text = read_text(path, max_bytes)
    fmt = detect_format(path, text) if fmt == "auto" else fmt
    if fmt == "text":
        items = [parse_text(text)]
    elif fmt == "json":
        items = parse_json(text)
    elif fmt == "jsonl":
        items = parse_jsonl(text)
    elif fmt == "html":
        items = [parse_html(text)]
    else:  # pragma: no cover - the command restricts choices
        raise FileRejected(f"unknown format {fmt!r}")
    if not items:
        raise FileRejected("the file holds no articles")
    merged = []
    for item in items:
        if isinstance(item, dict):
            item = {**{k: v for k, v in defaults.items() if v not in (None, "")}, **item}
        merged.append(item)
    return ParsedFile(path, fmt, merged)


def parse_text(text: str) -> dict[str, Any]:
    body = normalise_line_endings(text)
    if not body.strip():
        raise FileRejected("the file is empty")
    return {"title": guess_title(body), "body": body}


def parse_json(text: str) -> list[Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileRejected(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise FileRejected("JSON must be an article object or an array of article objects")


def parse_jsonl(text: str) -> list[Any]:
    items = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise FileRejected(f"invalid JSON on line {number}, column {exc.colno}: {exc.msg}") from exc
    return items


def parse_html(html: str) -> dict[str, Any]:
    """Main text and metadata of an HTML page, by trafilatura."""
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not body or len(body.split()) < MIN_HTML_WORDS:
        # trafilatura falls back to whatever text it finds (a lone "Home" link): that is not an article.
        raise FileRejected("no article text could be extracted from this HTML page")
    meta = trafilatura.extract_metadata(html)
    item: dict[str, Any] = {"body": normalise_line_endings(body)}
    if meta is not None:
        for field, value in (
            ("title", meta.title),
            ("author", meta.author),
            ("source", meta.sitename),
            ("url", meta.url),
            ("published_at", meta.date),
        ):
            if value:
                item[field] = value
    item.setdefault("title", guess_title(item["body"]))
    return item
