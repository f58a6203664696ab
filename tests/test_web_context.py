"""Where a claim comes from: the whole sentence in the queue, outlet, date and translation notes."""

from __future__ import annotations

import datetime

from django.urls import reverse

from annotations import services

LONG_SENTENCE_BODY = (
    "First sentence here. Speaking after a long meeting in the capital on Sunday evening, the spokesman of "
    "the Damascus League said that 1,200 containers were moved overnight. Another sentence follows."
)


def test_the_queue_shows_the_whole_sentence_with_outlet_date_and_translation_note(
    client, project, admin_user_, reviewer
):
    article = services.article_create(
        project=project,
        imported_by=admin_user_,
        title="Translated report",
        body=LONG_SENTENCE_BODY,
        source="Harbour Times",
        published_at=datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.UTC),
        language="en",
        original_language="ar",
        original_url="https://example.org/ar/report",
    )
    services.claim_create(article=article, created_by=reviewer, quote="1,200 containers")
    client.force_login(reviewer)
    html = client.get(reverse("review_queue", args=[project.slug])).content.decode()
    # The 32-character prefix used to cut this off; the whole sentence is there now, and no more.
    assert "Speaking after a long meeting in the capital on Sunday evening, the spokesman of the Damascus" in html
    assert "were moved overnight.</blockquote>" in html
    assert "First sentence here" not in html and "Another sentence" not in html
    assert "<bdi>Harbour Times</bdi>" in html and "4 Mar 2026" in html
    assert "Translated from <bdi>Arabic</bdi>" in html and 'href="https://example.org/ar/report"' in html


def test_the_reader_shows_the_translation_note_and_bidi_safe_metadata(client, project, admin_user_, reviewer):
    article = services.article_create(
        project=project,
        imported_by=admin_user_,
        title="تقرير",
        body="نص المقال.",
        source="الجريدة",
        author="كاتب",
        language="en",
        original_language="ar",
        original_url="https://example.org/ar/1",
    )
    client.force_login(reviewer)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<bdi>الجريدة</bdi>" in html and "<bdi>كاتب</bdi>" in html
    assert "Translated from <bdi>Arabic</bdi>" in html and 'href="https://example.org/ar/1"' in html


def test_an_untranslated_article_has_no_translation_note(client, article, reviewer):
    client.force_login(reviewer)
    assert "Translated" not in client.get(article.get_absolute_url()).content.decode()
