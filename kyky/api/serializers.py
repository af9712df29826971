"""Serializers: parse input into Python values for the services, and shape output. No business rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kyky.accounts.models import Organisation
from kyky.catalog.models import Language, Level, Municipality, Subject
from kyky.core import workflow
from kyky.core.prefilled import related
from kyky.pilots import permissions as pilot_permissions
from kyky.pilots.models import CODE_MAX, CODES_MAX, FEEDBACK_TEXT_MAX, Application, Feedback, Need, Pilot, Proposal


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class BoundedListField(serializers.ListField):
    """A list refused whole past `max_length` items before any item is parsed (DRF's own ListField checks the
    length after parsing every item)."""

    def to_internal_value(self, data):
        if self.max_length is not None and isinstance(data, list) and len(data) > self.max_length:
            raise serializers.ValidationError(
                _("Ensure this field has no more than %(count)d elements.") % {"count": self.max_length},
                code="max_length",
            )
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "maxLength": CODE_MAX, "description": "A code of the code list."})
class Code(serializers.SlugRelatedField):
    """One code. A NUL character or an overlong value is no code: refused before the lookup (PostgreSQL
    answers a NUL in a query with an error, which would be a 500)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > CODE_MAX or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {"type": "array", "maxItems": CODES_MAX, "items": {"type": "string", "maxLength": CODE_MAX}},
    component_name=None,
)
class CodeList(serializers.ManyRelatedField):
    """A list of codes: refused whole past `max_length` items, before any lookup; duplicates count once;
    all the codes are looked up in one query (60,000 repeated codes once took 18 s, one query each)."""

    default_error_messages = {
        "max_length": _("Choose at most {max_length} items."),
    }

    def __init__(self, child_relation=None, *, max_length: int = CODES_MAX, **kwargs):
        self.max_length = max_length
        super().__init__(child_relation, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, (list, tuple)):
            self.fail("not_a_list", input_type=type(data).__name__)
        if len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        if not self.allow_empty and not data:
            self.fail("empty")
        child = self.child_relation
        unique: list[str] = []
        for item in data:
            if not isinstance(item, str) or len(item) > CODE_MAX or "\x00" in item:
                child.fail("invalid")
            if item not in unique:
                unique.append(item)
        found = {obj.code: obj for obj in child.get_queryset().filter(code__in=unique)}
        for item in unique:
            if item not in found:
                child.fail("does_not_exist", slug_name="code", value=item)
        return [found[item] for item in unique]

    def get_attribute(self, instance):
        """The codes from the rows the list's query brought (kyky.core.prefilled), without a query."""
        if getattr(instance, "pk", None) is None:
            return []
        return related(instance, self.source)

    def to_representation(self, iterable):
        return [item.code for item in iterable]


def codes(model, many: bool = False, **kwargs):
    if many:
        child = serializers.SlugRelatedField(slug_field="code", queryset=model.objects.all())
        return CodeList(child_relation=child, **kwargs)
    return Code(slug_field="code", queryset=model.objects.all(), **kwargs)


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(
        trim_whitespace=False, max_length=4096, style={"input_type": "password"}, write_only=True
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text=_("Send as `Authorization: Token <token>`. Shown once."))
    expiry = serializers.DateTimeField(read_only=True, help_text=_("When the token stops working; log in again then."))


class OrganisationSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality_id", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "municipality"]
        read_only_fields = fields


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class ActionsField(serializers.Field):
    """What the caller may do with the object now: the same list the pages show as buttons."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Actions the caller may take now (POST /{id}/<action>/; edit is PATCH)."))
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        return workflow.available_actions(request.user if request else None, obj)


class TransitionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class RequiredCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, help_text=_("Required: the company sees it."))


class ModerationNoteSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="municipality_id")
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class ModerationSerializer(serializers.Serializer):
    closed_in = ModerationNoteSerializer(many=True, help_text=_("Municipalities where a coordinator closed it."))
    changes_requested = ModerationNoteSerializer(
        many=True, help_text=_("Open requests for changes; they clear when the company edits the offer.")
    )


class ProposalSerializer(serializers.ModelSerializer):
    subjects = codes(Subject, many=True, required=False)
    levels = codes(Level, many=True, allow_empty=False)
    languages = codes(Language, many=True, allow_empty=False)
    municipalities = codes(Municipality, many=True, required=False)
    organisation = OrganisationSerializer(read_only=True)
    capacity_left = serializers.SerializerMethodField(help_text=_("Groups that can still be accepted."))
    moderation = serializers.SerializerMethodField(
        help_text=_(
            "Coordinators' closings and requests for changes: for the offer's company (all of them) and the "
            "coordinators it serves (their municipality's); null for everyone else."
        )
    )
    actions = ActionsField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "summary",
            "description",
            "subjects",
            "levels",
            "languages",
            "starts_on",
            "ends_on",
            "capacity",
            "capacity_left",
            "teacher_hours",
            "requirements",
            "delivery",
            "municipalities",
            "processes_personal_data",
            "status",
            "organisation",
            "created_at",
            "updated_at",
            "published_at",
            "moderation",
            "actions",
            "version",
        ]
        read_only_fields = ["status", "created_at", "updated_at", "published_at", "version"]

    @extend_schema_field(serializers.IntegerField())
    def get_capacity_left(self, proposal: Proposal) -> int:
        return proposal.capacity_left

    @extend_schema_field(ModerationSerializer(allow_null=True))
    def get_moderation(self, proposal: Proposal) -> dict | None:
        request = self.context.get("request")
        seen = pilot_permissions.moderation_seen_by(request.user if request else None, proposal)
        if seen is None:
            return None
        return ModerationSerializer(seen).data


class NeedSerializer(serializers.ModelSerializer):
    subjects = codes(Subject, many=True, required=False)
    levels = codes(Level, many=True, allow_empty=False)
    language = codes(Language)
    municipality = serializers.CharField(
        source="municipality_id", read_only=True, help_text=_("The unit's municipality.")
    )
    organisation = OrganisationSerializer(read_only=True)
    actions = ActionsField()

    class Meta:
        model = Need
        fields = [
            "id",
            "title",
            "description",
            "subjects",
            "levels",
            "language",
            "group_size",
            "starts_on",
            "ends_on",
            "municipality",
            "accepts_remote",
            "status",
            "organisation",
            "created_at",
            "updated_at",
            "published_at",
            "actions",
            "version",
        ]
        read_only_fields = ["status", "created_at", "updated_at", "published_at", "version"]


class ProposalBriefSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "title", "status", "organisation"]
        read_only_fields = fields


class NeedBriefSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = Need
        fields = ["id", "title", "status", "organisation"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    proposal = ProposalBriefSerializer(read_only=True)
    need = NeedBriefSerializer(read_only=True)
    pilot = serializers.SerializerMethodField()
    actions = ActionsField()

    class Meta:
        model = Application
        fields = [
            "id",
            "proposal",
            "need",
            "initiated_by",
            "message",
            "status",
            "created_at",
            "decided_at",
            "pilot",
            "actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_pilot(self, application: Application) -> int | None:
        pilot = getattr(application, "pilot", None)
        return pilot.pk if pilot else None


#: The largest id a client may name (a 64-bit key): a larger number is a 400, not an overflow in the database.
MAX_ID = 2**63 - 1


class ApplicationCreateSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("The proposal's id."))
    need = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("The need's id."))
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AcceptedSerializer(serializers.Serializer):
    application = ApplicationSerializer()
    pilot = serializers.IntegerField()
    agreement = serializers.IntegerField()


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feedback
        fields = ["side", "rating", "goals", "again", "worked", "change", "faces", "created_at", "updated_at"]
        read_only_fields = fields


class FeedbackInputSerializer(serializers.Serializer):
    """A side's evaluation; sending it again corrects it until the pilot is completed."""

    rating = serializers.IntegerField(min_value=1, max_value=5, help_text=_("Overall rating, 1 (poor) to 5."))
    goals = serializers.ChoiceField(
        choices=Feedback.Goals.choices, help_text=_("Whether the pilot supported the learning goals.")
    )
    again = serializers.BooleanField(help_text=_("Whether you would take part again."))
    worked = serializers.CharField(
        max_length=FEEDBACK_TEXT_MAX, required=False, allow_blank=True, default="", help_text=_("What worked.")
    )
    change = serializers.CharField(
        max_length=FEEDBACK_TEXT_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("What should change."),
    )
    faces = serializers.ChoiceField(
        choices=Feedback.Faces.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "The group's three-face rating, recorded by the teacher: only for early childhood, pre-primary "
            "and grades 1–2."
        ),
    )


class PilotSerializer(serializers.ModelSerializer):
    proposal = ProposalBriefSerializer(read_only=True)
    need = NeedBriefSerializer(read_only=True)
    agreement = serializers.IntegerField(source="agreement.pk", read_only=True)
    starts_on = serializers.DateField(read_only=True, help_text=_("The agreed first day."))
    ends_on = serializers.DateField(read_only=True, help_text=_("The agreed last day."))
    feedback_due = serializers.SerializerMethodField(
        help_text=_("Whether the caller's side is asked for its evaluation now (the end date has passed).")
    )
    feedback = FeedbackSerializer(many=True, read_only=True)
    actions = ActionsField()

    class Meta:
        model = Pilot
        fields = [
            "id",
            "proposal",
            "need",
            "status",
            "agreement",
            "starts_on",
            "ends_on",
            "feedback_due",
            "feedback",
            "created_at",
            "started_at",
            "completed_at",
            "actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_feedback_due(self, pilot: Pilot) -> bool:
        request = self.context.get("request")
        if request is None:
            return False
        side = pilot_permissions.side_of(request.user, unit_id=pilot.unit_id, company_id=pilot.company_id)
        return pilot_permissions.feedback_due(pilot, side)


class HistorySerializer(serializers.Serializer):
    """One audit entry: the stable code, and its label in the reader's language."""

    at = serializers.DateTimeField(source="created_at")
    by = serializers.CharField(source="actor.name", allow_null=True, default=None)
    action = serializers.CharField(help_text=_("A stable action code (create, edit, publish, approve, sign...)."))
    action_display = serializers.CharField(help_text=_("The action in the reader's language."))
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    comment = serializers.CharField()
    data = serializers.JSONField(help_text=_('What changed ({"changes": {field: [old, new]}}) and other facts.'))
