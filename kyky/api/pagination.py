"""Page-numbered lists: `count, next, previous, results`, read with the total in one query.

`page_size` is clamped to 1–100 (a missing, non-numeric or smaller value gives the default, 20; a larger one
gives 100). A `page` that is not a whole number from 1 to the last page answers 400 with the error shape
(`errors.page`), however large the number: it is checked against the count before any row is read.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from kyky.core.paging import WindowCountPaginator

#: A page number longer than this many digits is refused before it is converted to an integer.
PAGE_DIGITS_MAX = 9


class Pagination(PageNumberPagination):
    django_paginator_class = WindowCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_query_description = gettext_lazy(
        "A page number within the paginated result set: 1 to the last page, else 400."
    )
    page_size_query_description = gettext_lazy(
        "Number of results to return per page: 1–100 (default 20; larger is 100)."
    )

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if raw in self.last_page_strings:
            return super().paginate_queryset(queryset, request, view)
        if not (raw.isascii() and raw.isdigit() and 0 < len(raw) <= PAGE_DIGITS_MAX and int(raw) >= 1):
            raise ValidationError({self.page_query_param: [_("Choose a page number from 1 to the last page.")]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:  # DRF's answer to Django's InvalidPage: a page past the last
            raise ValidationError(
                {self.page_query_param: [_("Choose a page number from 1 to the last page.")]}
            ) from None
