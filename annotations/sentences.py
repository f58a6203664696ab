"""The sentence around a claim, for showing a claim out of its article (the review queue)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends with . ! ? … (and their Arabic, CJK and Devanagari forms), closing quotes or
# brackets, then white space; a line break always ends one.
_END = "[.!?…。！？؟।]+[\"'”’»)\\]]*"
BEFORE_BOUNDARY = re.compile(_END + r"\s+|\n")
AFTER_BOUNDARY = re.compile("(" + _END + r")(?=\s|$)|\n")
LIMIT = 300


@dataclass(frozen=True)
class SentenceContext:
    """The text before and after a span up to the sentence boundaries; ``cut_*`` when the limit cut it."""

    before: str
    after: str
    cut_before: bool
    cut_after: bool


def sentence_around(body: str, start: int, end: int, limit: int = LIMIT) -> SentenceContext:
    """The rest of the sentence(s) the span ``body[start:end]`` sits in, at most ``limit`` characters each side."""
    window_start = max(0, start - limit)
    before = body[window_start:start]
    last = None
    for match in BEFORE_BOUNDARY.finditer(before):
        last = match
    if last is not None:
        before, cut_before = before[last.end() :], False
    else:
        cut_before = window_start > 0
    after = body[end : end + limit]
    boundary = AFTER_BOUNDARY.search(after)
    if boundary is not None:
        after, cut_after = after[: boundary.end(1) if boundary.group(1) else boundary.start()], False
    else:
        cut_after = end + limit < len(body)
    return SentenceContext(before.lstrip(), after.rstrip(), cut_before, cut_after)
