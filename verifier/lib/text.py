"""Text checks both apps use: the length limit of long free texts, and BCP 47 language tags."""

from __future__ import annotations

import re

# The longest rationale (and, by the same rule, explanation or comment) accepted, in characters (code points).
# Long enough for any real argument; short enough that nobody stores a book in every verdict.
LONG_TEXT_MAX_CHARS = 20_000


def long_text_problem(value: str, limit: int = LONG_TEXT_MAX_CHARS) -> str | None:
    """Why ``value`` is too long to store as a rationale, explanation or comment, or None."""
    if len(value) > limit:
        return f"At most {limit:,} characters (this has {len(value):,})."
    return None


# A well-formed BCP 47 (RFC 5646) language tag, restricted to what articles use: an ISO 639 language of two or
# three letters (not the unassigned 4–8 letter forms, so "english" is refused), then optional extended
# language subtags, script, region, variants, extensions and a private-use part. Case does not matter.
BCP47 = re.compile(
    r"""
    [a-z]{2,3}(?:-[a-z]{3}){0,3}                # language, extlang    (en, zh-yue)
    (?:-[a-z]{4})?                              # script               (Hant, Latn)
    (?:-(?:[a-z]{2}|[0-9]{3}))?                 # region               (BR, TW, 419)
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*    # variants             (1996, valencia)
    (?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*         # extensions           (u-ca-islamic)
    (?:-x(?:-[a-z0-9]{1,8})+)?                  # private use          (x-internal)
    """,
    re.IGNORECASE | re.VERBOSE,
)


def language_tag_problem(value: str) -> str | None:
    """Why ``value`` is not a BCP 47 language tag (e.g. en, ar, pt-BR, zh-Hant-TW, sr-Latn), or None."""
    if value and BCP47.fullmatch(value) is None:
        return "Give a BCP 47 language tag such as en, ar, pt-BR or zh-Hant-TW."
    return None
