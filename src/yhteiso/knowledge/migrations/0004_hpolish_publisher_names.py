"""The demo data and the importers' defaults stored publishers in English ("Statistics Finland (Tilastokeskus)"),
which Finnish pages then showed. Rewrite those to the Finnish names the city publishes with; pages name publishers
in the reader's language through yhteiso.core.publishers."""

from django.db import migrations

# earlier stored English forms and their Finnish names (frozen here: the migration must not follow later code)
RENAMES = [("Statistics Finland (Tilastokeskus), Paavo", "Tilastokeskus, Paavo"),
           ("Statistics Finland (Tilastokeskus)", "Tilastokeskus"),
           ("Helsinki Region Environmental Services HSY", "Helsingin seudun ympäristöpalvelut HSY")]


def forwards(apps, schema_editor):
    Dataset = apps.get_model("knowledge", "Dataset")
    for english, finnish in RENAMES:
        Dataset.objects.filter(publisher=english).update(publisher=finnish)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_hgroup_population_group")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
