"""A paginator that reads a page and the total in one query.

Django's paginator counts first (a second query that repeats the list's whole filter) and then reads the page.
Here the page is read with ``COUNT(*) OVER ()``, the number of rows the filter kept before LIMIT and OFFSET,
so a list costs one query. Only when the page comes back empty (a page past the end) is the total counted
apart, to tell "no such page" from "no rows". Querysets a window cannot count the same way (DISTINCT,
GROUP BY, a union) and plain lists are paginated as before.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, Window
from django.utils.functional import cached_property

TOTAL = "_window_total"
#: Beyond this page the total is counted first, as Django does: no OFFSET of absurd size reaches the database.
MAX_WINDOW_PAGE = 100_000


def _windowable(object_list) -> bool:
    if not isinstance(object_list, models.QuerySet):
        return False
    query = object_list.query
    return not (query.distinct or query.combinator or query.group_by is not None or query.is_sliced)


class WindowCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return super().count

    def page(self, number):
        if not _windowable(self.object_list):
            return super().page(number)
        number = self._integer(number)
        if number > MAX_WINDOW_PAGE:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(**{TOTAL: Window(Count("pk"))})[bottom : bottom + self.per_page])
        if rows:
            total = getattr(rows[0], TOTAL)
            self.__dict__["count"] = total
            if bottom + len(rows) >= total - self.orphans and bottom + self.per_page < total:
                # The last page takes the orphans: read it whole, as Django would have sliced it.
                rows = list(self.object_list[bottom:total])
            return self._get_page(rows, number, self)
        if number == 1:
            if not self.allow_empty_first_page:
                raise EmptyPage(self.error_messages["no_results"])
            self.__dict__["count"] = 0
            return self._get_page(rows, number, self)
        return super().page(number)  # past the end: count, and raise EmptyPage as Django does

    def get_page(self, number):
        """As Django's: page 1 for a number that is no number, the last page for one out of range."""
        try:
            number = self._integer(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = self.num_pages
        try:
            return self.page(number)
        except EmptyPage:
            return self.page(self.num_pages)

    def _integer(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number
