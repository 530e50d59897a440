"""The impact assessment's population groups use the one vocabulary of groups (knowledge.groups): the whole
population is "all" there (it was "all_residents" here); every other code is unchanged."""

from django.db import migrations

RENAMED = {"all_residents": "all"}


def rename_forward(apps, schema_editor):
    assessment = apps.get_model("governance", "ImpactAssessment")
    for row in assessment.objects.all().only("pk", "population_groups"):
        new = [RENAMED.get(g, g) for g in row.population_groups or []]
        if new != row.population_groups:
            assessment.objects.filter(pk=row.pk).update(population_groups=new)


def rename_backward(apps, schema_editor):
    back = {v: k for k, v in RENAMED.items()}
    assessment = apps.get_model("governance", "ImpactAssessment")
    for row in assessment.objects.all().only("pk", "population_groups"):
        new = [back.get(g, g) for g in row.population_groups or []]
        if new != row.population_groups:
            assessment.objects.filter(pk=row.pk).update(population_groups=new)


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0004_hlogist_agenda_attachment"),
    ]

    operations = [
        migrations.RunPython(rename_forward, rename_backward),
    ]
