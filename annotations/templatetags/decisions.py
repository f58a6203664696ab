"""Template helpers of the decision box and the decisions pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

DECISION_ICONS = {"draft": "✎", "published": "✓", "void": "⊘"}


@register.filter
def lookup(mapping: dict | None, key: Any) -> Any:
    """``mapping[key]`` in a template (None when absent); keys given as text are tried as ints too."""
    if not mapping:
        return None
    if key in mapping:
        return mapping[key]
    try:
        return mapping.get(int(key))
    except (TypeError, ValueError):
        return None


@register.filter
def decision_icon(state: str) -> str:
    return DECISION_ICONS.get(state, "")


@register.inclusion_tag("annotations/_decision_pill.html")
def decision_pill(claim: Any, decision: Any = None) -> dict[str, Any]:
    """The decision state beside a claim's status: "· Draft", "✓ Published: Misleading", "⊘ Void".

    The rating name comes from ``decision`` or from ``claim.decision`` when the list selected it
    (``select_related("decision__rating")``); the pill never runs a query of its own.
    """
    state = getattr(claim, "decision_state", "none")
    if state in (None, "", "none"):
        return {"state": None}
    if decision is None:
        cache = getattr(claim, "_state", None)
        cached = cache.fields_cache if cache is not None else {}
        decision = cached.get("decision")
    rating = None
    if decision is not None and "rating" in decision._state.fields_cache:
        rating = decision.rating.name
    return {
        "state": state,
        "label": {"draft": "Draft", "published": "Published", "void": "Void"}.get(state, state),
        "rating": rating,
        "icon": DECISION_ICONS.get(state, ""),
    }


def decision_pill_html(claim: Any) -> SafeString | str:
    """What ``{% decision_pill claim %}`` renders (``_decision_pill.html``), built here for lists that show
    one per row: an inclusion tag renders a template in a new context for each."""
    pill = decision_pill(claim)
    if not pill["state"]:
        return ""
    rating = pill["rating"] if pill["rating"] and pill["state"] != "draft" else None
    return format_html(
        '<span class="badge dec-{}"><span aria-hidden="true">{}</span> {}{}</span>',
        pill["state"],
        pill["icon"],
        pill["label"],
        format_html(": {}", rating) if rating else "",
    )
