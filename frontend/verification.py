"""The public page behind the QR code on every agreement PDF: what the verification code stands for."""

from __future__ import annotations

from django.shortcuts import render

from contracts import selectors


def verify(request, code: str):
    agreement = selectors.agreement_by_code(code)
    result = selectors.verification(agreement)
    status = 200 if agreement is not None else 404
    return render(request, "frontend/verify.html", {"code": code, "result": result, "found": agreement}, status=status)
