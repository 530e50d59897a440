"""Pages: overview with the charts, maps with classification and exports, area profiles, targeting, follow-up,
provenance, and the staff upload page (permissions, preview, dry run, confirm, errors)."""

import json
import re

import pytest
from django.urls import reverse

from yhteiso.knowledge.models import Computation


@pytest.mark.django_db
def test_the_pages_show_the_real_espoo_figures_with_attributions(client, demo_data):
    page = client.get(reverse("knowledge:index")).content.decode()
    assert "Kaavio 1" in page and "Kaavio 2" in page
    assert "Lähde: Tilastokeskus, Paavo 2019" in page
    assert "Lähde: Helsingin seudun aluesarjat -tilastokanta ja Tilastokeskus" in page
    assert "HSY" in page
    m = client.get(reverse("knowledge:map") + "?level=pienalue&indicator=idx:status_index&method=natural_breaks"
                   "&classes=4").content.decode()
    assert "Kuvio 1" in m and "<svg" in m and 'class="data"' in m and "Pohjois-Leppävaara" in m
    profile = client.get(reverse("knowledge:area-profile", args=["02100"])).content.decode()
    assert "Tapiola" in profile and "Työttömyysaste" in profile and "Espoo" in profile
    small = client.get(reverse("knowledge:area-profile", args=["0491011111"])).content.decode()
    assert "Vieraskielisten osuus" in small and "Kanta-Leppävaara" in small
    assert client.get(reverse("areas:index")).status_code == 200
    assert client.get(reverse("knowledge:area-profile", args=["nope"])).status_code == 404
    c = Computation.objects.get(kind="status_index", level="pienalue")
    detail = client.get(reverse("knowledge:computation", args=[c.pk])).content.decode()
    assert c.input_hash in detail and "tertiary_educated_15plus_share_pct" in detail
    # the method in sentences; the parameters (with their codes) only behind the technical details
    words = re.sub(r"<details.*?</details>", "", detail, flags=re.S)
    assert "Indeksi yhdistää" in words and "Osatekijöillä on sama paino." in words and "Heikoin kymmenys:" in words
    assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b|[{}]", re.sub(r"<[^>]+>", " ", words.split("<main", 1)[1]))
    assert "Lähde: Tilastokeskus" in client.get(reverse("knowledge:datasets")).content.decode()


@pytest.mark.django_db
def test_the_data_sources_page_names_the_rolled_up_figures_in_the_readers_language_and_stacks_on_a_phone(
        client, demo_data):
    page = client.get(reverse("knowledge:datasets")).content.decode()
    # the platform's own roll-ups were listed by their stored English name "computed from pienalue: <dataset code>"
    assert "computed from" not in page
    assert "suuralue: laskettu pienalueista" in page
    assert page.count('class="data stack datasets"') == 2 and 'data-label="Tuonnit"' in page
    client.cookies["yhteiso_language"] = "sv"
    assert "computed from" not in client.get(reverse("knowledge:datasets")).content.decode()



@pytest.mark.django_db
def test_exports_carry_the_numbers_and_the_attributions(client, demo_data):
    q = "?level=postal_area&indicator=var:unemployment_rate_pct&year=2024"
    csv_text = client.get(reverse("knowledge:export", args=["csv"]) + q).content.decode()
    assert csv_text.splitlines()[0].startswith("code,name,level,year,indicator,value")
    assert "Lähde: Tilastokeskus, Paavo" in csv_text and "02100,Tapiola" in csv_text
    geo = json.loads(client.get(reverse("knowledge:export", args=["geojson"]) + q).content)
    assert len(geo["features"]) == 46 and "CC BY 4.0" in geo["attribution"]
    xlsx = client.get(reverse("knowledge:export", args=["xlsx"]) + q)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
