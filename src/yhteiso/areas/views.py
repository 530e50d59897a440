from django.shortcuts import render

from yhteiso.areas.models import Area, AreaLevel

SHOWN = (AreaLevel.CITY, AreaLevel.MAJOR_DISTRICT, AreaLevel.CITY_CENTRE, AreaLevel.STATISTICAL_AREA,
         AreaLevel.SMALL_AREA, AreaLevel.POSTAL_AREA,
         AreaLevel.GRID_CELL)


def index(request):
    labels = dict(AreaLevel.choices)
    groups = []
    for level in SHOWN:
        areas = list(Area.objects.filter(level=level, division="").select_related("parent").order_by("code"))
        if areas:
            groups.append({"level": level, "label": labels[level], "areas": areas})
    return render(request, "areas/index.html", {"groups": groups})
