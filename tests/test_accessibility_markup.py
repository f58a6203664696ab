"""Accessibility rules checked on the rendered HTML: badge contrast, live messages, id references."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from annotations import services

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "app.css"
STATUSES = ["needs_review", "confirmed", "disputed", "unverified", "conflict"]


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_badge_meets_wcag_aa_contrast(status):
    css = CSS.read_text()
    ink = re.search(rf"--{status}: (#[0-9a-f]{{6}});", css).group(1)
    paper = re.search(rf"--{status}-bg: (#[0-9a-f]{{6}});", css).group(1)
    assert contrast(ink, paper) >= 4.5, (status, ink, paper, contrast(ink, paper))


@pytest.fixture
def pages(project, article, reviewer, reviewer2):
    claim = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="ok", base_version=None)
    services.verdict_submit(claim=claim, reviewer=reviewer2, label="disputed", rationale="no", base_version=None)
    return [
        reverse("home"),
        reverse("project_detail", args=[project.slug]),
        reverse("claim_list", args=[project.slug]),
        article.get_absolute_url() + f"?claim={claim.pk}",
        reverse("review_queue", args=[project.slug]),
        reverse("project_members", args=[project.slug]),
        reverse("project_dashboard", args=[project.slug]),
        reverse("token_list"),
    ]


def test_every_aria_reference_points_at_an_element_on_the_page(client, admin_user_, pages):
    client.force_login(admin_user_)
    for url in pages:
        html = client.get(url).content.decode()
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        for attribute in ("aria-describedby", "aria-labelledby", "aria-controls"):
            for value in re.findall(rf'{attribute}="([^"]+)"', html):
                missing = [ref for ref in value.split() if ref not in ids]
                assert not missing, f"{url}: {attribute} refers to missing {missing}"


def test_messages_are_announced_by_a_status_region_that_keeps_its_list(client, admin_user_, project):
    client.force_login(admin_user_)
    client.post(reverse("shortcut_preference"), {"next": reverse("home")})
    html = client.get(reverse("home")).content.decode()
    assert '<div id="messages" data-region role="status" aria-live="polite"><ul class="messages"><li' in html
