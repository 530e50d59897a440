"""Template helpers: content in the user's language with a correct ``lang`` attribute (WCAG 3.1.2), numbers and
euros in the local style."""

from django import template
from django.template.defaultfilters import linebreaks
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from yhteiso.core.formatting import euros
from yhteiso.programme.selectors import indicator_value

register = template.Library()


def _active() -> str:
    return (get_language() or "fi")[:2]


def _wrap(text: str, lang: str, tag: str, paragraphs: bool, css_class: str = ""):
    # django.utils.html.linebreaks escapes (autoescape) but returns a plain str: mark it safe so that format_html
    # below does not escape the <p> tags a second time on pages in another language.
    body = mark_safe(linebreaks(text, autoescape=True)) if paragraphs else conditional_escape(text)  # noqa: S308
    attrs = format_html(' class="{}"', css_class) if css_class else ""
    if lang != _active():
        return format_html('<{}{} lang="{}">{}</{}>', tag, attrs, lang, body, tag)
    if css_class:
        return format_html("<{}{}>{}</{}>", tag, attrs, body, tag)
    return mark_safe(body)  # noqa: S308 - escaped above


@register.simple_tag
def content(obj, field: str, tag: str = "span", paragraphs: bool = False, css_class: str = ""):
    """``obj.localized(field)``; wrapped in an element with ``lang`` when it falls back to another language.
    ``paragraphs`` turns blank lines into paragraphs; ``css_class`` always wraps it, in an element of that class."""
    return _wrap(obj.localized(field), obj.localized_language(field), tag, paragraphs, css_class)


@register.simple_tag
def finnish(text, tag: str = "span", paragraphs: bool = False):
    """Text that exists only in Finnish (the plan's own words), marked with ``lang="fi"`` on other pages."""
    if not text:
        return ""
    return _wrap(text, "fi", tag, paragraphs)


register.filter("num", indicator_value)
register.filter("eur", euros)
