"""A measurement's state is derived from ``approved_at`` (set: approved); the stored ``state`` column could
disagree with it (0002 marked earlier measurements approved without an approval time) and is removed."""

from django.db import migrations
from django.db.models import F


def approval_times(apps, schema_editor):
    """Measurements 0002 kept approved get their entry time as approval time, so they stay approved."""
    Measurement = apps.get_model("programme", "Measurement")
    Measurement.objects.filter(state="approved", approved_at__isnull=True).update(approved_at=F("entered_at"))


def states(apps, schema_editor):
    Measurement = apps.get_model("programme", "Measurement")
    Measurement.objects.filter(approved_at__isnull=False).update(state="approved")


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0002_programme_trusted_measurements"),
    ]

    operations = [
        migrations.RunPython(approval_times, states),
        migrations.RemoveField(model_name="measurement", name="state"),
    ]
