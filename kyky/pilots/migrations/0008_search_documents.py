"""Search documents for proposals and needs, filled for the rows there are, and on PostgreSQL their GIN
indexes for full-text search (kyky.pilots.search)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

INDEXES = {"proposal": "proposal_search_idx", "need": "need_search_idx"}


def fill(apps, schema_editor):
    from kyky.pilots import search

    for name in INDEXES:
        model = apps.get_model("pilots", name)
        for item in model.objects.select_related("organisation").iterator(chunk_size=500):
            text = search.document(
                item.title,
                getattr(item, "summary", ""),
                item.description,
                item.organisation.name,
                languages=[item.language_id] if name == "need" else [],
            )
            model.objects.filter(pk=item.pk).update(search_document=text)


def _index(name):
    return GinIndex(SearchVector("search_document", config="simple"), name=INDEXES[name])


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.add_index(apps.get_model("pilots", name), _index(name))


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.remove_index(apps.get_model("pilots", name), _index(name))


class Migration(migrations.Migration):
    dependencies = [("pilots", "0007_merge_0006_evaluations_0006_proposal_change_requests")]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="search_document",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="need",
            name="search_document",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
