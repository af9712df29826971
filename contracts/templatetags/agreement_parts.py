"""Template filters for what a message says about the parts of an agreement."""

from __future__ import annotations

from django import template

from contracts.parts import LABELS

register = template.Library()


@register.filter
def part_labels(keys) -> list[str]:
    """The missing keys of a party's part (``contracts.parts.missing``) in the active language's words."""
    return [str(LABELS.get(key, key)) for key in keys or []]
