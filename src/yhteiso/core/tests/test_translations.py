"""Finnish and Swedish must be complete: every UI string of every app translated, nothing fuzzy."""

import gettext
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po"))


def _entries(po: Path):
    """Yield (msgid, msgstr-list, fuzzy, context) for each entry of a .po file (header skipped)."""
    entry: dict = {"flags": "", "msgid": None, "msgstr": [], "ctxt": None}
    current = None

    def flush():
        if entry["msgid"]:
            yield entry["msgid"], entry["msgstr"], "fuzzy" in entry["flags"], entry["ctxt"]

    for raw in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            yield from flush()
            entry = {"flags": "", "msgid": None, "msgstr": [], "ctxt": None}
            current = None
        elif line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            entry["ctxt"] = line[8:].strip('"')
            current = "msgctxt"
        elif line.startswith("msgid_plural"):
            current = "plural"
        elif line.startswith("msgid "):
            entry["msgid"] = line[6:].strip('"')
            current = "msgid"
        elif line.startswith("msgstr"):
            entry["msgstr"].append(line.split(" ", 1)[1].strip('"'))
            current = "msgstr"
        elif line.startswith('"'):
            if current == "msgid":
                entry["msgid"] = (entry["msgid"] or "") + line.strip('"')
            elif current == "msgstr":
                entry["msgstr"][-1] += line.strip('"')


def test_every_app_with_strings_has_finnish_and_swedish_catalogues():
    apps = {po.parts[-5] for po in CATALOGUES}
    assert "core" in apps
    for app in apps:
        for lang in ("fi", "sv"):
            assert (PACKAGE / app / "locale" / lang / "LC_MESSAGES" / "django.po").exists(), (app, lang)
            assert (PACKAGE / app / "locale" / lang / "LC_MESSAGES" / "django.mo").exists(), (app, lang)


@pytest.mark.parametrize("po", [p for p in CATALOGUES if p.parts[-3] in ("fi", "sv")], ids=lambda p: "/".join(p.parts[-5:-2]))
def test_catalogue_is_complete_and_compiled(po):
    missing = [msgid for msgid, msgstr, fuzzy, _ctxt in _entries(po) if fuzzy or not all(msgstr)]
    assert not missing, f"{po}: {len(missing)} untranslated or fuzzy strings, e.g. {missing[:5]}"
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid for msgid, msgstr, _fuzzy, ctxt in _entries(po)
        if len(msgstr) == 1 and "\\" not in msgid
        and (compiled.pgettext(ctxt, msgid) if ctxt else compiled.gettext(msgid)) != msgstr[0]
    ]
    assert not stale, f"{po.with_suffix('.mo')} is out of date: run scripts/messages ({stale[:3]})"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_one_message_has_one_translation_across_apps(lang):
    """Django merges every app's catalogue, so a message translated differently in two apps shows only one of the
    translations everywhere. Different meanings need a message context (pgettext), not a second wording."""
    seen: dict[tuple, dict[str, tuple]] = {}
    for po in CATALOGUES:
        if po.parts[-3] != lang:
            continue
        for msgid, msgstr, _fuzzy, ctxt in _entries(po):
            seen.setdefault((ctxt, msgid), {})[po.parts[-5]] = tuple(msgstr)
    conflicts = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert not conflicts, conflicts


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_django_s_own_catalogues_never_replace_ours(lang):
    """The catalogues of apps listed first in INSTALLED_APPS win. The admin's Finnish "Save" is "Tallenna ja
    poistu" (save and leave): listed first, it turned every Save button of the platform into that."""
    from django.utils import translation

    replaced = []
    for po in CATALOGUES:
        if po.parts[-3] != lang:
            continue
        with translation.override(lang):
            for msgid, msgstr, _fuzzy, ctxt in _entries(po):
                if len(msgstr) != 1 or "\\" in msgid:
                    continue
                shown = translation.pgettext(ctxt, msgid) if ctxt else translation.gettext(msgid)
                if shown != msgstr[0]:
                    replaced.append((po.parts[-5], msgid, shown))
    assert not replaced, replaced
