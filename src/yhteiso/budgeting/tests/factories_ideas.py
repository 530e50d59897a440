"""Builders for the ideas tests: a round in its idea phase over two major districts with real (square) boundaries
in EPSG:4326, and ideas in every moderation state."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from yhteiso.areas.models import Area
from yhteiso.budgeting import services, services_ideas
from yhteiso.budgeting.tests.factories import areas, make_round

# Two adjoining squares standing in for Suur-Leppävaara and Suur-Tapiola; Helsinki's centre is outside both.
SQUARES = [(24.70, 60.20, 24.80, 60.26), (24.80, 60.15, 24.86, 60.20)]
INSIDE_FIRST = (24.75, 60.23)
INSIDE_SECOND = (24.83, 60.17)
OUTSIDE = (24.94, 60.17)  # Helsinki


def districts() -> list[Area]:
    out = areas(2)
    for area, (x0, y0, x1, y1) in zip(out, SQUARES, strict=True):
        area.geometry_wgs84 = {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1],
                                                                   [x0, y0]]]}
        area.save()
    return out


def idea_round(slug: str = "ideat"):
    districts()
    return make_round(slug=slug, open_voting=False)


def submit(rnd, *, title="Uimaranta Laaksolahteen", language="fi", point=INSIDE_FIRST, area=None, **fields):
    data = {"description": "Uimaranta ja laituri lähijärvelle.", "category": "leisure", "target_group": "everyone"}
    data.update(fields)
    lon, lat = point if point else (None, None)
    return services_ideas.idea_submit(round=rnd, language=language, title=title, lon=lon, lat=lat, area=area,
                                      **data)


def published(rnd, **kwargs):
    idea = submit(rnd, **kwargs)
    return services_ideas.idea_moderate(actor=None, idea=idea, state="published")


def code(rnd) -> str:
    (plain,) = services.voting_codes_issue(actor=None, round=rnd, count=1)
    return plain


def jpeg_with_gps(size=(64, 48)) -> SimpleUploadedFile:
    """A real JPEG whose EXIF says where it was taken (GPS IFD) and with which camera."""
    img = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel X"  # Model
    exif[0x8825] = {1: "N", 2: (60.0, 12.0, 30.0), 3: "E", 4: (24.0, 45.0, 10.0)}  # GPSInfo
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile("kuva.jpg", out.getvalue(), content_type="image/jpeg")
