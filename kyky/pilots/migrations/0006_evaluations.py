"""The end-of-pilot evaluation: rating, learning goals, would take part again, what worked, what should change
and the group's faces. A feedback given before keeps its rating, and its one text becomes "what worked"
(it answered "what worked, what did not, and what the pupils thought"); the questions it was never asked
stay unanswered (goals blank, again unknown)."""

import django.core.validators
from django.conf import settings
from django.db import migrations, models


def text_becomes_what_worked(apps, schema_editor):
    Feedback = apps.get_model("pilots", "Feedback")
    Feedback.objects.update(worked=models.F("text"), updated_at=models.F("created_at"))


def what_worked_becomes_text(apps, schema_editor):
    Feedback = apps.get_model("pilots", "Feedback")
    for feedback in Feedback.objects.all():
        parts = [part for part in (feedback.worked, feedback.change) if part]
        feedback.text = "\n\n".join(parts) or "-"
        feedback.save(update_fields=["text"])


class Migration(migrations.Migration):

    dependencies = [
        ('pilots', '0005_titles_are_single_lines'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='feedback',
            options={'ordering': ['created_at', 'id'], 'verbose_name': 'evaluation', 'verbose_name_plural': 'evaluations'},
        ),
        migrations.AddField(
            model_name='feedback',
            name='again',
            field=models.BooleanField(blank=True, null=True, verbose_name='would take part again'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='change',
            field=models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='what should change'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='faces',
            field=models.CharField(blank=True, choices=[('happy', 'happy'), ('neutral', 'neutral'), ('sad', 'sad')], default='', help_text="Early childhood, pre-primary and grades 1–2: the teacher records the group's rating.", max_length=10, verbose_name="the group's faces"),
        ),
        migrations.AddField(
            model_name='feedback',
            name='goals',
            field=models.CharField(blank=True, choices=[('yes', 'yes'), ('partly', 'partly'), ('no', 'no')], default='', max_length=10, verbose_name='supported the learning goals'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='updated'),
        ),
        migrations.AddField(
            model_name='feedback',
            name='worked',
            field=models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='what worked'),
        ),
        migrations.AddField(
            model_name='pilot',
            name='personal_data_removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='personal data removed'),
        ),
        migrations.RunPython(text_becomes_what_worked, what_worked_becomes_text),
        migrations.RemoveField(
            model_name='feedback',
            name='text',
        ),
        migrations.AddConstraint(
            model_name='feedback',
            constraint=models.CheckConstraint(condition=models.Q(('goals__in', ['', 'yes', 'partly', 'no'])), name='feedback_goals_codes'),
        ),
        migrations.AddConstraint(
            model_name='feedback',
            constraint=models.CheckConstraint(condition=models.Q(('faces', ''), models.Q(('faces__in', ['happy', 'neutral', 'sad']), ('side', 'school')), _connector='OR'), name='feedback_faces_from_the_school'),
        ),
    ]
