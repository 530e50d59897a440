"""Preparing survey questions for the respondent page in one respondent language."""

from __future__ import annotations

from django.conf import settings

from yhteiso.core.formatting import number
from yhteiso.respondents import citymap
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.pages import error_message
from yhteiso.respondents.texts import T
from yhteiso.respondents.texts import text_in as _text
from yhteiso.respondents.texts_place import PLACE_TEXTS

BRANCHING_NOTE = T(
    "Jotkin kysymykset on tarkoitettu vain niille, jotka vastasivat aiempaan kysymykseen tietyllä tavalla. "
    "Kysymyksen kohdalla kerrotaan, kenelle se on. Jos kysymys ei koske sinua, jätä se väliin: muuten sen vastausta "
    "ei tallenneta.",
    "Osa kysymyksistä on vain joillekin vastaajille. Kysymyksen kohdalla lukee, kenelle se on. Jos kysymys ei ole "
    "sinulle, jätä se väliin. Emme tallenna vastausta, jos kysymys ei ole sinulle.",
    sv="Vissa frågor är bara till för dem som svarade på ett visst sätt på en tidigare fråga. Vid frågan står det "
       "vem den gäller. Om frågan inte gäller dig, hoppa över den: annars sparas inte svaret.",
    en="Some questions are only for those who gave a certain answer to an earlier question. Each such question says "
       "whom it is for. If it is not for you, skip it: its answer would not be saved.",
    ru="Некоторые вопросы предназначены только для тех, кто определённым образом ответил на предыдущий вопрос. "
       "У такого вопроса указано, для кого он. Если вопрос вас не касается, пропустите его: иначе ответ не "
       "сохранится.",
    et="Mõned küsimused on ainult neile, kes vastasid varasemale küsimusele teatud viisil. Küsimuse juures on "
       "öeldud, kellele see on. Kui küsimus ei puuduta sind, jäta see vahele: muidu vastust ei salvestata.",
    ar="بعض الأسئلة مخصّصة فقط لمن أجاب بإجابة معيّنة عن سؤال سابق. يوضّح كل سؤال من هذا النوع لمن هو. إذا لم "
       "يكن السؤال موجّهًا إليك فتخطَّه: لن تُحفظ إجابته.",
    so="Su'aalaha qaarkood waxay u socdaan oo keliya kuwa su'aal hore si gaar ah uga jawaabay. Su'aal kasta oo "
       "noocaas ah waxay sheegaysaa cidda ay u socoto. Haddii aysan adiga kuu socon, ka gudub: jawaabteeda lama "
       "kaydin doono.",
)
CONDITION_NOTE = T(
    "Vastaa vain, jos vastauksesi kysymykseen ”{question}” oli ”{answer}”.",
    "Vastaa vain, jos vastasit kysymykseen ”{question}”: ”{answer}”.",
    sv="Svara bara om ditt svar på frågan ”{question}” var ”{answer}”.",
    en="Answer only if your answer to “{question}” was “{answer}”.",
    ru="Отвечайте, только если на вопрос «{question}» вы ответили «{answer}».",
    et="Vasta ainult siis, kui sinu vastus küsimusele „{question}“ oli „{answer}“.",
    ar="أجب فقط إذا كانت إجابتك عن سؤال «{question}» هي «{answer}».",
    so="Ka jawaab oo keliya haddii jawaabtaadu su'aasha “{question}” ay ahayd “{answer}”.",
)

ANONYMOUS_SOME_REQUIRED = T(
    "Vastaat nimettömänä. Emme tallenna nimeäsi, IP-osoitettasi emmekä selaimesi tietoja. Pakolliseksi merkittyihin "
    "kysymyksiin on vastattava; muut ovat vapaaehtoisia.",
    "Et kerro nimeäsi. Emme tallenna tietoja tietokoneestasi tai puhelimestasi. Kysymykseen, jossa lukee ”pakko "
    "vastata”, pitää vastata. Muut kysymykset voit jättää väliin.",
    sv="Du svarar anonymt. Vi sparar inte ditt namn, din IP-adress eller uppgifter om din webbläsare. Frågor som är "
       "märkta som obligatoriska måste besvaras; de övriga är frivilliga.",
    en="You answer anonymously. We do not store your name, your IP address or details of your browser. Questions "
       "marked required must be answered; the others are optional.",
    ru="Вы отвечаете анонимно. Мы не сохраняем ваше имя, IP-адрес или данные вашего браузера. На вопросы, "
       "отмеченные как обязательные, нужно ответить; остальные необязательны.",
    et="Vastad anonüümselt. Me ei salvesta sinu nime, IP-aadressi ega brauseri andmeid. Kohustuslikuks märgitud "
       "küsimustele tuleb vastata; ülejäänud on vabatahtlikud.",
    ar="تجيب دون الكشف عن هويتك. لا نحفظ اسمك ولا عنوان IP الخاص بك ولا بيانات متصفحك. يجب الإجابة عن "
       "الأسئلة المعلَّمة بأنها إلزامية، أما الباقي فاختياري.",
    so="Waxaad ku jawaabaysaa si qarsoodi ah. Ma kaydinno magacaaga, ciwaanka IP-gaaga ama macluumaadka "
       "daalacahaaga. Su'aalaha lagu calaamadeeyay qasab waa in laga jawaabaa; inta kale waa ikhtiyaari.",
)
# Answer errors of the question types only surveys have (the shared ones are in respondents.pages).
ANSWER_ERRORS = {
    "too_many": T("Valitse enintään {max} vaihtoehtoa.", "Valitse korkeintaan {max}.",
                  sv="Välj högst {max} alternativ.", en="Choose at most {max} options.",
                  ru="Выберите не более {max} вариантов.", et="Vali kõige rohkem {max} vastusevarianti.",
                  ar="اختر {max} خيارات كحد أقصى.", so="Dooro ugu badnaan {max} doorasho."),
    "too_few": T("Valitse vähintään {min} vaihtoehtoa tai jätä kysymys kokonaan väliin.",
                 "Valitse ainakin {min}. Voit myös jättää kysymyksen väliin.",
                 sv="Välj minst {min} alternativ eller hoppa över frågan helt.",
                 en="Choose at least {min} options, or skip the question altogether.",
                 ru="Выберите не менее {min} вариантов или пропустите вопрос целиком.",
                 et="Vali vähemalt {min} vastusevarianti või jäta küsimus täiesti vahele.",
                 ar="اختر {min} خيارات على الأقل، أو تخطَّ السؤال كليًا.",
                 so="Dooro ugu yaraan {min} doorasho, ama ka gudub su'aasha oo dhan."),
    "number": T("Kirjoita luku numeroina, esimerkiksi 12 tai 12,5.", "Kirjoita numero, esimerkiksi 12.",
                sv="Skriv ett tal med siffror, till exempel 12 eller 12,5.",
                en="Write a number in digits, for example 12 or 12.5.",
                ru="Введите число цифрами, например 12 или 12,5.", et="Kirjuta arv numbritega, näiteks 12 või 12,5.",
                ar="اكتب عددًا بالأرقام، مثل 12 أو 12.5.", so="Ku qor tiro lambar ahaan, tusaale 12 ama 12.5."),
    "whole": T("Anna kokonaisluku (ilman desimaaleja).", "Kirjoita luku ilman pilkkua.",
               sv="Ange ett heltal (utan decimaler).", en="Give a whole number (no decimals).",
               ru="Укажите целое число (без десятичных знаков).", et="Sisesta täisarv (ilma komakohtadeta).",
               ar="أدخل عددًا صحيحًا (بدون كسور عشرية).", so="Geli tiro dhan (tobanle la'aan)."),
    "number_range": T("Anna luku väliltä {min}–{max}.", "Kirjoita numero {min}–{max}.",
                      sv="Ange ett tal mellan {min} och {max}.", en="Give a number from {min} to {max}.",
                      ru="Укажите число от {min} до {max}.", et="Sisesta arv vahemikus {min}–{max}.",
                      ar="أدخل عددًا من {min} إلى {max}.", so="Geli tiro u dhaxaysa {min} iyo {max}."),
    "number_min": T("Anna luku, joka on vähintään {min}.", "Numeron pitää olla vähintään {min}.",
                    sv="Ange ett tal som är minst {min}.", en="Give a number of at least {min}.",
                    ru="Укажите число не меньше {min}.", et="Sisesta arv, mis on vähemalt {min}.",
                    ar="أدخل عددًا لا يقل عن {min}.", so="Geli tiro ugu yaraan {min} ah."),
    "place": T("Merkitse paikka kartalle, valitse alue tai kirjoita osoite.",
               "Valitse paikka kartalta tai listasta, tai kirjoita osoite.",
               sv="Markera platsen på kartan, välj ett område eller skriv en adress.",
               en="Mark the place on the map, choose an area or type an address.",
               ru="Отметьте место на карте, выберите район или введите адрес.",
               et="Märgi koht kaardile, vali piirkond või kirjuta aadress.",
               ar="حدّد المكان على الخريطة أو اختر منطقة أو اكتب عنوانًا.",
               so="Ku calaamadee meesha khariidadda, dooro xaafad ama qor ciwaan."),
    "place_outside": PLACE_TEXTS["err_outside"],
    "number_max": T("Anna luku, joka on enintään {max}.", "Numeron pitää olla enintään {max}.",
                    sv="Ange ett tal som är högst {max}.", en="Give a number of at most {max}.",
                    ru="Укажите число не больше {max}.", et="Sisesta arv, mis on kõige rohkem {max}.",
                    ar="أدخل عددًا لا يزيد عن {max}.", so="Geli tiro ugu badnaan {max} ah."),
}
MULTI_HELP = {
    "any": T("Valitse kaikki sopivat vaihtoehdot.", "Voit valita monta.", sv="Välj alla alternativ som passar.",
             en="Choose all that apply.", ru="Выберите все подходящие варианты.", et="Vali kõik sobivad variandid.",
             ar="اختر كل ما ينطبق.", so="Dooro dhammaan kuwa ku habboon."),
    "range": T("Valitse {min}–{max} vaihtoehtoa.", "Valitse {min}–{max}.", sv="Välj {min}–{max} alternativ.",
               en="Choose {min} to {max} options.", ru="Выберите от {min} до {max} вариантов.",
               et="Vali {min}–{max} vastusevarianti.", ar="اختر من {min} إلى {max} خيارات.",
               so="Dooro {min} ilaa {max} doorasho."),
    "most": T("Valitse enintään {max} vaihtoehtoa.", "Valitse korkeintaan {max}.",
              sv="Välj högst {max} alternativ.", en="Choose at most {max} options.",
              ru="Выберите не более {max} вариантов.", et="Vali kõige rohkem {max} vastusevarianti.",
              ar="اختر {max} خيارات كحد أقصى.", so="Dooro ugu badnaan {max} doorasho."),
    "least": T("Valitse vähintään {min} vaihtoehtoa.", "Valitse ainakin {min}.", sv="Välj minst {min} alternativ.",
               en="Choose at least {min} options.", ru="Выберите не менее {min} вариантов.",
               et="Vali vähemalt {min} vastusevarianti.", ar="اختر {min} خيارات على الأقل.",
               so="Dooro ugu yaraan {min} doorasho."),
}
NUMBER_HELP = {
    "range": T("Luku väliltä {min}–{max}.", "Numero {min}–{max}.", sv="Ett tal mellan {min} och {max}.",
               en="A number from {min} to {max}.", ru="Число от {min} до {max}.", et="Arv vahemikus {min}–{max}.",
               ar="عدد من {min} إلى {max}.", so="Tiro u dhaxaysa {min} iyo {max}."),
    "min": T("Luku, vähintään {min}.", "Numero, vähintään {min}.", sv="Ett tal, minst {min}.",
             en="A number, at least {min}.", ru="Число, не меньше {min}.", et="Arv, vähemalt {min}.",
             ar="عدد، لا يقل عن {min}.", so="Tiro, ugu yaraan {min}."),
    "max": T("Luku, enintään {max}.", "Numero, enintään {max}.", sv="Ett tal, högst {max}.",
             en="A number, at most {max}.", ru="Число, не больше {max}.", et="Arv, kõige rohkem {max}.",
             ar="عدد، لا يزيد عن {max}.", so="Tiro, ugu badnaan {max}."),
    "any": T("Kirjoita luku numeroina.", "Kirjoita numero.", sv="Skriv ett tal med siffror.",
             en="Write a number in digits.", ru="Введите число цифрами.", et="Kirjuta arv numbritega.",
             ar="اكتب عددًا بالأرقام.", so="Ku qor tiro lambar ahaan."),
    "whole": T("Vain kokonaisluku.", "Ilman pilkkua.", sv="Endast heltal.", en="Whole numbers only.",
               ru="Только целое число.", et="Ainult täisarv.", ar="أعداد صحيحة فقط.", so="Tiro dhan oo keliya."),
}

PLACE_HELP = T(
    "Merkitse paikka kartalle, valitse alue luettelosta tai kirjoita katuosoite tai postinumeroalue. Yksi riittää.",
    "Valitse paikka kartalta tai alue listasta. Voit myös kirjoittaa osoitteen tai postinumeron.",
    sv="Markera platsen på kartan, välj ett område i listan eller skriv en gatuadress eller ett postnummerområde. "
       "Ett sätt räcker.",
    en="Mark the place on the map, choose an area from the list or type a street address or postal area. One is "
       "enough.",
    ru="Отметьте место на карте, выберите район из списка или введите улицу и дом либо почтовый район. Достаточно "
       "одного способа.",
    et="Märgi koht kaardile, vali piirkond loendist või kirjuta tänava aadress või postiindeksi piirkond. Ühest "
       "piisab.",
    ar="حدّد المكان على الخريطة، أو اختر منطقة من القائمة، أو اكتب عنوان الشارع أو المنطقة البريدية. يكفي خيار "
       "واحد.",
    so="Ku calaamadee meesha khariidadda, ka dooro xaafad liiska ama qor ciwaanka waddada ama aagga boostada. Mid "
       "ayaa ku filan.")
PLACE_ADDRESS = T("Katuosoite tai postinumeroalue", "Osoite tai postinumero",
                  sv="Gatuadress eller postnummerområde", en="Street address or postal area",
                  ru="Улица и дом или почтовый район", et="Tänava aadress või postiindeksi piirkond",
                  ar="عنوان الشارع أو المنطقة البريدية", so="Ciwaanka waddada ama aagga boostada")

REQUIRED = T("pakollinen", "pakko vastata", sv="obligatorisk", en="required", ru="обязательный", et="kohustuslik",
             ar="إلزامي", so="waa qasab")


def number_text(value, language: str) -> str:
    """A rule's number as the respondent reads it (the language's separators; no ".0")."""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return number(value, language=language)


def answer_error(code: str, params: dict, language: str) -> str:
    """An answer's error in the respondent's language (numbers written as the language writes them)."""
    if code in ANSWER_ERRORS:
        shown = {k: number_text(v, language) for k, v in params.items()}
        return _text(ANSWER_ERRORS[code], language).format(**shown)
    return error_message(code, params, language)


def _rule_help(q: dict, language: str) -> str:
    """The line under a multiple-choice or number question saying what is accepted."""
    def fmt(texts, **params):
        return _text(texts, language).format(**{k: number_text(v, language) for k, v in params.items()})

    if q["type"] == "multi":
        lo, hi = q.get("min_choices"), q.get("max_choices")
        if lo and hi:
            return fmt(MULTI_HELP["range"], min=lo, max=hi) if lo != hi or lo > 1 else fmt(MULTI_HELP["most"],
                                                                                          max=hi)
        if hi:
            return fmt(MULTI_HELP["most"], max=hi)
        if lo and lo > 1:
            return fmt(MULTI_HELP["least"], min=lo)
        return fmt(MULTI_HELP["any"])
    lo, hi = q.get("min"), q.get("max")
    if lo is not None and hi is not None:
        rule = fmt(NUMBER_HELP["range"], min=lo, max=hi)
    elif lo is not None:
        rule = fmt(NUMBER_HELP["min"], min=lo)
    elif hi is not None:
        rule = fmt(NUMBER_HELP["max"], max=hi)
    else:
        rule = fmt(NUMBER_HELP["any"])
    return f"{rule} {fmt(NUMBER_HELP['whole'])}" if q.get("integer") else rule


def place_map(questions: list[dict], language: str) -> dict | None:
    """What the page's place questions share (None when it has none): the district map as SVG (seen without
    JavaScript, beside the district list) and as GeoJSON with its labels for the interactive map, the tile service
    and the map's attribution."""
    if not any(q["type"] == "place" for q in questions):
        return None
    return {"districts": citymap.district_paths(language), "projection": citymap.projection(),
            "geojson": citymap.districts_geojson(language), "labels": citymap.district_labels(language),
            "tile_url": settings.YHTEISO_TILE_URL, "tile_attribution": settings.YHTEISO_TILE_ATTRIBUTION,
            "attribution": citymap.ATTRIBUTION}


def anonymity_note(questions: list[dict], language: str, default: str) -> str:
    """The anonymity note; when some questions are required it says so instead of "all questions are optional"."""
    return _text(ANONYMOUS_SOME_REQUIRED, language) if any(q.get("required") for q in questions) else default


def branching_note(questions: list[dict], language: str) -> str:
    """The page's explanation of conditional questions ("" when the survey has none)."""
    return _text(BRANCHING_NOTE, language) if any(q.get("show_if") for q in questions) else ""


def condition_note(question: dict, by_key: dict, language: str) -> str:
    """The respondent-language note saying when a conditional question is to be answered."""
    condition = question["show_if"]
    source = by_key.get(condition["question"])
    if source is None:
        return ""
    labels = [_text(o["label"], language) for o in source.get("options", [])
              if str(o["value"]) in condition["values"]]
    answer = " / ".join(labels)
    return _text(CONDITION_NOTE, language).format(question=_text(source["text"], language), answer=answer)


def render_questions(questions: list[dict], language: str, *, values: dict | None = None,
                     errors: dict | None = None) -> list[dict]:
    """Questions with texts in ``language``; the Finnish original beside any other wording, and unofficial
    translations of instruments marked."""
    values = values or {}
    errors = errors or {}
    rendered = []
    by_key = {q["key"]: q for q in questions}
    for position, q in enumerate(questions, start=1):
        text = _text(q["text"], language)
        original = q["text"].get("fi", "")
        official = language in q.get("official_languages", ["fi"])
        item = {
            "key": q["key"], "field": f"q_{q['key']}", "type": q["type"], "number": position,
            "text": text, "original": original if original != text else "",
            "unofficial": bool(q.get("instrument")) and not official,
            "required": q.get("required", False), "required_label": _text(REQUIRED, language),
            "value": "" if values.get(q["key"]) is None or isinstance(values.get(q["key"]), list)
            else str(values.get(q["key"])),
            "options": [{"value": str(o["value"]), "label": _text(o["label"], language),
                         "original": o["label"].get("fi", "") if _text(o["label"], language) != o["label"].get(
                             "fi", "") else ""} for o in q.get("options", [])],
            "min": q.get("min"), "max": q.get("max"),
            "min_label": _text(q.get("min_label", {}), language), "max_label": _text(q.get("max_label", {}), language),
        }
        if item["type"] == "scale":
            item["options"] = [{"value": str(v), "label": str(v), "original": ""}
                               for v in range(q["min"], q["max"] + 1)]
        if item["type"] == "multi":
            chosen = values.get(q["key"]) or []
            chosen = {str(v) for v in (chosen if isinstance(chosen, list) else [chosen])}
            for option in item["options"]:
                option["checked"] = option["value"] in chosen
        if item["type"] in ("multi", "number"):
            item["rule"] = _rule_help(q, language)
        if item["type"] == "place":
            given = values.get(q["key"])
            given = given if isinstance(given, dict) else {}
            item["place"] = {k: str(given.get(k) or "") for k in ("lon", "lat", "area", "address")}
            item["areas"] = [{"value": str(o["value"]), "label": _text(o["label"], language)}
                             for o in home_area_options()]
            item["texts"] = {"help": _text(PLACE_HELP, language), "address": _text(PLACE_ADDRESS, language),
                             **{k: _text(PLACE_TEXTS[k], language) for k in (
                                 "map_label", "map_keys", "no_point", "point_set", "clear_point", "area")}}
        if q.get("show_if"):
            item["condition"] = condition_note(q, by_key, language)
        if q.get("section"):
            section = q["section"]
            item["section"] = {"name": _text(section.get("name", {}), language),
                               "instructions": _text(section.get("instructions", {}), language)}
        if q["key"] in errors:
            code, params = errors[q["key"]]
            item["error"] = answer_error(code, params, language)
        rendered.append(item)
    return rendered
