"""Verification of an uploaded agreement PDF: is it a signed KYKY agreement, and does its seal hold?

Two independent answers. The file is genuine when its SHA-256 is the stored `final_sha256` of a
signed (or completed) agreement: it is then byte for byte the PDF KYKY produced. Its seal is checked
with pyHanko against the platform's certificate, which also tells a reader without KYKY who sealed
the file and whether it changed since. Nothing uploaded is kept.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext as _

from contracts import sealing, selectors

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _problems(genuine: bool, seal: sealing.SealCheck) -> list[str]:
    """Why a file is not a valid KYKY agreement, in words a reader can act on."""
    problems = []
    if seal.problem == "not_pdf":
        problems.append(_("The file is not a PDF."))
    elif seal.problem == "no_seal":
        problems.append(_("The file carries no electronic seal."))
    elif seal.problem == "broken":
        problems.append(_("The seal is broken: the file has been changed after it was sealed."))
    elif seal.problem == "untrusted":
        problems.append(_("The file is sealed, but not with KYKY's seal certificate."))
    elif seal.problem == "partial":
        problems.append(_("The file has been changed after it was sealed: something was added after the seal."))
    if not genuine:
        problems.append(_("No signed agreement in KYKY has this file's SHA-256: it is not the PDF KYKY issued."))
    return problems


def verify_pdf(pdf_bytes: bytes) -> dict:
    """What the public may learn of a PDF they hold: the agreement it is, if any, and its seal."""
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    agreement = selectors.agreement_by_final_hash(digest)
    seal = sealing.validate_seal(pdf_bytes)
    result = selectors.verification(agreement)
    genuine = agreement is not None and result["valid"]
    return {
        **result,
        "valid": genuine,
        "genuine": genuine,
        "uploaded_sha256": digest,
        "seal": {
            "present": seal.present,
            "intact": seal.valid,
            "subject": seal.subject,
            "sealed_at": seal.sealed_at,
            "timestamped": seal.timestamped,
        },
        "problems": _problems(genuine, seal),
    }
