"""Free-text search of proposals and needs by word form, in the three languages, and by organisation name.

Each proposal and need keeps a search document (``search_document``): the words of its title, summary
and description and of its organisation's name, each with its base form, the parts of a compound and
the concepts of the trilingual glossary, separated by spaces. A query word matches an item when any of
its own forms is in the item's document, so "murtolukuja" finds "murtoluku", "fractions" finds
"murtoluvut" and "bråktal" (the glossary concept they share), and "laskuri" finds Laskuri Oy's offers.
Every word of the query must match (up to :data:`MAX_WORDS` words).

On PostgreSQL the documents are searched with full-text search (the ``simple`` configuration, since
the words are already in their base forms) through a GIN index, and ranked by ``ts_rank``. On SQLite the
same tokens are matched as whole words in the stored text, and ranked by how many of the query's forms
each item has.

The word analysis is the matching's (Finnish and Swedish lemmas and compounds, the glossary), which
this layer may not import: :mod:`kyky.matching` registers it at start-up (:func:`register`). Until then
the documents hold the plain lower-cased words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, ExpressionWrapper, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.signals import pre_save

MAX_WORDS = 10  # query words taken into account; the rest are ignored
MAX_FORMS = 12  # forms of one query word searched for
MIN_PREFIX = 4  # a typed word this long also finds the words it begins ("murto" finds "murtoluku")
CONFIG = "simple"

_WORD = re.compile(r"[^\W_]{2,}")

#: text, languages -> the document's tokens; word -> the forms to search it by.
Analyser = Callable[[str, Iterable[str]], Iterable[str]]
QueryForms = Callable[[str], Iterable[str]]


def _plain_words(text: str, languages: Iterable[str] = ()) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _plain_forms(word: str) -> list[str]:
    return [word]


_analyse: Analyser = _plain_words
_forms: QueryForms = _plain_forms


def register(*, analyse: Analyser, forms: QueryForms) -> None:
    """Use ``analyse`` for documents and ``forms`` for query words (the matching's, at start-up)."""
    global _analyse, _forms
    _analyse, _forms = analyse, forms


def _token(token: str) -> str:
    """A token as the database's word parser keeps it whole: letters and digits only."""
    return "".join(ch for ch in token if ch.isalnum())


def document(*texts: str, languages: Iterable[str] = ()) -> str:
    """The search document of ``texts``: their distinct tokens, each surrounded by spaces."""
    seen = dict.fromkeys(t for text in texts if text for t in map(_token, _analyse(text, languages)) if len(t) > 1)
    return f" {' '.join(seen)} " if seen else ""


def item_document(item: Model) -> str:
    """The document of a proposal or need: its own words and its organisation's name."""
    organisation = getattr(item, "organisation", None)
    language = getattr(item, "language_id", None)  # a need's language; an offer's are guessed from its words
    return document(
        item.title,
        getattr(item, "summary", ""),
        item.description,
        organisation.name if organisation is not None else "",
        languages=[language] if language else [],
    )


def query_forms(q: str) -> list[tuple[str, list[str]]]:
    """Per query word (the first :data:`MAX_WORDS`): the word as typed, which also matches as the
    beginning of a word when it has :data:`MIN_PREFIX` letters or more, and its other forms."""
    out: list[tuple[str, list[str]]] = []
    for word in _plain_words(q)[:MAX_WORDS]:
        typed = _token(word)
        forms = [t for t in dict.fromkeys(map(_token, _forms(word))) if len(t) > 1 and t != typed]
        out.append((typed, forms[:MAX_FORMS]))
    return out


def search(queryset: QuerySet, q: str) -> QuerySet:
    """Items matching every word of ``q`` in any of its forms, most relevant first (unfiltered for no words)."""
    wanted = query_forms(q)
    if not wanted:
        return queryset
    if connection.vendor == "postgresql":
        terms = [[f"{typed}:*" if len(typed) >= MIN_PREFIX else typed, *forms] for typed, forms in wanted]
        raw = " & ".join("(" + " | ".join(alternatives) + ")" for alternatives in terms)
        query = SearchQuery(raw, search_type="raw", config=CONFIG)
        vector = SearchVector("search_document", config=CONFIG)
        return (
            queryset.annotate(search_vector=vector, relevance=SearchRank(vector, query))
            .filter(search_vector=query)
            .order_by("-relevance", "-created_at", "-id")
        )
    for typed, forms in wanted:
        condition = Q(search_document__contains=f" {typed}" if len(typed) >= MIN_PREFIX else f" {typed} ")
        for form in forms:
            condition |= Q(search_document__contains=f" {form} ")
        queryset = queryset.filter(condition)
    # Relevance: how many of the query's words and forms the item has (the typed word counts twice).
    parts = [
        Case(When(Q(search_document__contains=f" {typed} "), then=Value(2)), default=Value(0))
        for typed, _forms in wanted
    ] + [
        Case(When(Q(search_document__contains=f" {f} "), then=Value(1)), default=Value(0))
        for _t, fs in wanted
        for f in fs
    ]
    relevance = sum(parts[1:], start=parts[0])
    return queryset.annotate(relevance=ExpressionWrapper(relevance, output_field=IntegerField())).order_by(
        "-relevance", "-created_at", "-id"
    )


def refresh(items: Iterable[Model]) -> int:
    """Rewrite the documents of ``items`` (after an organisation's rename, or rows bulk-created)."""
    done = 0
    for item in items:
        text = item_document(item)
        if text != item.search_document:
            type(item)._base_manager.filter(pk=item.pk).update(search_document=text)
            done += 1
    return done


def _keep_document(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loading fixtures: the document comes with them
        return
    instance.search_document = item_document(instance)


def connect(*models: type[Model]) -> None:
    for model in models:
        pre_save.connect(_keep_document, sender=model, dispatch_uid=f"search-document-{model._meta.label}")
