"""Label points of the areas (where a map writes an area's name), kept on the area instead of being computed from
its boundary on every map request; filled here for the areas already stored."""

from django.db import migrations, models
from shapely.geometry import shape


def fill(apps, schema_editor):
    Area = apps.get_model("areas", "Area")
    for area in Area.objects.exclude(geometry_wgs84=None).only("pk", "geometry_wgs84").iterator(chunk_size=50):
        geom = shape(area.geometry_wgs84)
        if geom.is_empty:
            continue
        point = geom.representative_point()
        Area.objects.filter(pk=area.pk).update(label_lon=round(point.x, 6), label_lat=round(point.y, 6))


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]

    operations = [
        migrations.AddField(model_name="area", name="label_lon",
                            field=models.FloatField(blank=True, editable=False, null=True,
                                                    verbose_name="label longitude")),
        migrations.AddField(model_name="area", name="label_lat",
                            field=models.FloatField(blank=True, editable=False, null=True,
                                                    verbose_name="label latitude")),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
