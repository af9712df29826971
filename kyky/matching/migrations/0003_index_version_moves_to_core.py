"""IndexVersion now lives in kyky.core (same table: matching_indexversion)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("matching", "0002_index_versions"), ("core", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="IndexVersion")]),
    ]
