"""Create the table of Django's database cache (the default shared cache: rate limits, the worker heartbeat), so
every database that is migrated — tests, CI, the demo, production — has it. `createcachetable` is idempotent and
does nothing for other cache backends."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_signin_external_identity")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True)]
