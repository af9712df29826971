"""The two corpus counters the index caches compare against (see kyky.core.versions)."""

import uuid

from django.db import migrations


def create_counters(apps, schema_editor):
    IndexVersion = apps.get_model("matching", "IndexVersion")
    for key in ("proposals", "needs"):
        IndexVersion.objects.get_or_create(key=key, defaults={"version": 0, "stamp": uuid.uuid4()})


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(create_counters, migrations.RunPython.noop)]
