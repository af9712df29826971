"""The parties' suggestions: kept pairs of confirmed matchmaking rounds, each one step from an application."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from kyky.matching import selectors
from kyky.pilots.models import Application, Need, Proposal

SHOWN = 5


def open_suggestions(user):
    """Suggestions still worth acting on: both sides published and no application for the pair yet."""
    answered = Application.objects.filter(
        proposal_id=OuterRef("proposal_id"),
        need_id=OuterRef("need_id"),
        status__in=[Application.Status.PENDING, Application.Status.ACCEPTED],
    )
    return selectors.suggestion_visible(actor=user).filter(
        Q(offer__isnull=True) | Q(offer__status="offered"),
        ~Exists(answered),
        need__status=Need.Status.PUBLISHED,
        proposal__status=Proposal.Status.PUBLISHED,
    )


def for_applications(request) -> dict:
    if request.user.member is None or request.user.member.role == "coordinator":
        return {}
    shown = list(open_suggestions(request.user)[: SHOWN + 1])
    names = selectors.reason_names() if shown else {}
    for pair in shown:
        pair.sentences = selectors.reason_sentences(pair.reasons, names)
        pair.percent = round(pair.score * 100)
    return {"suggestions": shown[:SHOWN], "more_suggestions": len(shown) > SHOWN}
