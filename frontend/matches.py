"""Ranked matches on the need and proposal pages, with their reasons and a one-click way to act on one.

A need's page lists the proposals that fit it (anyone who may see the need sees them); a proposal's
page lists the needs it fits (its company and the coordinators it serves). The unit of the need, or
the company of the proposal, can express interest or apply with one button next to each match.
"""

from __future__ import annotations

from kyky.matching import selectors as matching
from kyky.matching import services as matching_services
from kyky.pilots import permissions, selectors
from kyky.pilots.models import Application, Need, Proposal

LIMIT = 10
OPEN = [Application.Status.PENDING, Application.Status.ACCEPTED]


def _paired(user, **filters) -> set[int]:
    """The other side's ids that already have a pending or accepted application with this object."""
    other = "proposal_id" if "need" in filters else "need_id"
    visible = selectors.application_visible(actor=user).filter(status__in=OPEN, **filters)
    return set(visible.values_list(other, flat=True))


def for_page(request, kind: str, obj) -> dict:
    user = request.user
    if not permissions.can(user, "view_matches", obj):
        return {}
    side = permissions.own_side(user, obj)
    if kind == "need":
        matches = matching.need_matches(actor=user, need=obj, limit=LIMIT)
        rows = [(m.proposal, m.score, m.reasons) for m in matches]
        paired = _paired(user, need=obj) if side and obj.status == Need.Status.PUBLISHED else None
    else:
        matches = matching.proposal_matches(actor=user, proposal=obj, limit=LIMIT)
        rows = [(m.need, m.score, m.reasons) for m in matches]
        open_ = obj.status == Proposal.Status.PUBLISHED and obj.capacity_left > 0
        paired = _paired(user, proposal=obj) if side and open_ else None
    return {
        "matches": [
            {
                "obj": other,
                "percent": round(score * 100),
                "reasons": reasons,
                # None: no button; True: already applied; False: the button
                "applied": None if paired is None else other.pk in paired,
            }
            for other, score, reasons in rows
        ],
        "matches_shown": True,
        "match_side": side,
    }


def hide(request, kind: str, pk: int, other: int):
    """ "Not a fit" from a page: the pair is not shown to the user's organisation again."""
    if kind == "need":
        need = selectors.need_get(actor=request.user, pk=pk)
        proposal = selectors.proposal_get(actor=request.user, pk=other)
        seen_from = need
    else:
        proposal = selectors.proposal_get(actor=request.user, pk=pk)
        need = selectors.need_get(actor=request.user, pk=other)
        seen_from = proposal
    matching_services.match_hide(actor=request.user, need=need, proposal=proposal, seen_from=seen_from)
    return seen_from
