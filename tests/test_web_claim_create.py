"""Marking a claim from the reader: code-point offsets from the browser, or the exact quote."""

from __future__ import annotations

from django.urls import reverse

from annotations.models import Claim, HistoryEvent
from tests.conftest import ARABIC_BODY


def create_url(article) -> str:
    return reverse("claim_create", args=[article.project.slug, article.pk])


def test_offsets_after_an_emoji_store_exactly_the_selected_arabic_text(client, reviewer, arabic_article):
    quote = "إن الحريق دمّر ثلاثة مبانٍ"
    start = ARABIC_BODY.index(quote)  # code points: the emoji before it counts once
    client.force_login(reviewer)
    response = client.post(
        create_url(arabic_article),
        {"start": start, "end": start + len(quote), "quote": quote, "statement": "Fire destroyed three buildings"},
    )
    claim = Claim.objects.get(article=arabic_article)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?claim={claim.pk}#claim-panel")
    assert (claim.start, claim.quote, claim.statement) == (start, quote, "Fire destroyed three buildings")
    assert claim.created_by == reviewer
    assert HistoryEvent.objects.filter(claim_id=claim.pk, action="create").count() == 1


def test_utf16_offsets_sent_by_mistake_are_refused_instead_of_storing_the_wrong_text(client, reviewer, arabic_article):
    quote = "إن الحريق دمّر ثلاثة مبانٍ"
    utf16_start = len(ARABIC_BODY[: ARABIC_BODY.index(quote)].encode("utf-16-le")) // 2
    client.force_login(reviewer)
    response = client.post(
        create_url(arabic_article), {"start": utf16_start, "end": utf16_start + len(quote), "quote": quote}
    )
    assert response.status_code == 400
    assert "Does not match the article text" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_quote_alone_is_located_in_the_article(client, reviewer, article):
    client.force_login(reviewer)
    data = {"quote": "night shift had been cut", "claimant": "A union spokesperson"}
    response = client.post(create_url(article), data)
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert article.body[claim.start : claim.end] == "night shift had been cut"
    assert claim.claimant == "A union spokesperson"


def test_a_quote_spanning_a_line_break_sent_as_crlf_by_the_browser_matches(client, reviewer, article):
    quote = "overnight.\nA union"
    start = article.body.index(quote)
    client.force_login(reviewer)
    response = client.post(
        create_url(article), {"start": start, "end": start + len(quote), "quote": quote.replace("\n", "\r\n")}
    )
    assert response.status_code == 302
    assert Claim.objects.get().quote == quote


def test_a_quote_that_occurs_twice_asks_for_a_selection(client, reviewer, article):
    client.force_login(reviewer)
    response = client.post(create_url(article), {"quote": "Monday"})
    assert response.status_code == 400
    assert "occurs" in response.content.decode()
    assert not Claim.objects.exists()


def test_nothing_selected_is_a_form_error(client, reviewer, article):
    client.force_login(reviewer)
    response = client.post(create_url(article), {"statement": "Something"})
    assert response.status_code == 400
    assert "Select a passage in the article" in response.content.decode()
    # What was typed is still in the form.
    assert "Something</textarea>" in response.content.decode()


def test_bad_offsets_are_field_errors_not_500(client, reviewer, article):
    client.force_login(reviewer)
    for data in ({"start": "x", "end": "4"}, {"start": 5, "end": 2}, {"start": 0, "end": 10**9}, {"start": 3}):
        response = client.post(create_url(article), data)
        assert response.status_code == 400, data
    assert not Claim.objects.exists()


def test_a_nul_character_is_a_form_error(client, reviewer, article):
    client.force_login(reviewer)
    response = client.post(create_url(article), {"quote": "Officials denied", "statement": "bad\x00"})
    assert response.status_code == 400
    assert not Claim.objects.exists()


def test_an_outsider_gets_404_and_nothing_is_stored(client, outsider, article):
    client.force_login(outsider)
    assert client.post(create_url(article), {"quote": "Officials denied"}).status_code == 404
    assert not Claim.objects.exists()


def test_marking_a_claim_needs_post(client, reviewer, article):
    client.force_login(reviewer)
    assert client.get(create_url(article)).status_code == 405
