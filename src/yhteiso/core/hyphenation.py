"""Hyphenation with soft hyphens (U+00AD): Finnish for the council report's narrow table columns, and Finnish or
Swedish for the pages' headings (browsers have no Finnish hyphenation dictionary, so at 390 px a long heading word
broke anywhere: "Yhteisöllisyysindeks/i").

Pyphen (which WeasyPrint uses for ``hyphens: auto``) has Swedish patterns but no Finnish ones, so Finnish words
in narrow PDF columns broke anywhere ("Vastuutah/o"). Finnish syllables follow two rules, which this implements:
a boundary comes before a consonant that is followed by a vowel (ta-lo, kah-vi, kirk-ko), and between two vowels
that are neither a long vowel nor a diphthong (ra-di-o). At least two letters stay on each side of a break."""

from __future__ import annotations

import functools
import re

from django.utils.html import escape
from django.utils.safestring import SafeData, SafeString, mark_safe

SOFT_HYPHEN = "\u00ad"
VOWELS = set("aeiouyäöå")
DIPHTHONGS = {"ai", "ei", "oi", "ui", "yi", "äi", "öi", "au", "eu", "iu", "ou", "ey", "iy", "äy", "öy",
              "ie", "uo", "yö"}
# Nouns in -uus/-yys/-ous/-öys (turvallisuus, yhteisöllisyys, talous) often begin compounds whose second part
# starts with a vowel (turvallisuus|yksikkö, talous|arvio): break after their "s", not before it.
COMPOUND_HEAD_ENDINGS = ("uus", "yys", "ous", "öys")
# A compound whose second part starts with a vowel breaks at the seam, not before the first part's last consonant
# ("asuin|alueiden", not "asui-na-lu-ei-den"; "kehittämis|ohjelma") nor inside a vowel run ("summa|indeksi").
# The seam is recognised by these common second parts (three letters or more into the word).
COMPOUND_TAILS = ("alue", "osa", "osi", "osallis", "asuk", "asumi", "arvio", "opetus", "asema", "ohjelma", "avustus",
                  "indeksi", "yhteis", "oikeus", "ikäi", "ikäry", "opisk", "ohjaus", "esitys", "ehdotus", "äänest",
                  "eriyty", "erot", "ekonom")
MIN_WORD = 9
MIN_SIDE = 2
_WORD = re.compile(r"[^\W\d_]+")


def _is_vowel(ch: str) -> bool:
    return ch.lower() in VOWELS


def syllable_breaks(word: str) -> list[int]:
    """Indexes at which ``word`` may be broken (a break at i goes between word[i-1] and word[i])."""
    breaks = []
    for i in range(1, len(word)):
        prev, cur = word[i - 1].lower(), word[i].lower()
        nxt = word[i + 1].lower() if i + 1 < len(word) else ""
        if not _is_vowel(cur) and nxt and _is_vowel(nxt) and any(_is_vowel(c) for c in word[:i]):
            if word[i - 2:i + 1].lower() in COMPOUND_HEAD_ENDINGS:
                breaks.append(i + 1)
            else:
                breaks.append(i)  # before consonant + vowel
        elif _is_vowel(prev) and _is_vowel(cur) and prev != cur and prev + cur not in DIPHTHONGS:
            before = word[i - 2].lower() if i >= 2 else ""
            if not (before and _is_vowel(before)):  # a third vowel before: leave the run alone
                breaks.append(i)
    low = word.lower()
    for n in range(3, len(low) - 2):
        # also after a vowel the syllable rules would join to it ("summa|indeksi", "sosio|ekonominen")
        if _is_vowel(low[n]) and low.startswith(COMPOUND_TAILS, n):
            # no break a letter before the seam or a letter after it ("asuin-a-lueiden" reads as "asuina")
            breaks = sorted({b for b in breaks if b not in (n - 1, n + 1)} | {n})
    return [i for i in breaks if MIN_SIDE <= i <= len(word) - MIN_SIDE]


def hyphenate_word(word: str) -> str:
    if len(word) < MIN_WORD:
        return word
    out, last = [], 0
    for i in syllable_breaks(word):
        out.append(word[last:i])
        last = i
    out.append(word[last:])
    return SOFT_HYPHEN.join(out)


def hyphenate_fi(text: str) -> str:
    """Soft hyphens in every long word of a Finnish text; other characters unchanged."""
    return _WORD.sub(lambda m: hyphenate_word(m.group(0)), text)


HEADING_MIN_WORD = 12  # heading words shorter than this fit a phone's line whole
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&[#\w]+;)")


@functools.lru_cache(maxsize=4)
def _pyphen(language: str):
    import pyphen  # imported on first use: the dictionaries are loaded only by pages that hyphenate

    return pyphen.Pyphen(lang=language) if language in pyphen.LANGUAGES else None


def _hyphenate_word(word: str, language: str, min_word: int) -> str:
    if len(word) < min_word:
        return word
    if language == "fi":
        return hyphenate_word(word)  # which leaves words under MIN_WORD (9) letters whole
    dic = _pyphen(language)
    return dic.inserted(word, hyphen=SOFT_HYPHEN) if dic else word


def hyphenate_text(text: str, language: str, *, min_word: int = HEADING_MIN_WORD) -> str:
    """Soft hyphens in the words of ``text`` of at least ``min_word`` letters, by the rules of ``language``
    (Finnish: :func:`syllable_breaks`; Swedish: Pyphen's patterns; other languages unchanged)."""
    lang = (language or "").split("-")[0].lower()
    if lang != "fi" and (lang != "sv" or _pyphen(lang) is None):
        return text
    return _WORD.sub(lambda m: _hyphenate_word(m.group(0), lang, min_word), text)


_OPEN_TAG = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*?\blang=[\"']?([\w-]*)")
_CLOSE_TAG = re.compile(r"</([a-zA-Z][\w-]*)")


def hyphenate_html(value, language: str, *, min_word: int = HEADING_MIN_WORD) -> SafeString:
    """``value`` with soft hyphens in its long words, safe for a template: plain text is escaped first; safe HTML
    keeps its tags and character references untouched (only the text between them is hyphenated). Text inside an
    element with its own ``lang`` (a Finnish project name on a Swedish page) follows that language's rules."""
    html = str(value) if isinstance(value, SafeData) else str(escape(value))
    parts = _TAG_OR_ENTITY.split(html)
    out, stack = [], []  # stack: (tag, language) of the open elements that set a language
    for i, part in enumerate(parts):
        if i % 2:
            opened, closed = _OPEN_TAG.match(part), _CLOSE_TAG.match(part)
            if opened and not part.endswith("/>"):
                stack.append((opened.group(1).lower(), opened.group(2)))
            elif closed and stack and stack[-1][0] == closed.group(1).lower():
                stack.pop()
            out.append(part)
        else:
            out.append(hyphenate_text(part, stack[-1][1] if stack else language, min_word=min_word))
    return mark_safe("".join(out))  # noqa: S308 - escaped above or safe already; only soft hyphens added
