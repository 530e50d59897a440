"""The real Espoo demo data: loaded, computed, and idempotent."""

import pytest

from yhteiso.areas.models import Area
from yhteiso.knowledge.models import Computation, IndexValue, Observation


@pytest.mark.django_db
def test_a_paavo_file_keeps_minus_one_as_suppressed(demo_data):
    obs = Observation.objects.filter(area__code="02290", dataset__code="paavo-2019")
    assert obs.filter(suppressed=True).count() == 41
    assert not Observation.objects.filter(value=-1, dataset__code="paavo-2019").exists()
    assert Observation.objects.get(area__code="02100", variable__code="hr_mtu", dataset__code="paavo-2019").year == 2016


@pytest.mark.django_db
def test_the_demo_loads_the_real_espoo_data_and_twice_changes_nothing(demo_data):
    assert Area.objects.filter(level="suuralue").count() == 7
    assert Area.objects.filter(level="tilastoalue").count() == 26
    assert Area.objects.filter(level="pienalue").count() == 88
    assert Area.objects.filter(level="postal_area").count() == 46
    d = IndexValue.objects.get(computation__level="pienalue", computation__year=2025, index="dissimilarity",
                               group="foreign_language")
    assert d.value == pytest.approx(0.29, abs=0.01)  # the provenance file's sanity check
    d_series = IndexValue.objects.filter(computation__level="postal_area", index="dissimilarity", group="unemployed")
    assert sorted(d_series.values_list("computation__year", flat=True)) == list(range(2010, 2025))
    wd = IndexValue.objects.filter(index="weakest_decile_mean", computation__level="postal_area")
    assert sorted(wd.values_list("computation__year", flat=True)) == list(range(2010, 2025))
    assert all(v > 100 for v in wd.values_list("value", flat=True))
    counts = (Observation.objects.count(), Computation.objects.count(), IndexValue.objects.count())
    import io

    from yhteiso.areas import demo as areas_demo
    from yhteiso.knowledge import demo as knowledge_demo

    areas_demo.load(io.StringIO())
    knowledge_demo.load(io.StringIO())
    assert (Observation.objects.count(), Computation.objects.count(), IndexValue.objects.count()) == counts

