"""Related rows read in the list's own query, instead of one more query per relation (prefetch_related).

``with_related(qs, codes=[...], rows=[...])`` marks ``qs`` so that when it reads model instances, each row
also brings, per relation, a correlated subquery's JSON array of the related rows (``json_agg`` on
PostgreSQL, ``json_group_array`` on SQLite). They are put where ``prefetch_related`` would have put them, so
``obj.subjects.all()`` in a serializer, a template or a permission rule reads them without a query, exactly
as after a prefetch. Counting, ``exists()``, ``values()`` and use as a subquery are untouched: the subqueries
are added only to the query that reads the instances.

- ``codes``: many-to-many relations to a code list (subjects, levels...). Only the codes travel; the rows come
  from the process's code lists (:mod:`kyky.catalog.codes`), in the list's order.
- ``rows``: reverse foreign keys (a proposal's closures...), with every concrete field, in the model's order.

Anything else done with such a relation (``.filter()``, ``.all().all()``) runs the real query, as it would
after a prefetch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache

from django.db import connections, models
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable

PREFIX = "_prefilled__"


@cache
def _sql(model: type[models.Model], kind: str, name: str, alias: str) -> str:
    """The correlated subquery of one relation: a JSON array (as text) of codes, or of rows as objects."""
    connection = connections[alias]
    vendor = connection.vendor
    q = connection.ops.quote_name
    outer = f"{q(model._meta.db_table)}.{q(model._meta.pk.column)}"
    field = model._meta.get_field(name)
    if kind == "codes":
        through = field.remote_field.through._meta
        source = through.get_field(field.m2m_field_name()).column
        target = through.get_field(field.m2m_reverse_field_name()).column
        value, table, key = f"t.{q(target)}", through.db_table, source
    else:
        related = field.related_model._meta
        # The keys are field names (identifiers), never user input.
        pairs = ", ".join(f"'{f.attname}', t.{q(f.column)}" for f in related.concrete_fields)
        value = f"{'JSON_BUILD_OBJECT' if vendor == 'postgresql' else 'JSON_OBJECT'}({pairs})"
        table, key = related.db_table, field.field.column
    if vendor == "postgresql":
        aggregate = f"COALESCE(JSON_AGG({value})::text, '[]')"
    else:
        aggregate = f"COALESCE(JSON_GROUP_ARRAY({value}), '[]')"
    return f"(SELECT {aggregate} FROM {q(table)} t WHERE t.{q(key)} = {outer})"


@cache
def _iterable(model: type[models.Model], codes: tuple[str, ...], rows: tuple[str, ...]) -> type[ModelIterable]:
    plan = tuple(("codes", name) for name in codes) + tuple(("rows", name) for name in rows)
    for _kind, name in plan:
        model._meta.get_field(name)  # fail early on a misspelt relation
    return type(f"Prefilled{model.__name__}Iterable", (PrefilledIterable,), {"plan": plan})


def with_related(qs: models.QuerySet, *, codes: Iterable[str] = (), rows: Iterable[str] = ()) -> models.QuerySet:
    """``qs`` with these relations read in its own query (see the module's docstring)."""
    qs = qs.all()
    qs._iterable_class = _iterable(qs.model, tuple(codes), tuple(rows))
    return qs


class _Prefilled(models.QuerySet):
    """A relation's rows as read; any further query on it is the relation's real query."""

    def _clone(self):
        return self._real()._clone()

    def _chain(self):
        return self._real()._chain()

    def _real(self) -> models.QuerySet:
        owner, name = self._prefilled_for
        cache_ = owner._prefetched_objects_cache
        kept = cache_.pop(name)
        try:
            return getattr(owner, name).get_queryset()
        finally:
            cache_[name] = kept


@cache
def _shared_query(model):
    """One blank query per model for every prefilled relation: it is never run nor changed (any further query
    goes to the relation's real one, see ``_Prefilled``), and making one per relation and row cost about 1.5 ms
    of a 20-row list."""
    from django.db.models.sql import Query

    return Query(model)


def _prefilled(model, rows: list, owner, name: str) -> _Prefilled:
    qs = _Prefilled(model=model, query=_shared_query(model))
    qs._result_cache = rows
    qs._prefetch_done = True
    qs._prefilled_for = (owner, name)
    return qs


def _aware(value):
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # SQLite keeps UTC without an offset
    return value


def _rows_of(model: type[models.Model], raw: str) -> list[models.Model]:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    out = [
        model(**{key: None if value is None else _aware(fields[key].to_python(value)) for key, value in item.items()})
        for item in json.loads(raw)
    ]
    for key in reversed(model._meta.ordering):
        name = key.lstrip("-")
        out.sort(key=lambda row, a=("pk" if name == "id" else name): getattr(row, a), reverse=key.startswith("-"))
    return out


class PrefilledIterable(ModelIterable):
    plan: tuple[tuple[str, str], ...] = ()

    def __iter__(self):
        from kyky.catalog import codes as code_lists

        queryset = self.queryset
        model = queryset.model
        steps = []
        annotations = {}
        for kind, name in self.plan:
            key = PREFIX + name
            annotations[key] = RawSQL(_sql(model, kind, name, queryset.db), (), output_field=TextField())
            target = model._meta.get_field(name).related_model
            if kind == "codes":
                steps.append((key, name, target, code_lists.table(target), code_lists.rank(target)))
            else:
                steps.append((key, name, target, None, None))
        # Added to the query itself: the queryset may be sliced already (a page).
        annotated = queryset._chain()
        for key, expression in annotations.items():
            annotated.query.add_annotation(expression, key, select=True)
        self.queryset = annotated
        try:
            for obj in super().__iter__():
                cache_ = obj.__dict__.setdefault("_prefetched_objects_cache", {})
                for key, name, target, table, rank in steps:
                    raw = obj.__dict__.pop(key, None)
                    if table is not None:
                        found = [code for code in json.loads(raw) if code in table] if raw else []
                        items = [table[code] for code in sorted(found, key=rank.__getitem__)]
                    else:
                        items = _rows_of(target, raw) if raw else []
                    cache_[name] = _prefilled(target, items, obj, name)
                yield obj
        finally:
            self.queryset = queryset


def related(obj: models.Model, name: str):
    """The rows of ``obj``'s relation ``name``: as read with the object (prefilled or prefetched) when they were,
    without making a related manager, else the relation's query."""
    cache_ = getattr(obj, "_prefetched_objects_cache", None)
    if cache_ is not None and name in cache_:
        return cache_[name]
    return getattr(obj, name).all()
