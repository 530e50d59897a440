"""Proposal cards residents enjoy (issue 13 item 9): a picture (checked, re-encoded without its metadata, with a
description), the place and the proposer; a small map of the pool's district; results with a chart beside the
table."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from yhteiso.areas.models import Area
from yhteiso.budgeting import services
from yhteiso.budgeting.models import Proposal
from yhteiso.budgeting.tests.factories import areas, cast, make_round
from yhteiso.core.models import AuditEvent

pytestmark = pytest.mark.django_db
BASE = "/osallistuva-budjetointi/"
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def photo(size=(2400, 1200), fmt="JPEG", gps=True, name="kuva.jpg") -> SimpleUploadedFile:
    """A real photo file; with ``gps`` its EXIF says where it was taken (as a phone's photo would)."""
    img = Image.new("RGB", size, (40, 120, 60))
    out = io.BytesIO()
    kwargs = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (60.0, 13.0, 5.0), 3: "E", 4: (24.0, 48.0, 30.0)})
        kwargs["exif"] = exif.tobytes()
    img.save(out, fmt, **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _post_card(client, rnd, p, **data):
    return client.post(f"{BASE}{rnd.slug}/hallinta/kortti/", {"proposal": p.pk, **data}, HTTP_ACCEPT_LANGUAGE="en")


def test_staff_add_a_picture_which_is_stored_small_and_without_its_location(staff_client, _media):
    rnd = make_round()
    p = rnd.proposals.get(code="c1")
    original = photo()
    assert Image.open(io.BytesIO(original.read())).getexif().get_ifd(GPS_IFD)  # the upload carries a location
    original.seek(0)
    r = _post_card(staff_client, rnd, p, picture=original, image_alt_fi="Puisto, jossa penkkejä",
                   place_fi="Leppävaaran asema", place_sv="Alberga station", proposer="Asukasyhdistys")
    assert r.status_code == 302
    p.refresh_from_db()
    stored = Image.open(p.image.path)
    assert stored.format == "JPEG" and max(stored.size) == 1600
    assert not stored.getexif() and "exif" not in stored.info  # no metadata, no GPS
    served = staff_client.get(f"{BASE}{rnd.slug}/ehdotukset/c1/kuva/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="pb_proposal.card").exists()
    page = staff_client.get(f"{BASE}{rnd.slug}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert f'src="{BASE}{rnd.slug}/ehdotukset/c1/kuva/?v={p.picture_version}"' in page
    assert 'alt="Puisto, jossa penkkejä"' in page
    assert "Leppävaaran asema" in page and "Asukasyhdistys" in page
    sv = staff_client.get(f"{BASE}{rnd.slug}/ehdotukset/c1/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Alberga station" in sv and "Föreslaget av" in sv
    # the Finnish description stands in on a Swedish page, marked as Finnish for screen readers
    assert 'alt="Puisto, jossa penkkejä" lang="fi"' in sv


def test_a_replaced_picture_s_old_file_is_deleted(staff_client, _media, django_capture_on_commit_callbacks):
    rnd = make_round()
    p = rnd.proposals.get(code="c1")
    with django_capture_on_commit_callbacks(execute=True):
        _post_card(staff_client, rnd, p, picture=photo(), image_alt_fi="Ensimmäinen")
    first = Proposal.objects.get(pk=p.pk).image.name
    with django_capture_on_commit_callbacks(execute=True):
        _post_card(staff_client, rnd, p, picture=photo(fmt="PNG", name="b.png"), image_alt_fi="Toinen")
    assert [f.name for f in _files(_media)] == [Proposal.objects.get(pk=p.pk).image.name.rsplit("/", 1)[1]]
    assert first.rsplit("/", 1)[1] not in [f.name for f in _files(_media)]


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("x.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"),
     "must be a JPEG, PNG or WebP image"),
    (SimpleUploadedFile("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/gif"),
     "must be a JPEG, PNG or WebP image"),
    (SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024), content_type="image/jpeg"),
     "too large: at most 5 MB"),
])
def test_a_file_that_is_not_a_small_picture_is_refused_and_nothing_is_kept(staff_client, _media, upload, message):
    rnd = make_round()
    p = rnd.proposals.get(code="c1")
    r = _post_card(staff_client, rnd, p, picture=upload, image_alt_fi="Kuva", place_fi="Jossain")
    assert r.status_code == 400 and message in r.content.decode()
    p.refresh_from_db()
    assert not p.image and p.place_fi == "" and _files(_media) == []


def test_a_picture_that_would_decode_into_a_huge_image_is_refused(staff_client, _media):
    rnd = make_round()
    p = rnd.proposals.get(code="c1")
    bomb = photo(size=(9000, 5000), fmt="PNG", gps=False, name="bomb.png")  # a small file, 45 megapixels
    assert bomb.size < 1024 * 1024
    r = _post_card(staff_client, rnd, p, picture=bomb, image_alt_fi="Kuva")
    assert r.status_code == 400 and "too many pixels" in r.content.decode()
    assert _files(_media) == []


def test_a_picture_needs_a_finnish_description_and_a_refused_one_leaves_no_file(staff_client, _media):
    rnd = make_round()
    p = rnd.proposals.get(code="c1")
    r = _post_card(staff_client, rnd, p, picture=photo(), image_alt_fi="  ")
    assert r.status_code == 400 and "Describe the picture in Finnish" in r.content.decode()
    assert not Proposal.objects.get(pk=p.pk).image and _files(_media) == []


def test_only_staff_edit_cards(client):
    rnd = make_round()
    client.force_login(User.objects.create_user("someone", password="pw-12345-long"))
    p = rnd.proposals.get(code="c1")
    assert _post_card(client, rnd, p, place_fi="Ei näin").status_code == 403
    assert Proposal.objects.get(pk=p.pk).place_fi == ""


def test_a_proposal_without_a_picture_has_no_picture_address(client):
    rnd = make_round()
    assert client.get(f"{BASE}{rnd.slug}/ehdotukset/c1/kuva/").status_code == 404
    assert client.get(f"{BASE}{rnd.slug}/ehdotukset/nope/kuva/").status_code == 404


def _square(x, y):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.05], [x, y + 0.05], [x, y]]]}


def test_an_area_pool_shows_where_it_is_on_a_small_map(client):
    for i, area in enumerate(areas(2)):
        Area.objects.filter(pk=area.pk).update(geometry_wgs84=_square(24.6 + 0.1 * i, 60.2))
    rnd = make_round()
    page = client.get(f"{BASE}{rnd.slug}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert page.count('<figure class="pb-locator"><svg') == 2  # one per area pool, none for the citywide pool
    assert "Missä: Suur-Leppävaara" in page
    idea = client.get(f"{BASE}{rnd.slug}/ehdotukset/a1-1/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Missä: Suur-Leppävaara" in idea


def test_published_results_have_a_chart_and_the_same_numbers_in_a_table(client):
    rnd = make_round(rule="greedy", max_projects=2)
    for who in ("v1", "v2", "v3"):
        cast(rnd, who, "c1")
    for who in ("v4", "v5"):
        cast(rnd, who, "c2", "c3")
    services.round_set_phase(actor=None, round=rnd, phase="results")
    services.round_compute_results(actor=None, round=rnd)
    before = client.get(f"{BASE}{rnd.slug}/tulokset/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "<svg" not in before
    services.round_publish_results(actor=None, round=rnd)
    page = client.get(f"{BASE}{rnd.slug}/tulokset/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    chart = page.split('<figure class="pb-chart">')[1].split("</figure>")[0]
    assert 'role="img"' in chart and "Äänet hankkeittain: Koko kaupunki" in chart
    assert "✓ Kaupunki 1: 3" in chart and "Kaupunki 2: 2" in chart and "✓ Kaupunki 2" not in chart
    table = page.split('<table class="data pb-results-table">')[1].split("</table>")[0]
    assert "Kaupunki 1" in table and 'data-label="Äänet">3</td>' in table and 'data-label="Äänet">2</td>' in table
