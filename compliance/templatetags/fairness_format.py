"""Formatting for the fairness tables: `{{ row.share|percent }}`, `{{ row.rate|ratio }}`."""

from django import template

register = template.Library()


@register.filter
def percent(value: float | str | None) -> str:
    if value is None or value == "":
        return "\u2013"
    return f"{100 * float(value):.1f} %"


@register.filter
def ratio(value: float | str | None) -> str:
    if value is None or value == "":
        return "\u2013"
    return f"{float(value):.2f}"


@register.filter
def bar_width(value: float | str | None) -> int:
    """0-100 for a CSS bar width."""
    if value is None or value == "":
        return 0
    return max(0, min(100, round(100 * float(value))))
