"""The audit trail and the corpus versions move to kyky.core; their tables stay where they are."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("pilots", "0002_application_pilot_feedback_and_more"),
        ("matching", "0002_index_versions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("action", models.CharField(max_length=40, verbose_name="action")),
                        ("from_state", models.CharField(blank=True, max_length=20, verbose_name="from")),
                        ("to_state", models.CharField(max_length=20, verbose_name="to")),
                        ("comment", models.TextField(blank=True, verbose_name="comment")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="at")),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit trail",
                        "db_table": "pilots_auditentry",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(fields=["content_type", "object_id", "created_at"], name="audit_target_idx")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="IndexVersion",
                    fields=[
                        ("key", models.CharField(max_length=20, primary_key=True, serialize=False, verbose_name="corpus")),
                        ("version", models.BigIntegerField(default=0, verbose_name="version")),
                        ("stamp", models.UUIDField(default=uuid.uuid4, verbose_name="stamp")),
                    ],
                    options={
                        "verbose_name": "index version",
                        "verbose_name_plural": "index versions",
                        "db_table": "matching_indexversion",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
