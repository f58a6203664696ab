"""Marking the same passage twice: a warning naming the existing claim, and a confirmation to go on."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim
from annotations.services.claims import span_overlap

QUOTE = "1,200 containers were moved overnight"


def test_span_overlap_is_the_shared_length_over_the_longer_span():
    assert span_overlap((0, 10), (0, 10)) == 1.0
    assert span_overlap((0, 10), (2, 10)) == 0.8
    assert span_overlap((0, 10), (0, 12)) == pytest.approx(10 / 12)
    assert span_overlap((0, 10), (10, 20)) == 0.0


def test_the_service_refuses_an_equal_or_80_percent_overlapping_span_unless_confirmed(article, reviewer, claim):
    with pytest.raises(services.DuplicateClaim) as caught:
        services.claim_create(article=article, created_by=reviewer, quote=QUOTE)
    assert caught.value.existing.pk == claim.pk and caught.value.overlap == 1.0
    # "containers were moved overnight" is 31 of the claim's 37 characters: 84% → still a duplicate.
    with pytest.raises(services.DuplicateClaim):
        services.claim_create(article=article, created_by=reviewer, quote="containers were moved overnight")
    # "were moved overnight" is 20 of 37: a different claim.
    services.claim_create(article=article, created_by=reviewer, quote="were moved overnight")
    second = services.claim_create(article=article, created_by=reviewer, quote=QUOTE, confirm_duplicate=True)
    assert second.pk != claim.pk and Claim.objects.filter(quote=QUOTE).count() == 2


def test_the_reader_warns_with_a_link_and_saves_a_second_claim_only_after_confirmation(
    client, project, article, reviewer, claim
):
    client.force_login(reviewer)
    url = reverse("claim_create", args=[project.slug, article.pk])
    start = article.body.index(QUOTE)
    data = {"start": start, "end": start + len(QUOTE), "quote": QUOTE, "statement": "Typed statement"}
    response = client.post(url, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert f'Already marked as <a href="{article.get_absolute_url()}?claim={claim.pk}#claim-panel"' in html
    assert f"claim {claim.pk}</a>" in html
    assert "Typed statement" in html  # nothing typed is lost
    assert 'name="confirm_duplicate" value="1"' in html
    assert Claim.objects.count() == 1
    response = client.post(url, {**data, "confirm_duplicate": "1"})
    assert response.status_code == 302
    assert Claim.objects.filter(article=article, quote=QUOTE).count() == 2


def test_the_api_answers_409_naming_the_existing_claim_and_accepts_confirm_duplicate(article, reviewer, claim):
    api = APIClient()
    api.force_authenticate(reviewer)
    body = {"article": article.pk, "quote": QUOTE}
    response = api.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 409
    assert response.json()["duplicate_of"] == claim.pk
    assert "Already marked as claim" in response.json()["detail"]
    response = api.post("/api/v1/claims/", {**body, "confirm_duplicate": True}, format="json")
    assert response.status_code == 201
