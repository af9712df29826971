"""AuditEntry now lives in kyky.core (same table: pilots_auditentry)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pilots", "0002_application_pilot_feedback_and_more"), ("core", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditEntry")]),
    ]
