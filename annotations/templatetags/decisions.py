"""Template helpers of the decision box and the decisions pages."""

from __future__ import annotations

from typing import Any

from django import template

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
