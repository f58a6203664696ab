"""Claims are spans in Unicode code points; the quote always equals body[start:end]."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from annotations import services
from tests.conftest import ARABIC_BODY, COMBINING_BODY


def test_claim_after_emoji_in_arabic_counts_code_points(arabic_article, reviewer):
    quote = "إن الحريق دمّر ثلاثة مبانٍ"
    claim = services.claim_create(article=arabic_article, created_by=reviewer, quote=quote)
    # The emoji before the claim is one code point (two UTF-16 units in a browser).
    assert claim.start == ARABIC_BODY.index(quote)
    assert ARABIC_BODY[claim.start : claim.end] == quote == claim.quote
    assert "🔥" in claim.prefix


def test_offsets_with_combining_marks_keep_marks_inside_the_span(project, admin_user_, reviewer):
    article = services.article_create(project=project, imported_by=admin_user_, title="Café", body=COMBINING_BODY)
    start = COMBINING_BODY.index("Zoe\u0308")
    claim = services.claim_create(article=article, created_by=reviewer, start=start, end=start + 4)
    assert claim.quote == "Zoe\u0308"
    assert len(claim.quote) == 4  # "ë" written as e + combining diaeresis is two code points


def test_prefix_and_suffix_are_32_code_points_of_context(article, reviewer):
    claim = services.claim_create(article=article, created_by=reviewer, quote="night shift had been cut by half")
    body = article.body
    assert claim.prefix == body[claim.start - 32 : claim.start]
    assert claim.suffix == body[claim.end : claim.end + 32]


def test_quote_that_does_not_match_offsets_is_refused(article, reviewer):
    with pytest.raises(ValidationError) as exc:
        services.claim_create(article=article, created_by=reviewer, start=0, end=5, quote="Port ")
    assert "quote" in exc.value.message_dict
    assert "Harbo" in exc.value.message_dict["quote"][0]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(-1, 4, "start"), (0, 10_000, "end"), (5, 5, "end"), (9, 3, "end"), ("a", 3, "start"), (True, 3, "start")],
)
def test_out_of_range_or_invalid_offsets_are_refused(article, reviewer, start, end, field):
    with pytest.raises(ValidationError) as exc:
        services.claim_create(article=article, created_by=reviewer, start=start, end=end)
    assert field in exc.value.message_dict


def test_quote_alone_is_located_or_refused_with_offsets(article, reviewer):
    with pytest.raises(ValidationError) as missing:
        services.claim_create(article=article, created_by=reviewer, quote="not in the text")
    assert "does not occur" in missing.value.message_dict["quote"][0]
    with pytest.raises(ValidationError) as twice:
        services.claim_create(article=article, created_by=reviewer, quote="Monday")
    message = twice.value.message_dict["quote"][0]
    first = article.body.index("Monday")
    second = article.body.index("Monday", first + 1)
    assert "2 times" in message and f"{first}–{first + 6}" in message and f"{second}–{second + 6}" in message


def test_overlapping_claims_are_allowed(article, reviewer):
    a = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved")
    b = services.claim_create(article=article, created_by=reviewer, quote="containers were moved overnight")
    assert a.start < b.start < a.end < b.end


def test_database_refuses_start_not_before_end(claim):
    from django.db import IntegrityError, transaction

    from annotations.models import Claim

    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(end=claim.start)
