"""Preparing survey questions for the respondent page in one respondent language."""

from __future__ import annotations

from yhteiso.respondents.pages import error_message
from yhteiso.respondents.texts import T
from yhteiso.respondents.texts import text_in as _text

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
REQUIRED = T("pakollinen", "pakko vastata", sv="obligatorisk", en="required", ru="обязательный", et="kohustuslik",
             ar="إلزامي", so="waa qasab")


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
    for number, q in enumerate(questions, start=1):
        text = _text(q["text"], language)
        original = q["text"].get("fi", "")
        official = language in q.get("official_languages", ["fi"])
        item = {
            "key": q["key"], "field": f"q_{q['key']}", "type": q["type"], "number": number,
            "text": text, "original": original if original != text else "",
            "unofficial": bool(q.get("instrument")) and not official,
            "required": q.get("required", False), "required_label": _text(REQUIRED, language),
            "value": "" if values.get(q["key"]) is None
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
        if q.get("show_if"):
            item["condition"] = condition_note(q, by_key, language)
        if q.get("section"):
            section = q["section"]
            item["section"] = {"name": _text(section.get("name", {}), language),
                               "instructions": _text(section.get("instructions", {}), language)}
        if q["key"] in errors:
            code, params = errors[q["key"]]
            item["error"] = error_message(code, params, language)
        rendered.append(item)
    return rendered
