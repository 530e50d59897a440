"""Headings hyphenate at correct points on a phone (issue 13): the browser has no Finnish dictionary, so a long
Finnish word broke anywhere at 390 px. The server puts soft hyphens into heading words of 12 letters or more, by
Finnish syllable rules (compound seams included) or Swedish Pyphen patterns, and escapes the rest correctly."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from yhteiso.core.hyphenation import SOFT_HYPHEN, hyphenate_html, hyphenate_text


def _shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "-")


def test_finnish_heading_words_break_at_syllables_and_compound_seams():
    assert _shown(hyphenate_text("Yhteisöllinen Espoo", "fi")) == "Yh-tei-söl-li-nen Espoo"
    # a seam before a vowel: not "Asui-na-lu-ei-den" (which reads "asui", "lived")
    assert _shown(hyphenate_text("Asuinalueiden eriytyminen", "fi")) == "Asuin-alu-ei-den eriytyminen"
    assert _shown(hyphenate_text("kehittämisohjelma", "fi")) == "ke-hit-tä-mis-oh-jel-ma"
    assert _shown(hyphenate_text("kehittämisen", "fi")) == "ke-hit-tä-mi-sen"  # no seam: an inflected word
    assert hyphenate_text("Osallistuva budjetointi", "fi") == "Osallistuva budjetointi"  # shorter than 12


def test_swedish_uses_pyphen_and_other_languages_are_left_alone():
    assert _shown(hyphenate_text("Deltagandebudgetering", "sv")) == "Del-ta-gan-de-bud-ge-te-ring"
    assert hyphenate_text("Participatory budgeting", "en") == "Participatory budgeting"
    assert hyphenate_text("الميزانية التشاركية المجتمعية", "ar") == "الميزانية التشاركية المجتمعية"


def test_markup_and_character_references_are_kept_and_plain_text_is_escaped():
    html = mark_safe('<a href="/tietopohja/asuinalueidenkartta/" title="Asuinalueidenkartta">Asuinalueiden &amp; '
                     "kaupunginosien</a>")
    out = hyphenate_html(html, "fi")
    assert out.startswith('<a href="/tietopohja/asuinalueidenkartta/" title="Asuinalueidenkartta">')
    assert "&amp;" in out and _shown(out).endswith("Asuin-alu-ei-den &amp; kau-pun-gin-osien</a>")
    attack = hyphenate_html('<script>alert("Yhteisöllisyysindeksi")</script>', "fi")
    assert "<script>" not in attack and "&lt;script&gt;" in attack


def test_the_template_filter_uses_the_page_language():
    template = Template('{% load yhteiso_text %}<h1>{% filter hyphenate %}{{ title }}{% endfilter %}</h1>'
                       '<h2>{{ title|hyphenate }}</h2>')
    with translation.override("fi"):
        fi = template.render(Context({"title": "Yhteisöllinen <Espoo>"}))
    assert fi.count("Yh\u00adtei\u00adsöl\u00adli\u00adnen") == 2 and fi.count("&lt;Espoo&gt;") == 2
    with translation.override("en"):
        assert SOFT_HYPHEN not in Template("{% load yhteiso_text %}{{ t|hyphenate }}").render(
            Context({"t": "Yhteisöllinen"}))


def test_text_in_an_element_with_its_own_language_follows_that_language():
    """A Finnish project name on a Swedish page (marked lang="fi") gets Finnish breaks, not Swedish ones."""
    html = mark_safe('Deltagandebudgetering: <span lang="fi">segregaatiotietopohjan</span> <span lang="en">'
                     "Participatorybudgeting</span> Deltagandebudgetering")
    assert _shown(hyphenate_html(html, "sv")) == (
        'Del-ta-gan-de-bud-ge-te-ring: <span lang="fi">seg-re-gaa-ti-o-tie-to-poh-jan</span> <span lang="en">'
        "Participatorybudgeting</span> Del-ta-gan-de-bud-ge-te-ring")


def test_the_table_cell_filter_breaks_shorter_words_than_headings():
    """A narrow column's header "Lukumäärä" (nine letters) may break; in a heading it stays whole."""
    template = Template("{% load yhteiso_text %}{{ t|hyphenate_cell }}|{{ t|hyphenate }}|{{ s|hyphenate_cell }}")
    with translation.override("fi"):
        out = template.render(Context({"t": "Lukumäärä", "s": "<Osuus>"}))
    assert out == "Lu\u00adku\u00admää\u00adrä|Lukumäärä|&lt;Osuus&gt;"
