"""Finnish hyphenation for narrow table columns: soft hyphens (U+00AD) at syllable boundaries.

Pyphen (which WeasyPrint uses for ``hyphens: auto``) has Swedish patterns but no Finnish ones, so Finnish words
in narrow PDF columns broke anywhere ("Vastuutah/o"). Finnish syllables follow two rules, which this implements:
a boundary comes before a consonant that is followed by a vowel (ta-lo, kah-vi, kirk-ko), and between two vowels
that are neither a long vowel nor a diphthong (ra-di-o). At least two letters stay on each side of a break."""

from __future__ import annotations

import re

SOFT_HYPHEN = "\u00ad"
VOWELS = set("aeiouyäöå")
DIPHTHONGS = {"ai", "ei", "oi", "ui", "yi", "äi", "öi", "au", "eu", "iu", "ou", "ey", "iy", "äy", "öy",
              "ie", "uo", "yö"}
# Nouns in -uus/-yys/-ous/-öys (turvallisuus, yhteisöllisyys, talous) often begin compounds whose second part
# starts with a vowel (turvallisuus|yksikkö, talous|arvio): break after their "s", not before it.
COMPOUND_HEAD_ENDINGS = ("uus", "yys", "ous", "öys")
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
