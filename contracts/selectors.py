"""Reads of agreements: for the parties and coordinators, and the public verification."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from contracts.models import Agreement
from kyky.accounts.models import User
from kyky.core.audit import history


def agreement_visible(*, actor: User) -> QuerySet[Agreement]:
    return Agreement.objects.visible_to(actor).select_related("unit", "company", "pilot").prefetch_related("signatures")


def agreement_list(*, actor: User, status: str | None = None) -> QuerySet[Agreement]:
    qs = agreement_visible(actor=actor)
    return qs.filter(status=status) if status else qs


def agreement_get(*, actor: User, pk) -> Agreement:
    try:
        return agreement_visible(actor=actor).get(pk=pk)
    except (Agreement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def agreement_history(agreement: Agreement):
    return history(agreement)


def agreement_by_final_hash(sha256: str) -> Agreement | None:
    """The signed agreement whose stored PDF has this SHA-256, for anyone holding the PDF."""
    digest = (sha256 or "").strip().lower()
    if len(digest) != 64:
        return None
    return (
        Agreement.objects.filter(final_sha256=digest, status__in=[Agreement.Status.SIGNED, Agreement.Status.COMPLETED])
        .select_related("unit", "company")
        .prefetch_related("signatures")
        .first()
    )


def agreement_by_code(code: str) -> Agreement | None:
    """The agreement behind the verification code printed (and QR-coded) in its footer."""
    return (
        Agreement.objects.filter(verification_code=(code or "").strip().upper())
        .select_related("unit", "company")
        .prefetch_related("signatures")
        .first()
    )


def verification(agreement: Agreement | None) -> dict:
    """What the public may learn of an agreement: whether it is in force (signed or completed), and only
    then its number, parties and dates. Of a draft or a cancelled one, nothing."""
    if agreement is None or agreement.status not in (Agreement.Status.SIGNED, Agreement.Status.COMPLETED):
        return {"valid": False}
    snapshot = agreement.snapshot
    return {
        "valid": True,
        "status": agreement.status,
        "number": agreement.number,
        "template_version": agreement.template_version,
        "parties": {
            "city": snapshot["city"]["name"],
            "unit": snapshot["unit"]["name"],
            "company": snapshot["company"]["name"],
            "company_business_id": snapshot["company"]["business_id"],
        },
        "starts_on": snapshot["pilot"]["starts_on"],
        "ends_on": snapshot["pilot"]["ends_on"],
        "signatures": [
            {
                "party": s.party,
                "organisation": s.organisation,
                "signed_at": s.signed_at,
                "method": s.method,
                "assurance": s.assurance,
            }
            for s in agreement.signatures.all()
        ],
        "signed_at": agreement.signed_at,
        "sha256": agreement.final_sha256 or None,
    }
