"""Page-numbered lists: `count, next, previous, results`, read with the total in one query."""

from rest_framework.pagination import PageNumberPagination

from kyky.core.paging import WindowCountPaginator


class Pagination(PageNumberPagination):
    django_paginator_class = WindowCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
