"""{% load kyky_dates %}: ``{{ value|day }}`` writes a date as people here write it (12.1.2027, 12 January 2027)."""

from django import template

from kyky.core.dates import human_date

register = template.Library()


@register.filter
def day(value) -> str:
    return human_date(value)
