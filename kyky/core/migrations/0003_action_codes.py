"""Map the audit trail's translated action words (as earlier versions stored them) back to stable codes.

Earlier versions wrote the actor's interface language into ``action`` (``lähettää``, ``hyväksyä``,
``sign``). The words are frozen here as those versions' catalogues had them, so this migration gives
the same result whatever the catalogues say later. Where one word served two actions (Finnish
``hyväksyä`` for both accepting an application and approving an agreement; ``perua`` for withdrawing
an application and cancelling anything else), the object's kind decides. A first signature's party,
which was kept in ``comment``, moves to ``data``.
"""

from django.db import migrations

WORDS = {
    # English (the source strings), Finnish, Swedish
    "create": "create",
    "edit": "edit",
    "muokata": "edit",
    "redigera": "edit",
    "delete": "delete",
    "poistaa": "delete",
    "radera": "delete",
    "publish": "publish",
    "julkaista": "publish",
    "publicera": "publish",
    "close": "close",
    "sulkea": "close",
    "stänga": "close",
    "apply": "apply",
    "hakea": "apply",
    "ansöka": "apply",
    "accept": "accept",
    "decline": "decline",
    "hylätä": "decline",
    "avböja": "decline",
    "withdraw": "withdraw",
    "dra tillbaka": "withdraw",
    "submit": "submit",
    "lähettää": "submit",
    "skicka in": "submit",
    "approve": "approve",
    "return": "return",
    "palauttaa": "return",
    "returnera": "return",
    "sign": "sign",
    "allekirjoittaa": "sign",
    "underteckna": "sign",
    "cancel": "cancel",
    "avbryta": "cancel",
    "start": "start",
    "aloittaa": "start",
    "starta": "start",
    "complete": "complete",
    "päättää": "complete",
    "slutföra": "complete",
    "confirm": "confirm",
    "vahvistaa": "confirm",
    "bekräfta": "confirm",
    "remove pairs": "remove_pairs",
    "poistaa pareja": "remove_pairs",
    "ta bort par": "remove_pairs",
}
# One word, two actions: the object's model decides.
BY_MODEL = {
    ("hyväksyä", "application"): "accept",
    ("hyväksyä", "agreement"): "approve",
    ("godkänna", "application"): "accept",
    ("godkänna", "agreement"): "approve",
    ("perua", "application"): "withdraw",
}
AMBIGUOUS_DEFAULT = {"hyväksyä": "approve", "godkänna": "approve", "perua": "cancel"}


def to_codes(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    models = dict(ContentType.objects.values_list("pk", "model"))
    for entry in AuditEntry.objects.all().iterator():
        word = entry.action.strip().lower()
        model = models.get(entry.content_type_id, "")
        code = BY_MODEL.get((word, model)) or WORDS.get(word) or AMBIGUOUS_DEFAULT.get(word) or entry.action
        data = dict(entry.data or {})
        comment = entry.comment
        if code == "sign" and comment in ("school", "company"):
            data.setdefault("party", comment)
            comment = ""
        if model == "application" and code == "create":
            code = "apply"
        if (code, data, comment) != (entry.action, entry.data, entry.comment):
            AuditEntry.objects.filter(pk=entry.pk).update(action=code, data=data, comment=comment)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_auditentry_data"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(to_codes, migrations.RunPython.noop)]
