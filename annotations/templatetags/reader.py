"""Rendering helpers for the article reader: highlighted claim spans and history values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

from ..models import HIDDEN, Claim, ClaimStatus

register = template.Library()

# A text/icon cue for every status, so that status never depends on colour alone.
STATUS_ICONS: dict[str, str] = {
    ClaimStatus.NEEDS_REVIEW: "?",
    ClaimStatus.CONFIRMED: "✓",
    ClaimStatus.DISPUTED: "✗",
    ClaimStatus.UNVERIFIED: "~",
    ClaimStatus.CONFLICT: "⚠",
}


STATUS_ICONS[HIDDEN] = "◌"
# What ``status_icon`` shows: the claim statuses' icons (not ``hidden``'s), looked up by their plain text
# values (``ClaimStatus.values`` builds a list on every call, and lists pages call this per row).
_SHOWN_ICONS: dict[str, str] = {status.value: STATUS_ICONS[status] for status in ClaimStatus}
_STATUS_LABELS: dict[str, str] = {status.value: str(status.label) for status in ClaimStatus}


@register.filter
def status_icon(status: str) -> str:
    return _SHOWN_ICONS.get(status, "") if isinstance(status, str) else ""


@register.filter
def status_label(status: str) -> str:
    """A status (or ``hidden``, from ``Claim.objects.with_visible_status``) as a person reads it."""
    if status == HIDDEN:
        return "Hidden until you give your verdict"
    return _STATUS_LABELS.get(status, "") if isinstance(status, str) else ""


def body_segments(body: str, claims: Iterable[Claim]) -> list[tuple[int, str, list[Claim]]]:
    """Split ``body`` at every claim boundary: ``(offset, text, claims covering it, shortest first)``."""
    claims = list(claims)
    bounds = sorted({0, len(body), *(c.start for c in claims), *(c.end for c in claims)})
    starting: dict[int, list[Claim]] = {}
    for claim in claims:
        starting.setdefault(claim.start, []).append(claim)
    active: list[Claim] = []
    segments = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [c for c in active if c.end > a] + starting.get(a, [])
        covering = sorted(active, key=lambda c: (c.end - c.start, c.start, c.pk))
        segments.append((a, body[a:b], covering))
    return segments


@register.simple_tag
def highlighted_body(body: str, claims: Iterable[Claim], selected_id: int | None = None) -> SafeString:
    """The article body with every claim wrapped in ``<mark>``; the text content stays exactly ``body``.

    The claims come from ``Claim.objects.with_visible_status(user)``: the colour classes show
    ``shown_status``, never a status blind review hides.

    Built here rather than in a template so that no white space is added between segments:
    the browser's selection offsets must map back onto the stored body.
    """
    parts = []
    for offset, text, covering in body_segments(body, claims):
        if not covering:
            parts.append(escape(text))
            continue
        inner = covering[0]
        classes = ["hl", f"st-{inner.shown_status}", f"depth-{min(len(covering), 3)}"]  # type: ignore[attr-defined]  # annotated by with_visible_status()
        if any(c.start == offset for c in covering):
            classes.append("claim-start")
        if selected_id is not None and any(c.pk == selected_id for c in covering):
            classes.append("selected")
        # The start of the open claim is where "Back to the text" (narrow screens) leads.
        anchor = ""
        if selected_id is not None and any(c.pk == selected_id and c.start == offset for c in covering):
            anchor = "selected-claim-text"
        label = "; ".join(f"Claim {c.pk}: {status_label(c.shown_status)}" for c in covering)  # type: ignore[attr-defined]  # annotated by with_visible_status()
        if len(covering) > 1:
            label += f" ({len(covering)} overlapping claims)"
        parts.append(
            format_html(
                '<mark{} class="{}" data-claims="{}" data-status="{}" title="{}">{}</mark>',
                format_html(' id="{}" tabindex="-1"', anchor) if anchor else "",
                " ".join(classes),
                " ".join(str(c.pk) for c in covering),
                inner.shown_status,  # type: ignore[attr-defined]  # annotated by with_visible_status()
                label,
                text,
            )
        )
    return mark_safe("".join(str(p) for p in parts))


# One entry of the reader's list of claims (the article's claims, the open one marked as current).
CLAIM_ITEM = (
    "        <li{current}>\n"
    '          <a href="{url}?claim={pk}#claim-panel" data-claim-link="{pk}"{aria}>'
    '<span class="badge st-{status}">{icon} {label}</span>{pill} <span dir="{direction}">{text}</span></a>\n'
    "        </li>\n"
)


@register.simple_tag
def claim_list_items(claims: Iterable[Claim], selected: Claim | None, article_url: str, direction: str) -> SafeString:
    """The reader's list of claims, ``<li>`` by ``<li>``: built here in one call rather than by a template loop
    with two filters and an inclusion tag (the decision pill) per claim. Every value is escaped."""
    from .decisions import decision_pill_html

    items = []
    for claim in claims:
        shown = claim.shown_status  # type: ignore[attr-defined]  # annotated by with_visible_status()
        current = selected is not None and claim.pk == selected.pk
        items.append(
            format_html(
                CLAIM_ITEM,
                current=mark_safe(' class="current"') if current else "",
                aria=mark_safe(' aria-current="true"') if current else "",
                url=article_url,
                pk=claim.pk,
                status=shown,
                icon=status_icon(shown),
                label=status_label(shown),
                pill=decision_pill_html(claim),
                direction=direction,
                text=str(claim),
            )
        )
    return mark_safe("".join(items))  # every item is format_html output


@register.filter
def history_value(value: Any) -> str:
    """A stored history value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        if not value:
            return "no evidence"
        items = []
        for item in value:
            if isinstance(item, dict):
                items.append(f"{item.get('title') or item.get('url', '')} ({item.get('stance', '')})")
            else:
                items.append(str(item))
        return "; ".join(items)
    return str(value)


@register.filter
def language_name(code: str) -> str:
    """``ar`` → ``Arabic``, ``pt-BR`` → ``Brazilian Portuguese``; an unknown tag is shown as it is."""
    for candidate in (code, code.split("-")[0] if code else ""):
        try:
            return str(get_language_info(candidate.lower())["name"])
        except KeyError:
            continue
    return code
