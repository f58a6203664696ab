"""Whether a string can be stored as text on every database backend (both apps validate input with it)."""

from __future__ import annotations


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text on every backend, or None."""
    if "\x00" in value:
        return "Contains a NUL character (\\x00), which cannot be stored."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Contains an unpaired surrogate, which is not valid Unicode text."
    return None
