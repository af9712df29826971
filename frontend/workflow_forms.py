"""Forms of the workflow pages: applications, agreements, pilots, the coordinator's dashboard.

They parse what the user typed into what the services take; the rules stay in the services.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contracts.models import Agreement
from frontend.forms import DateInput, add_service_errors, version_field
from kyky.pilots.models import FEEDBACK_TEXT_MAX, Feedback

MESSAGE_MAX = 2000
COMMENT_MAX = 2000
CONTACT = ("name", "title", "email", "phone")


class PlainForm(forms.Form):
    """The look of the phase-1 forms: no colon after labels, classes for required and invalid fields."""

    required_css_class = "required"
    error_css_class = "invalid"
    fieldsets: tuple = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def grouped(self) -> list:
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]


class ChoiceOfObjects(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class NeedByFit(ChoiceOfObjects):
    """The unit's needs, each with how well the offer fits it (``fits``: need id → score; absent: no fit)."""

    fits: dict[int, float] | None = None

    def label_from_instance(self, obj) -> str:
        if self.fits is None:
            return obj.title
        if obj.pk in self.fits:
            return _("%(title)s (%(percent)s%% fit)") % {"title": obj.title, "percent": round(self.fits[obj.pk] * 100)}
        return _("%(title)s (does not fit this offer)") % {"title": obj.title}


class InterestForm(PlainForm):
    """A teacher's or principal's interest in a proposal, for one of the unit's published needs.

    Given ``fits``, the best-fitting need is chosen in advance, and only if the offer fits it.
    """

    need = NeedByFit(
        queryset=None,
        label=_("For which of your group's needs?"),
        widget=forms.RadioSelect(attrs={"class": "choices stacked"}),
        empty_label=None,
        error_messages={"required": _("Choose the need the pilot would serve.")},
    )
    message = forms.CharField(
        label=_("Message to the company (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, needs, fits: dict[int, float] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs
        self.fields["need"].fits = fits
        if fits and not self.is_bound:
            self.initial["need"] = max(fits, key=lambda pk: (fits[pk], -pk))


class ApplyForm(PlainForm):
    """A company applying to a need with one of its published proposals."""

    proposal = ChoiceOfObjects(
        queryset=None,
        label=_("With which of your pilot offers?"),
        widget=forms.RadioSelect(attrs={"class": "choices stacked"}),
        empty_label=None,
        error_messages={"required": _("Choose the pilot offer you apply with.")},
    )
    message = forms.CharField(
        label=_("Message to the school (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        if len(proposals) == 1 and not self.is_bound:
            self.initial["proposal"] = proposals[0].pk


class CommentForm(PlainForm):
    """An optional comment written to the audit trail with a transition."""

    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(PlainForm):
    """The coordinator's approve-or-return form: a comment, required only when returning."""

    comment = forms.CharField(
        label=_("Comment to the parties"),
        help_text=_("Required when you return the agreement: say what the parties should change."),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SignForm(PlainForm):
    """The signer presses Sign under the statement of what they sign; the hash names the document they were shown."""

    document_sha256 = forms.RegexField(r"^[0-9a-fA-F]{64}$", widget=forms.HiddenInput)


class CancelForm(CommentForm):
    confirm = forms.BooleanField(
        label=_("Yes, cancel the agreement. The pilot is cancelled and its place freed."),
        error_messages={"required": _("Tick the box to confirm the cancellation.")},
    )


class FeedbackForm(PlainForm):
    """A side's end-of-pilot evaluation; the faces only for the school, for groups in early childhood to grade 2."""

    RATINGS = [
        (5, _("5 – excellent")),
        (4, _("4 – good")),
        (3, _("3 – fair")),
        (2, _("2 – poor")),
        (1, _("1 – very poor")),
    ]
    YES_NO = [("yes", _("Yes")), ("no", _("No"))]

    rating = forms.TypedChoiceField(
        label=_("Overall rating"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "choices stacked"}),
    )
    goals = forms.ChoiceField(
        label=_("Did the pilot support the learning goals?"),
        choices=Feedback.Goals.choices,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    again = forms.TypedChoiceField(
        label=_("Would you take part again?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    worked = forms.CharField(
        label=_("What worked?"),
        required=False,
        max_length=FEEDBACK_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change = forms.CharField(
        label=_("What should change?"),
        required=False,
        max_length=FEEDBACK_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    faces = forms.ChoiceField(
        label=_("The group's faces (optional)"),
        help_text=_("Ask the children how the pilot felt and record the face most of them chose."),
        required=False,
        choices=[("", _("Not recorded")), *Feedback.Faces.choices],
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )

    def __init__(self, *args, faces: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not faces:
            del self.fields["faces"]

    @staticmethod
    def initial_from(feedback: Feedback | None) -> dict | None:
        if feedback is None:
            return None
        initial = {key: getattr(feedback, key) for key in ("rating", "goals", "worked", "change", "faces")}
        if feedback.again is not None:
            initial["again"] = "yes" if feedback.again else "no"
        return initial


class AgreementStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Agreement.Status.choices]
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, str(label)[:1].upper() + str(label)[1:]) for value, label in self.fields["status"].choices
        ]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class AgreementForm(PlainForm):
    """The details of an agreement that the parties fill in. Each party edits only its own contact person."""

    title = forms.CharField(label=_("Title of the pilot"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the pilot should find out or achieve."),
    )  # fmt: skip
    product = forms.CharField(label=_("Product"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    groups = forms.CharField(
        label=_("Groups"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The groups or classes that take part, e.g. “4A and 4B”."),
    )  # fmt: skip
    pupil_count = forms.IntegerField(label=_("Number of pupils"), min_value=1, max_value=500)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    company_provides = forms.CharField(
        label=_("The company provides"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The product, training and support, free of charge."),
    )  # fmt: skip
    school_provides = forms.CharField(
        label=_("The school or day-care centre provides"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Test use and feedback."),
    )  # fmt: skip
    reference_use = forms.CharField(
        label=_("Use of the city as a reference"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    contact_name = forms.CharField(label=_("Name"), max_length=200)
    contact_title = forms.CharField(label=_("Title"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-mail"), max_length=200)
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    pd_processed = forms.BooleanField(
        label=_("The product processes pupils' personal data"), required=False,
        help_text=_("Then the agreement includes a data processing annex: fill in the fields below."),
    )  # fmt: skip
    pd_categories = forms.CharField(
        label=_("Personal data processed"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One kind of data per line, e.g. “first name”, “answers to exercises”."),
    )  # fmt: skip
    pd_purpose = forms.CharField(
        label=_("Purpose of the processing"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    pd_storage_location = forms.CharField(
        label=_("Where the data is stored"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("In the EU or EEA."),
    )  # fmt: skip
    pd_retention = forms.CharField(
        label=_("Retention and deletion"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How long the data is kept; it is deleted when the pilot ends."),
    )  # fmt: skip
    pd_subprocessors = forms.CharField(
        label=_("Subprocessors"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name; service; location. For example: “Cloud Oy; hosting; Finland”."),
    )  # fmt: skip
    language = forms.ChoiceField(
        label=_("Language of the agreement"), choices=Agreement.Language.choices,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )  # fmt: skip

    CONTACT_FIELDS = ("contact_name", "contact_title", "contact_email", "contact_phone")
    PERSONAL_DATA_FIELDS = (
        "pd_processed", "pd_categories", "pd_purpose", "pd_storage_location", "pd_retention", "pd_subprocessors",
    )  # fmt: skip
    SHARED = ("title", "starts_on", "ends_on", "reference_use")
    # Each party's form holds its own part (contracts.parts) and the shared details, nothing of the other's.
    FIELDSETS = {
        "school": (
            (
                _("Your part: the pilot at your school"),
                ("purpose", "groups", "pupil_count", "place", "school_provides"),
            ),
            (_("Your contact person"), CONTACT_FIELDS),
            (_("Shared by both parties"), SHARED),
            (_("Language"), ("language",)),
        ),
        "company": (
            (_("Your part: what you provide"), ("product", "company_provides")),
            (_("Your contact person"), CONTACT_FIELDS),
            (_("Your part: pupils' personal data"), PERSONAL_DATA_FIELDS),
            (_("Shared by both parties"), SHARED),
            (_("Language"), ("language",)),
        ),
    }

    def __init__(self, *args, party: str, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.party = party
        self.fieldsets = self.FIELDSETS[party]
        keep = {name for _legend, names in self.fieldsets for name in names}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if version is not None:
            self.fields["version"] = version_field(version)

    @staticmethod
    def initial_from(snapshot: dict, party: str) -> dict:
        """The form's values as the agreement's snapshot holds them."""
        pilot, contact, personal = snapshot["pilot"], snapshot["contacts"][party], snapshot["personal_data"]
        initial = {name: pilot.get(name, "") for name in AgreementForm.PILOT}
        initial.update({name: snapshot.get(name, "") for name in AgreementForm.TEXTS})
        initial.update({f"contact_{key}": contact.get(key, "") for key in CONTACT})
        initial.update(
            pd_processed=bool(personal.get("processed")),
            pd_categories="\n".join(personal.get("categories") or []),
            pd_purpose=personal.get("purpose", ""),
            pd_storage_location=personal.get("storage_location", ""),
            pd_retention=personal.get("retention", ""),
            pd_subprocessors="\n".join(
                "; ".join((s.get("name", ""), s.get("service", ""), s.get("location", "")))
                for s in personal.get("subprocessors") or []
            ),
            language=snapshot["language"],
        )
        return initial

    @staticmethod
    def bound_from(snapshot: dict, party: str) -> dict[str, str]:
        """The same values as a POST would send them, to show the stored details with errors."""
        data = {}
        for key, value in AgreementForm.initial_from(snapshot, party).items():
            if value is True:
                data[key] = "on"
            elif value not in (False, None):
                data[key] = str(value)
        return data

    PILOT = ("title", "purpose", "product", "groups", "pupil_count", "starts_on", "ends_on", "place")
    TEXTS = ("company_provides", "school_provides", "reference_use")

    def clean_pd_subprocessors(self) -> list[dict[str, str]]:
        subprocessors = []
        for line in _lines(self.cleaned_data["pd_subprocessors"]):
            parts = [part.strip() for part in line.split(";")]
            if len(parts) > 3 or not parts[0]:
                raise ValidationError(
                    _("Write each subprocessor on its own line as: name; service; location. This line is not: %(line)s")
                    % {"line": line}
                )
            parts += [""] * (3 - len(parts))
            subprocessors.append(dict(zip(("name", "service", "location"), parts, strict=True)))
        return subprocessors

    def service_data(self) -> dict:
        """cleaned_data in the shape agreement_update takes: the party's own part and the shared details."""
        data = self.cleaned_data
        out = {name: data[name] for name in (*self.PILOT, *self.TEXTS, "language") if name in self.fields}
        out["contacts"] = {self.party: {key: data[f"contact_{key}"] for key in CONTACT}}
        if "pd_processed" in self.fields:
            out["personal_data"] = {
                "processed": data["pd_processed"],
                "categories": _lines(data["pd_categories"]),
                "purpose": data["pd_purpose"],
                "storage_location": data["pd_storage_location"],
                "retention": data["pd_retention"],
                "subprocessors": data["pd_subprocessors"],
            }
        return out

    def add_service_errors(self, error: ValidationError, labels: dict[str, str]) -> None:
        """Map the service's keys ("contacts.school.email", "personal_data.retention") onto the fields.

        The other party's contact is not on this form: its errors go above the form, named.
        """
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        mapped: dict[str, list[str]] = {}
        for key, messages in error.message_dict.items():
            parts = key.split(".")
            if parts[0] == "contacts" and len(parts) == 3 and parts[1] == self.party:
                name = f"contact_{parts[2]}"
            elif parts[0] == "contacts" and len(parts) >= 2 and parts[1] in labels:
                messages = [f"{labels[parts[1]]}: {message}" for message in messages]
                name = None
            elif parts[0] == "personal_data" and len(parts) == 2:
                name = f"pd_{parts[1]}"
            else:
                name = key
            mapped.setdefault(name if name in self.fields else "__all__", []).extend(messages)
        add_service_errors(self, ValidationError(mapped))
