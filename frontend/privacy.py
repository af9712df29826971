"""/settings/data/: your own data. Download it as JSON, or delete your account after a confirmation page.

(The "notify" branch owns /settings/ itself, with language and notification preferences.)
"""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontend.workflow_forms import PlainForm
from kyky.core.dates import human_date
from kyky.privacy import services


class DeleteAccountForm(PlainForm):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        help_text=gettext_lazy("Type your e-mail address to confirm that you want to delete your account."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, delete my account and my personal data. I understand this cannot be undone."),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(_("This is not the e-mail address of your account."))
        return email


@login_required
def data_settings(request):
    context = {"retention_months": settings.RETENTION_MONTHS, "member": request.user.member}
    return render(request, "frontend/settings/data.html", context)


@login_required
def data_export(request):
    data = services.user_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="kyky-my-data-{timezone.localdate().isoformat()}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def data_delete(request):
    """GET asks for confirmation (type the e-mail address, tick the box); POST deletes the account and logs out."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.account_delete(actor=request.user, user=request.user)
            logout(request)
            messages.success(request, _("Your account was deleted. Thank you for taking part in KYKY."))
            return redirect("landing")
        status = 400
    context = {"form": form, "today": human_date(timezone.localdate())}
    return render(request, "frontend/settings/delete.html", context, status=status)
