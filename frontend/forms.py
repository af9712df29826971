"""Forms of the pages. They parse what the user typed; the rules live in the models and services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.template import loader
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kyky.accounts import services
from kyky.catalog import codes
from kyky.catalog.models import Language, Level, Municipality, Subject
from kyky.core import concurrency, mail
from kyky.core.clients import client_ip
from kyky.errors import LoginThrottled
from kyky.pilots.models import CODE_MAX, CODES_MAX, DESCRIPTION_MAX, Need, Proposal


class LoginForm(AuthenticationForm):
    """E-mail and password, with the same limit on failed attempts as the API."""

    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )

    def __init__(self, request=None, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(request, *args, **kwargs)

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            client = client_ip(self.request) if self.request else "unknown"
            try:
                self.user_cache = services.login(email=email, password=password, client=client, request=self.request)
            except LoginThrottled as exc:
                raise forms.ValidationError(str(exc), code="throttled") from None
            if self.user_cache is None:
                raise forms.ValidationError(_("Wrong e-mail or password."), code="invalid_login")
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form; the e-mail goes out in the user's language (their stored one, else the page's)."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, *args, **kwargs):
        """Queue the e-mail as the other notifications are, so the answer takes as long whether or not an
        account uses the address (with a task worker; the default backend sends at once)."""
        language = getattr(context["user"], "language", "") or translation.get_language()
        with translation.override(language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        mail.send_direct.enqueue([to_email], subject, body)


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def version_field(version: int) -> forms.CharField:
    """The version the edit page showed (kyky.core.concurrency), posted back so that a later save by someone
    else is noticed instead of overwritten."""
    return forms.CharField(required=False, widget=forms.HiddenInput, initial=version)


def posted_version(cleaned_data: dict) -> int | None:
    """The version named by the page (and taken out of the data for the service), or None."""
    return concurrency.parse_form_version(cleaned_data.pop("version", None))


class CodeChoices(forms.ModelMultipleChoiceField):
    """Ticked codes: at most CODES_MAX, and a value with a NUL character is no choice (PostgreSQL cannot even
    compare one), refused before the one query that checks the rest."""

    def clean(self, value):
        if value and not isinstance(value, (list, tuple)):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        if value and len(value) > CODES_MAX:
            raise ValidationError(_("Choose at most %(count)d items.") % {"count": CODES_MAX}, code="max_length")
        for item in value or ():
            if "\x00" in str(item) or len(str(item)) > CODE_MAX:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "?"}
                )
        return super().clean(value)


CODE_FIELDS = {"levels": CodeChoices, "subjects": CodeChoices, "languages": CodeChoices, "municipalities": CodeChoices}


class KykyForm(forms.ModelForm):
    """Common look: no colon after labels, a class on required fields for the asterisk."""

    required_css_class = "required"
    error_css_class = "invalid"

    fieldsets: tuple = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"] = version_field(self.instance.version)

    def grouped(self) -> list:
        """The bound fields in their fieldsets, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]


class ProposalForm(KykyForm):
    """A pilot proposal; its cleaned_data is what services.proposal_create/update take."""

    fieldsets = (
        (_("The product and the pilot"), ("title", "summary", "description")),
        (_("Who it is for"), ("levels", "subjects", "languages")),
        (_("When and where"), ("starts_on", "ends_on", "delivery", "municipalities")),
        (
            _("What it asks of the school"),
            ("capacity", "teacher_hours", "requirements", "processes_personal_data"),
        ),
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "description",
            "levels",
            "subjects",
            "languages",
            "starts_on",
            "ends_on",
            "delivery",
            "municipalities",
            "capacity",
            "teacher_hours",
            "requirements",
            "processes_personal_data",
        ]
        field_classes = CODE_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "levels": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "subjects": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "languages": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "municipalities": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "delivery": forms.RadioSelect(attrs={"class": "choices"}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        help_texts = {
            "title": _("The name teachers see in the list, e.g. “Fractions game for grades 3–4”."),
            "summary": _("One or two sentences: what pupils do and what they learn."),
            "description": _(
                "How the pilot runs week by week, what the teacher and pupils do, and what feedback you hope for."
            ),
            "levels": _("Choose every level the product suits."),
            "subjects": _("Optional. Choose the subjects the product supports."),
            "languages": _("The languages the product and your support are available in."),
            "starts_on": _("The earliest day the pilot can start."),
            "ends_on": _("The last day of the pilot."),
            "delivery": _("On site: you visit the school. Remote: everything happens online. Hybrid: both."),
            "processes_personal_data": _(
                "Tick this if the product stores or processes any pupil's personal data (names, accounts, "
                "answers, recordings). The agreement will then include a data processing annex."
            ),
        }


class NeedForm(KykyForm):
    """A learning need; its cleaned_data is what services.need_create/update take."""

    fieldsets = (
        (_("What your group needs"), ("title", "description")),
        (_("The group"), ("levels", "subjects", "language", "group_size")),
        (_("When and how"), ("starts_on", "ends_on", "accepts_remote")),
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "levels",
            "subjects",
            "language",
            "group_size",
            "starts_on",
            "ends_on",
            "accepts_remote",
        ]
        field_classes = {"levels": CodeChoices, "subjects": CodeChoices}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "levels": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "subjects": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "language": forms.RadioSelect(attrs={"class": "choices"}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        help_texts = {
            "title": _("A short name for the need, e.g. “Fractions made tangible in grade 4”."),
            "levels": _("The levels of the pupils in the group."),
            "subjects": _("Optional. The subjects the need concerns."),
            "language": _("The language the group is taught in."),
            "starts_on": _("The earliest day a pilot could start."),
            "ends_on": _("The last day a pilot could run."),
            "accepts_remote": _("Tick this if a pilot run fully online would suit the group."),
        }


def _status_choices(model) -> list:
    return [("", _("Any status")), *((value, capfirst(label)) for value, label in model.Status.choices)]


SORT_CHOICES = (
    ("", _("Newest first")),
    ("soonest", _("Starting soonest")),
    ("fit", _("Best fit for my group")),
)


def _attrs(attrs: dict) -> str:
    """HTML attributes as django/forms/widgets/attrs.html writes them."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class Select(forms.Select):
    """The same <select> as Django's, written in Python: one template include per option made a list page's
    filter form (a hundred options) cost more than its results."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>', option["value"], _attrs(option["attrs"]), option["label"]
                    )
                )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


class _CodeChoiceIterator(ModelChoiceIterator):
    """The options of a code list from the process's code lists (kyky.catalog.codes): no query per form."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in codes.table(self.queryset.model).values():
            yield self.choice(row)

    def __len__(self):
        return len(codes.table(self.queryset.model)) + (self.field.empty_label is not None)


class CodeChoiceField(forms.ModelChoiceField):
    """One code of a code list, checked and offered from the process's code lists."""

    iterator = _CodeChoiceIterator
    widget = Select

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found, missing = codes.lookup(self.queryset.model, [str(value)])
        if missing:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found[0]


class ProposalSearchForm(forms.Form):
    """The filters of the proposal list: the same parameters as the API, for display and errors."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    subject = CodeChoiceField(Subject.objects.all(), label=_("Subject"), required=False)
    level = CodeChoiceField(Level.objects.all(), label=_("Level"), required=False)
    language = CodeChoiceField(Language.objects.all(), label=_("Language"), required=False)
    municipality = CodeChoiceField(Municipality.objects.all(), label=_("Municipality"), required=False)
    date_from = forms.DateField(label=_("Running on or after"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Running on or before"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_status_choices(Proposal), widget=Select)
    mine = forms.BooleanField(
        label=_("Only my organisation's"), required=False, widget=forms.CheckboxInput(attrs={"value": "true"})
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES, widget=Select)

    main_fields = ("subject", "level", "language")
    #: What counts as "no filter" for a field; the list shows published items unless asked otherwise.
    defaults = {"status": "published"}

    def __init__(self, *args, fit: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ("subject", "level", "language", "municipality"):
            self.fields[name].empty_label = _("All")
        choices = [choice for choice in SORT_CHOICES if fit or choice[0] != "fit"]  # "fit" needs a group's need
        if (self.data.get("q") or "").strip():  # a search lists the most relevant first, unless sorted
            choices = [("", _("Most relevant first")), ("newest", _("Newest first")), *choices[1:]]
        self.fields["sort"].choices = choices

    def main(self) -> list:
        return [self[name] for name in self.main_fields]

    def more(self) -> list:
        """The less used filters, folded away unless one of them is in use or wrong."""
        skip = {*self.main_fields, "q", "mine", "sort"}
        return [self[name] for name in self.fields if name not in skip]

    def _in_use(self, field) -> bool:
        return (self.data.get(field.name) or "") not in ("", self.defaults.get(field.name, "")) or bool(field.errors)

    def more_in_use(self) -> bool:
        return any(self._in_use(field) for field in [*self.more(), self["mine"]])

    def active_count(self) -> int:
        """How many filters (besides the search words and the order) narrow the list: "Filters (n)"."""
        return sum(self._in_use(field) for field in [*self.main(), *self.more(), self["mine"]])

    def has_field_errors(self) -> bool:
        return any(self[name].errors for name in self.fields if name not in ("q", "sort"))


class NeedSearchForm(ProposalSearchForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_status_choices(Need), widget=Select)


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Your feedback"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tell us what did not work or was hard to use, and on which page."),
    )
    page = forms.CharField(label=_("Page address (optional)"), required=False, max_length=500)
    email = forms.EmailField(
        label=_("Your e-mail (optional)"), required=False, help_text=_("Give it if you would like an answer.")
    )

    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
