"""The demo data and the importers' defaults stored publishers in English ("Statistics Finland (Tilastokeskus)"),
which Finnish pages then showed. Rewrite those to the Finnish names the city publishes with; pages name publishers
in the reader's language through yhteiso.core.publishers."""

from django.db import migrations

# earlier stored English forms and their Finnish names (frozen here: the migration must not follow later code)
RENAMES = [("Statistics Finland (Tilastokeskus), Paavo", "Tilastokeskus, Paavo"),
           ("Statistics Finland (Tilastokeskus)", "Tilastokeskus"),
           ("Helsinki Region Environmental Services HSY", "Helsingin seudun ympäristöpalvelut HSY")]


def forwards(apps, schema_editor):
    BoundaryImport = apps.get_model("areas", "BoundaryImport")
    for english, finnish in RENAMES:
        BoundaryImport.objects.filter(publisher=english).update(publisher=finnish)


class Migration(migrations.Migration):
    dependencies = [("areas", "0002_rknow_label_points")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
