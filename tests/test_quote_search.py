"""Locating a quote stays linear: a long quote in a long periodic body answers in well under a second."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError

from annotations.services import locate_quote, resolve_span

# Generous: the search takes about 10 ms here; collecting every overlapping match took minutes.
BOUND_SECONDS = 2.0


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def test_a_100k_quote_with_half_a_million_overlapping_matches_is_refused_quickly():
    body, quote = "ab" * 500_000, "ab" * 50_000  # 1M characters; the quote occurs 450,001 times
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        resolve_span(body, quote=quote)
    assert time.perf_counter() - started < BOUND_SECONDS
    message = refused.value.message_dict["quote"][0]
    assert message.startswith("This text occurs more than 20 times (offsets 0–100000, 2–100002,")
    assert message.count("–") == 20


def test_a_unique_100k_quote_at_the_end_of_a_periodic_body_is_found_quickly():
    body, quote = "a" * 999_999 + "b", "a" * 99_999 + "b"
    span, seconds = timed(resolve_span, body, quote=quote)
    assert span == (900_000, 1_000_000)
    assert seconds < BOUND_SECONDS


def test_a_near_miss_in_a_periodic_body_is_reported_absent_quickly():
    body, quote = "abc" * 333_333, "abc" * 33_333 + "abd"
    with pytest.raises(ValidationError, match="does not occur"):
        resolve_span(body, quote=quote)


def test_the_search_stops_after_the_matches_the_message_needs():
    assert locate_quote("aaaaa" * 100, "aa") == list(range(21))
    assert locate_quote("xaxax", "a") == [1, 3]
    assert locate_quote("body", "") == []


def test_an_exact_count_is_given_when_there_are_twenty_or_fewer():
    with pytest.raises(ValidationError, match=r"occurs 3 times \(offsets 0–2, 3–5, 6–8\)"):
        resolve_span("ab ab ab", quote="ab")
