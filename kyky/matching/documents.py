"""Database rows as the engine's documents: :class:`ProposalDoc` and :class:`NeedDoc`.

Bulk loads read plain values and the code lists straight from the many-to-many tables, one query
per list whatever the number of rows, so indexing 10,000 proposals builds no model instances.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from kyky.matching.engine import NeedDoc, ProposalDoc
from kyky.pilots.models import Need, Proposal

_EMPTY: frozenset[str] = frozenset()


def matchable_proposal(today: date | None = None) -> Q:
    """Proposals that can take a group: published, with capacity left, not ended."""
    return Q(
        status=Proposal.Status.PUBLISHED,
        groups_accepted__lt=F("capacity"),
        ends_on__gte=today or timezone.localdate(),
    )


def matchable_need(today: date | None = None) -> Q:
    """Needs looking for a pilot: published (not yet matched or closed), not ended."""
    return Q(status=Need.Status.PUBLISHED, ends_on__gte=today or timezone.localdate())


def matchable_proposals(today: date | None = None) -> QuerySet[Proposal]:
    return Proposal.objects.filter(matchable_proposal(today))


def matchable_needs(today: date | None = None) -> QuerySet[Need]:
    return Need.objects.filter(matchable_need(today))


def _codes(model: type, field: str, rows: QuerySet) -> dict[int, frozenset[str]]:
    """Each row's codes in a many-to-many code list, read from the link table in one query."""
    m2m = model._meta.get_field(field)
    owner, code = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
    found: dict[int, set[str]] = defaultdict(set)
    links = m2m.remote_field.through.objects.filter(**{f"{owner}__in": rows.order_by().values("pk")})
    for pk, value in links.values_list(owner, code).iterator(chunk_size=5000):
        found[pk].add(value)
    return {pk: frozenset(values) for pk, values in found.items()}


def proposal_docs(rows: QuerySet[Proposal]) -> list[ProposalDoc]:
    """Documents for every proposal in ``rows`` (a queryset, any status), in five queries."""
    subjects, levels, languages, municipalities = (
        _codes(Proposal, name, rows) for name in ("subjects", "levels", "languages", "municipalities")
    )
    values = rows.order_by("pk").values_list(
        "pk",
        "title",
        "summary",
        "description",
        "starts_on",
        "ends_on",
        "delivery",
        "capacity",
        "groups_accepted",
        "status",
    )
    return [
        ProposalDoc(
            id=pk,
            title=title,
            summary=summary,
            description=description,
            subjects=subjects.get(pk, _EMPTY),
            levels=levels.get(pk, _EMPTY),
            languages=languages.get(pk, _EMPTY),
            starts_on=starts_on,
            ends_on=ends_on,
            delivery=delivery,
            municipalities=municipalities.get(pk, _EMPTY),
            capacity_left=max(capacity - accepted, 0),
            published=status == Proposal.Status.PUBLISHED,
        )
        for pk, title, summary, description, starts_on, ends_on, delivery, capacity, accepted, status in values
    ]


def need_docs(rows: QuerySet[Need]) -> list[NeedDoc]:
    """Documents for every need in ``rows`` (a queryset), in three queries."""
    subjects, levels = (_codes(Need, name, rows) for name in ("subjects", "levels"))
    values = rows.order_by("pk").values_list(
        "pk", "title", "description", "language_id", "starts_on", "ends_on", "municipality_id", "accepts_remote"
    )
    return [
        NeedDoc(
            id=pk,
            title=title,
            description=description,
            subjects=subjects.get(pk, _EMPTY),
            levels=levels.get(pk, _EMPTY),
            language=language,
            starts_on=starts_on,
            ends_on=ends_on,
            municipality=municipality,
            accepts_remote=accepts_remote,
        )
        for pk, title, description, language, starts_on, ends_on, municipality, accepts_remote in values
    ]


def proposal_doc(proposal: Proposal, *, preview: bool = False) -> ProposalDoc:
    """One proposal (with its code lists prefetched) as a document.

    It counts as matchable when published, not ended and with capacity left; ``preview`` lets a draft
    count too, so its company sees what it would fit before publishing.
    """
    open_states = {Proposal.Status.PUBLISHED} | ({Proposal.Status.DRAFT} if preview else set())
    return ProposalDoc(
        id=proposal.pk,
        title=proposal.title,
        summary=proposal.summary,
        description=proposal.description,
        subjects=frozenset(c.pk for c in proposal.subjects.all()),
        levels=frozenset(c.pk for c in proposal.levels.all()),
        languages=frozenset(c.pk for c in proposal.languages.all()),
        starts_on=proposal.starts_on,
        ends_on=proposal.ends_on,
        delivery=proposal.delivery,
        municipalities=frozenset(c.pk for c in proposal.municipalities.all()),
        capacity_left=proposal.capacity_left,
        published=proposal.status in open_states and proposal.ends_on >= timezone.localdate(),
    )


def need_doc(need: Need) -> NeedDoc:
    """One need (with its code lists prefetched) as a document."""
    return NeedDoc(
        id=need.pk,
        title=need.title,
        description=need.description,
        subjects=frozenset(c.pk for c in need.subjects.all()),
        levels=frozenset(c.pk for c in need.levels.all()),
        language=need.language_id,
        starts_on=need.starts_on,
        ends_on=need.ends_on,
        municipality=need.municipality_id,
        accepts_remote=need.accepts_remote,
    )
