"""The public verification pages: the page behind the QR code on every agreement PDF, and the check of an
uploaded PDF file (kept in memory only, never stored)."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from contracts import selectors
from contracts.verification import MAX_UPLOAD_BYTES, verify_pdf
from kyky.uploads import limit_uploads

TEMPLATE = "frontend/verify.html"


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Agreement PDF"),
        help_text=_("At most 20 MB. The file is checked and not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


def verify(request, code: str):
    agreement = selectors.agreement_by_code(code)
    result = selectors.verification(agreement)
    status = 200 if agreement is not None else 404
    context = {"code": code, "result": result, "found": agreement, "upload_form": VerifyUploadForm()}
    return render(request, TEMPLATE, context, status=status)


@csrf_exempt  # only so that the handler is set before the CSRF check reads the body; checked below
@require_http_methods(["GET", "POST"])
def verify_upload(request):
    """The upload is read into memory (at most 20 MB), never to a temporary file, and not kept."""
    handler = limit_uploads(request, MAX_UPLOAD_BYTES)
    return _verify_upload(request, handler)


@csrf_protect
def _verify_upload(request, handler):
    if request.method == "GET":
        return render(request, TEMPLATE, {"upload_form": VerifyUploadForm()})
    form = VerifyUploadForm(request.POST, request.FILES)
    if handler.too_large:
        context = {"upload_form": VerifyUploadForm(), "upload_error": _("The file is larger than 20 MB.")}
        return render(request, TEMPLATE, context, status=413)
    if not form.is_valid():
        return render(request, TEMPLATE, {"upload_form": form}, status=400)
    checked = verify_pdf(form.cleaned_data["file"].read())
    return render(request, TEMPLATE, {"upload_form": VerifyUploadForm(), "checked": checked})
