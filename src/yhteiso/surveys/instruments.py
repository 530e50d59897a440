"""The survey instruments shipped with Yhteisö, as data. Each is stored as a locked, versioned
:class:`~yhteiso.surveys.models.Instrument` row with a content hash (see ``services.instrument_sync``); a change of
wording or scoring is a new version, never an edit.

Respondent-language texts are content (a dict per text: language code → text), not gettext. Languages:
``yhteiso.core.languages.RESPONDENT_LANGUAGES``.

THL's participation indicator (osallisuusindikaattori, Experiences of Social Inclusion Scale, ESIS)
-----------------------------------------------------------------------------------------------------
THL publishes the indicator as ten statements that must be used in their official, validated form (no editing or
adapting). The Finnish statements below are the ten statements as listed by THL in the blog post *Nämä 10 väittämää
kertovat, kuinka osallinen olet* (blogi.thl.fi) and described on THL's page *Osallisuusindikaattori mittaa
osallisuuden kokemusta* (thl.fi). THL also has official versions in about 20 languages, available from its
researchers; we could not retrieve their exact wording, so every non-Finnish text here is marked as an **unofficial
translation** (``official_languages`` = ``["fi"]``) and the Finnish original is always shown beside it. Replace the
translations with THL's official ones (as a new instrument version) before using the results for comparisons with
THL's own surveys. The plain-language Finnish version (``fi-x-selko``) shows the original statements unchanged,
because the statements may not be adapted.
"""

from __future__ import annotations

from yhteiso.respondents.texts import T

LANGS = ("fi", "fi-x-selko", "sv", "en", "ru", "et", "ar", "so")


PREFER_NOT = T(
    "En halua sanoa", "En halua kertoa", sv="Vill inte säga", en="Prefer not to say", ru="Предпочитаю не отвечать",
    et="Ei soovi öelda", ar="أفضّل عدم الإجابة", so="Ma doonayo inaan sheego",
)
DONT_KNOW = T(
    "En osaa sanoa", "En tiedä", sv="Kan inte säga", en="Don't know", ru="Затрудняюсь ответить", et="Ei oska öelda",
    ar="لا أعرف", so="Ma garanayo",
)
YES = T("Kyllä", sv="Ja", en="Yes", ru="Да", et="Jah", ar="نعم", so="Haa")
NO = T("Ei", sv="Nej", en="No", ru="Нет", et="Ei", ar="لا", so="Maya")

THL_SOURCE = {
    "publisher": "Terveyden ja hyvinvoinnin laitos (THL)",
    "title": "Osallisuusindikaattori (Experiences of Social Inclusion Scale, ESIS)",
    "url": "https://thl.fi/aiheet/hyvinvoinnin-ja-terveyden-edistamisen-johtaminen/osallisuuden-edistaminen/"
    "heikoimmassa-asemassa-olevien-osallisuus/osallisuusindikaattori-mittaa-osallisuuden-kokemusta",
    "wording_url": "https://blogi.thl.fi/nama-10-vaittamaa-kertovat-kuinka-osallinen-olet/",
    "reference": "Leemann, L., Martelin, T., Koskinen, S., Härkänen, T. & Isola, A.-M. (2022). Development and "
    "psychometric evaluation of the Experiences of Social Inclusion Scale. Journal of Human Development and "
    "Capabilities 23(3), 400–424. https://doi.org/10.1080/19452829.2021.1985440",
    "note": "The statements may not be edited or adapted. Texts in languages other than Finnish are unofficial "
    "translations made for this platform; THL's official language versions are available from THL.",
}

THL_STATEMENTS = [
    T("Tunnen, että päivittäiset tekemiseni ovat merkityksellisiä.",
      sv="Jag känner att det jag gör varje dag är meningsfullt.",
      en="I feel that what I do every day is meaningful.",
      ru="Я чувствую, что мои повседневные дела имеют смысл.",
      et="Tunnen, et mu igapäevased tegemised on tähenduslikud.",
      ar="أشعر أن ما أقوم به كل يوم له معنى.",
      so="Waxaan dareemaa in waxyaabaha aan maalin kasta qabto ay macno leeyihiin."),
    T("Saan myönteistä palautetta tekemisistäni.",
      sv="Jag får positiv respons på det jag gör.",
      en="I get positive feedback on what I do.",
      ru="Я получаю положительные отзывы о том, что я делаю.",
      et="Saan oma tegemiste kohta positiivset tagasisidet.",
      ar="أتلقى ردود فعل إيجابية على ما أقوم به.",
      so="Waxaan helaa jawaab celin wanaagsan oo ku saabsan waxa aan qabto."),
    T("Kuulun itselleni tärkeään ryhmään tai yhteisöön.",
      sv="Jag hör till en grupp eller gemenskap som är viktig för mig.",
      en="I belong to a group or community that is important to me.",
      ru="Я принадлежу к группе или сообществу, которое для меня важно.",
      et="Kuulun endale olulisse rühma või kogukonda.",
      ar="أنتمي إلى مجموعة أو جماعة مهمة بالنسبة لي.",
      so="Waxaan ka tirsanahay koox ama bulsho muhiim ii ah."),
    T("Olen tarpeellinen muille ihmisille.",
      sv="Jag behövs av andra människor.",
      en="I am needed by other people.",
      ru="Я нужен (нужна) другим людям.",
      et="Olen teistele inimestele vajalik.",
      ar="الآخرون بحاجة إليّ.",
      so="Dadka kale way ii baahan yihiin."),
    T("Pystyn vaikuttamaan oman elämäni kulkuun.",
      sv="Jag kan påverka hur mitt eget liv går.",
      en="I can influence the course of my own life.",
      ru="Я могу влиять на ход своей жизни.",
      et="Saan mõjutada oma elu kulgu.",
      ar="أستطيع التأثير في مسار حياتي.",
      so="Waxaan saameyn ku yeelan karaa sida noloshaydu u socoto."),
    T("Tunnen, että elämälläni on tarkoitus.",
      sv="Jag känner att mitt liv har ett syfte.",
      en="I feel that my life has a purpose.",
      ru="Я чувствую, что у моей жизни есть цель.",
      et="Tunnen, et mu elul on eesmärk.",
      ar="أشعر أن لحياتي هدفًا.",
      so="Waxaan dareemaa in noloshaydu ujeeddo leedahay."),
    T("Pystyn tavoittelemaan minulle tärkeitä asioita.",
      sv="Jag kan sträva efter saker som är viktiga för mig.",
      en="I can pursue things that are important to me.",
      ru="Я могу стремиться к тому, что для меня важно.",
      et="Saan püüelda endale oluliste asjade poole.",
      ar="أستطيع السعي إلى الأشياء المهمة بالنسبة لي.",
      so="Waxaan ku dadaali karaa waxyaabaha muhiimka ii ah."),
    T("Saan itse apua silloin, kun sitä todella tarvitsen.",
      sv="Jag får själv hjälp när jag verkligen behöver det.",
      en="I get help myself when I really need it.",
      ru="Я сам (сама) получаю помощь, когда она мне действительно нужна.",
      et="Saan ise abi siis, kui seda tõesti vajan.",
      ar="أحصل أنا نفسي على المساعدة عندما أحتاجها حقًا.",
      so="Anigu waxaan helaa caawimaad marka aan runtii u baahdo."),
    T("Koen, että minuun luotetaan.",
      sv="Jag upplever att man litar på mig.",
      en="I feel that I am trusted.",
      ru="Я чувствую, что мне доверяют.",
      et="Tunnen, et mind usaldatakse.",
      ar="أشعر أن الناس يثقون بي.",
      so="Waxaan dareemaa in lay aamino."),
    T("Pystyn vaikuttamaan joihinkin elinympäristöni asioihin.",
      sv="Jag kan påverka en del saker i min livsmiljö.",
      en="I can influence some things in my living environment.",
      ru="Я могу влиять на некоторые вещи в среде, где я живу.",
      et="Saan mõjutada mõningaid asju oma elukeskkonnas.",
      ar="أستطيع التأثير في بعض الأمور في البيئة التي أعيش فيها.",
      so="Waxaan saameyn ku yeelan karaa qaar ka mid ah arrimaha deegaanka aan ku noolahay."),
]

AGREE_SCALE = [
    (1, T("Täysin eri mieltä", sv="Helt av annan åsikt", en="Strongly disagree",
          ru="Полностью не согласен (не согласна)",
          et="Ei ole üldse nõus", ar="لا أوافق إطلاقًا", so="Gabi ahaanba kuma raacsani")),
    (2, T("Jokseenkin eri mieltä", sv="Delvis av annan åsikt", en="Somewhat disagree",
          ru="Скорее не согласен (не согласна)", et="Pigem ei ole nõus", ar="لا أوافق إلى حد ما",
          so="Xoogaa kuma raacsani")),
    (3, T("Ei samaa eikä eri mieltä", sv="Varken av samma eller annan åsikt", en="Neither agree nor disagree",
          ru="Ни да, ни нет", et="Ei ole nõus ega vastu", ar="لا أوافق ولا أعارض", so="Ma raacsani mana diidi")),
    (4, T("Jokseenkin samaa mieltä", sv="Delvis av samma åsikt", en="Somewhat agree", ru="Скорее согласен (согласна)",
          et="Pigem nõus", ar="أوافق إلى حد ما", so="Xoogaa waan ku raacsanahay")),
    (5, T("Täysin samaa mieltä", sv="Helt av samma åsikt", en="Strongly agree", ru="Полностью согласен (согласна)",
          et="Täiesti nõus", ar="أوافق تمامًا", so="Gabi ahaanba waan ku raacsanahay")),
]


def _options(pairs):
    return [{"value": value, "label": label} for value, label in pairs]


THL_PARTICIPATION = {
    "key": "thl_participation",
    "version": 1,
    "name": T("Osallisuuden kokemus (THL:n osallisuusindikaattori)", "Osallisuuden kokemus",
              sv="Upplevelse av delaktighet (THL:s delaktighetsindikator)",
              en="Experience of participation (THL's participation indicator)",
              ru="Ощущение сопричастности (индикатор THL)", et="Osaluskogemus (THL-i osalusindikaator)",
              ar="الشعور بالمشاركة (مؤشر THL)", so="Dareenka ka qaybgalka (tilmaamaha THL)"),
    "instructions": T(
        "Kuinka hyvin seuraavat väittämät kuvaavat sinua ja elämääsi tällä hetkellä?",
        "Lue väittämät. Valitse jokaisesta, miten samaa mieltä olet. Voit jättää väittämän väliin.",
        sv="Hur väl beskriver följande påståenden dig och ditt liv just nu?",
        en="How well do the following statements describe you and your life at the moment?",
        ru="Насколько следующие утверждения описывают вас и вашу жизнь в настоящее время?",
        et="Kui hästi kirjeldavad järgmised väited sind ja sinu elu praegu?",
        ar="إلى أي مدى تصف العبارات التالية حالك وحياتك في الوقت الحالي؟",
        so="Intee in le'eg ayay weedhahan soo socdaa ku sifeeyaan adiga iyo noloshaada hadda?",
    ),
    "source": THL_SOURCE,
    "official_languages": ["fi", "fi-x-selko"],
    "scoring": {
        "method": "thl_participation",
        "items": [f"thl_{i}" for i in range(1, 11)],
        "scale_min": 1,
        "scale_max": 5,
        "min_answered": 10,
        "description": "Score = 100 × (mean of the answered statements − 1) / 4, on 0–100 (higher = stronger "
        "experience of participation). Missing-answer rule of this version: a score is computed only for "
        "respondents who answered all 10 statements (min_answered = 10); others are left out of the mean.",
    },
    "questions": [
        {"key": f"thl_{i}", "type": "choice", "required": False, "text": text, "options": _options(AGREE_SCALE)}
        for i, text in enumerate(THL_STATEMENTS, start=1)
    ],
}

SAFETY = {
    "key": "safety",
    "version": 1,
    "name": T("Turvallisuuden kokemus", "Turvallisuus", sv="Upplevd trygghet", en="Experienced safety",
              ru="Ощущение безопасности", et="Turvatunne", ar="الشعور بالأمان", so="Dareenka badbaadada"),
    "source": {"publisher": "Yhteisö / Espoo", "note": "Questions written for the Communal Espoo programme."},
    "official_languages": list(LANGS),
    "questions": [
        {
            "key": "safety_area", "type": "choice", "required": False,
            "text": T("Kuinka turvalliseksi koet oman asuinalueesi?", "Onko oma asuinalueesi mielestäsi turvallinen?",
                      sv="Hur trygg upplever du att ditt eget bostadsområde är?",
                      en="How safe do you feel your own residential area is?",
                      ru="Насколько безопасным вы считаете свой район проживания?",
                      et="Kui turvaliseks pead oma elupiirkonda?",
                      ar="ما مدى شعورك بالأمان في الحي الذي تسكن فيه؟",
                      so="Intee in le'eg ayaad dareentaa in xaafadda aad ku nooshahay ay ammaan tahay?"),
            "options": _options([
                ("very_safe", T("Erittäin turvalliseksi", "Erittäin turvallinen", sv="Mycket trygg", en="Very safe",
                                ru="Очень безопасным", et="Väga turvaliseks", ar="آمن جدًا", so="Aad u ammaan ah")),
                ("fairly_safe", T("Melko turvalliseksi", "Melko turvallinen", sv="Ganska trygg", en="Fairly safe",
                                  ru="Довольно безопасным", et="Üsna turvaliseks", ar="آمن إلى حد ما",
                                  so="Xoogaa ammaan ah")),
                ("neither", T("Ei turvalliseksi eikä turvattomaksi", "Ei turvallinen eikä turvaton",
                              sv="Varken trygg eller otrygg", en="Neither safe nor unsafe",
                              ru="Ни безопасным, ни опасным", et="Ei turvaliseks ega ohtlikuks",
                              ar="لا آمن ولا غير آمن", so="Ma ammaan aha mana khatar aha")),
                ("fairly_unsafe", T("Melko turvattomaksi", "Melko turvaton", sv="Ganska otrygg", en="Fairly unsafe",
                                    ru="Довольно опасным", et="Üsna ohtlikuks", ar="غير آمن إلى حد ما",
                                    so="Xoogaa khatar ah")),
                ("very_unsafe", T("Erittäin turvattomaksi", "Erittäin turvaton", sv="Mycket otrygg", en="Very unsafe",
                                  ru="Очень опасным", et="Väga ohtlikuks", ar="غير آمن إطلاقًا",
                                  so="Aad u khatar ah")),
                ("dont_know", DONT_KNOW),
            ]),
        },
        {
            "key": "safety_centre", "type": "choice", "required": False,
            "text": T("Kuinka turvalliseksi koet asuinalueesi keskuksen iltaisin (esimerkiksi aseman ja "
                      "kauppakeskuksen ympäristön)?",
                      "Onko asuinalueesi keskus mielestäsi turvallinen illalla? Keskus on esimerkiksi asema "
                      "tai kauppakeskus.",
                      sv="Hur trygg upplever du att centrum i ditt bostadsområde är på kvällarna (till exempel "
                         "kring stationen och köpcentret)?",
                      en="How safe do you feel the centre of your residential area is in the evenings (for example "
                         "around the station and the shopping centre)?",
                      ru="Насколько безопасным вы считаете центр своего района по вечерам (например, возле станции "
                         "и торгового центра)?",
                      et="Kui turvaliseks pead oma elupiirkonna keskust õhtuti (näiteks jaama ja kaubanduskeskuse "
                         "ümbrust)?",
                      ar="ما مدى شعورك بالأمان في مركز منطقتك في المساء (مثلًا حول المحطة والمركز التجاري)؟",
                      so="Intee in le'eg ayaad dareentaa in bartamaha xaafaddaadu uu ammaan yahay fiidkii "
                         "(tusaale ahaan agagaarka saldhigga iyo suuqa weyn)?"),
            "options": _options([
                ("safe", T("Turvalliseksi", "Turvallinen", sv="Trygg", en="Safe", ru="Безопасным",
                           et="Turvaliseks", ar="آمن", so="Ammaan")),
                ("fairly_safe", T("Melko turvalliseksi", "Melko turvallinen", sv="Ganska trygg", en="Fairly safe",
                                  ru="Довольно безопасным", et="Üsna turvaliseks", ar="آمن إلى حد ما",
                                  so="Xoogaa ammaan ah")),
                ("fairly_unsafe", T("Melko turvattomaksi", "Melko turvaton", sv="Ganska otrygg", en="Fairly unsafe",
                                    ru="Довольно опасным", et="Üsna ohtlikuks", ar="غير آمن إلى حد ما",
                                    so="Xoogaa khatar ah")),
                ("unsafe", T("Turvattomaksi", "Turvaton", sv="Otrygg", en="Unsafe", ru="Опасным", et="Ohtlikuks",
                             ar="غير آمن", so="Khatar")),
                ("not_there", T("En liiku siellä iltaisin", "En käy siellä illalla",
                                sv="Jag rör mig inte där på kvällarna", en="I don't go there in the evenings",
                                ru="Я не бываю там по вечерам", et="Ma ei käi seal õhtuti",
                                ar="لا أذهب إلى هناك في المساء", so="Fiidkii halkaas ma tago")),
                ("dont_know", DONT_KNOW),
            ]),
        },
    ],
}

RACISM = {
    "key": "racism",
    "version": 1,
    "name": T("Rasismi omalla asuinalueella", "Rasismi omalla alueella", sv="Rasism i det egna bostadsområdet",
              en="Racism in one's own area", ru="Расизм в своём районе", et="Rassism oma elupiirkonnas",
              ar="العنصرية في منطقتك", so="Midab-takoorka xaafaddaada"),
    "source": {"publisher": "Yhteisö / Espoo", "note": "Questions written for the Communal Espoo programme."},
    "official_languages": list(LANGS),
    "questions": [
        {
            "key": "racism_met", "type": "choice", "required": False,
            "text": T("Oletko viimeisen 12 kuukauden aikana kohdannut rasismia omalla asuinalueellasi?",
                      "Oletko nähnyt tai kokenut rasismia omalla alueellasi viimeisen vuoden aikana?",
                      sv="Har du under de senaste 12 månaderna mött rasism i ditt eget bostadsområde?",
                      en="In the past 12 months, have you encountered racism in your own residential area?",
                      ru="Сталкивались ли вы с расизмом в своём районе за последние 12 месяцев?",
                      et="Kas oled viimase 12 kuu jooksul oma elupiirkonnas kohanud rassismi?",
                      ar="هل واجهت العنصرية في منطقتك السكنية خلال الاثني عشر شهرًا الماضية؟",
                      so="12-kii bilood ee la soo dhaafay, ma la kulantay midab-takoor xaafadda aad ku nooshahay?"),
            "options": _options([
                ("no", NO),
                ("once", T("Kyllä, kerran", sv="Ja, en gång", en="Yes, once", ru="Да, один раз", et="Jah, ühe korra",
                           ar="نعم، مرة واحدة", so="Haa, hal mar")),
                ("several", T("Kyllä, useita kertoja", "Kyllä, monta kertaa", sv="Ja, flera gånger",
                              en="Yes, several times", ru="Да, несколько раз", et="Jah, mitu korda",
                              ar="نعم، عدة مرات", so="Haa, dhowr jeer")),
                ("dont_know", DONT_KNOW),
            ]),
        },
        {
            "key": "racism_target", "type": "choice", "required": False,
            "text": T("Jos kohtasit rasismia, kohdistuiko se sinuun itseesi?",
                      "Jos näit tai koit rasismia, kohdistuiko se sinuun?",
                      sv="Om du mötte rasism, var den riktad mot dig själv?",
                      en="If you encountered racism, was it aimed at you?",
                      ru="Если вы столкнулись с расизмом, был ли он направлен против вас лично?",
                      et="Kui kohtasid rassismi, kas see oli suunatud sinu vastu?",
                      ar="إذا واجهت العنصرية، هل كانت موجهة إليك شخصيًا؟",
                      so="Haddii aad la kulantay midab-takoor, ma adiga ayuu kugu wajahnaa?"),
            "options": _options([
                ("self", T("Kyllä, minuun", sv="Ja, mot mig", en="Yes, at me", ru="Да, против меня",
                           et="Jah, minu vastu", ar="نعم، كانت موجهة إليّ", so="Haa, aniga")),
                ("other", T("Ei, toiseen ihmiseen", "Ei, toiseen ihmiseen", sv="Nej, mot någon annan",
                            en="No, at someone else", ru="Нет, против другого человека", et="Ei, kellegi teise vastu",
                            ar="لا، كانت موجهة إلى شخص آخر", so="Maya, qof kale")),
                ("both", T("Sekä minuun että muihin", "Minuun ja muihin", sv="Både mot mig och mot andra",
                           en="Both at me and at others", ru="И против меня, и против других",
                           et="Nii minu kui ka teiste vastu", ar="إليّ وإلى آخرين", so="Aniga iyo dad kaleba")),
                ("prefer_not", PREFER_NOT),
            ]),
        },
    ],
}

RECOMMEND = {
    "key": "recommend_espoo",
    "version": 1,
    "name": T("Espoon suositteleminen asuinpaikkana (NPS)", "Suosittelisitko Espoota?",
              sv="Att rekommendera Esbo som boplats (NPS)", en="Recommending Espoo as a place to live (NPS)",
              ru="Рекомендация Эспоо как места для жизни (NPS)", et="Espoo soovitamine elukohana (NPS)",
              ar="التوصية بإسبو كمكان للعيش (NPS)", so="Ku talinta Espoo meel lagu noolaado (NPS)"),
    "source": {"publisher": "Yhteisö / Espoo", "note": "Recommendation index (Net Promoter Score, Reichheld 2003): "
               "% answering 9–10 minus % answering 0–6."},
    "official_languages": list(LANGS),
    "scoring": {"method": "nps", "item": "nps"},
    "questions": [
        {
            "key": "nps", "type": "scale", "required": False, "min": 0, "max": 10,
            "text": T("Kuinka todennäköisesti suosittelisit Espoota asuinpaikkana ystävällesi tai tuttavallesi?",
                      "Suosittelisitko Espoota asuinpaikaksi ystävällesi? Valitse numero 0–10.",
                      sv="Hur sannolikt är det att du skulle rekommendera Esbo som boplats till en vän eller bekant?",
                      en="How likely is it that you would recommend Espoo as a place to live to a friend or "
                         "acquaintance?",
                      ru="Насколько вероятно, что вы порекомендуете Эспоо как место для жизни другу или знакомому?",
                      et="Kui tõenäoliselt soovitaksid Espood elukohana oma sõbrale või tuttavale?",
                      ar="ما مدى احتمال أن توصي صديقًا أو أحد معارفك بإسبو كمكان للعيش؟",
                      so="Intee in le'eg ayaad u badan tahay inaad saaxiibkaa ama qof aad taqaan kula taliso "
                         "inuu Espoo ku noolaado?"),
            "min_label": T("0 = en lainkaan todennäköisesti", "0 = en suosittelisi", sv="0 = inte alls sannolikt",
                           en="0 = not at all likely", ru="0 = совсем маловероятно", et="0 = üldse mitte tõenäoliselt",
                           ar="0 = غير محتمل إطلاقًا", so="0 = gabi ahaanba uma badna"),
            "max_label": T("10 = erittäin todennäköisesti", "10 = suosittelisin varmasti",
                           sv="10 = mycket sannolikt", en="10 = extremely likely", ru="10 = очень вероятно",
                           et="10 = väga tõenäoliselt", ar="10 = محتمل جدًا", so="10 = aad ayay u badan tahay"),
        },
    ],
}

BACKGROUND = {
    "key": "background",
    "version": 1,
    "name": T("Taustatiedot (vapaaehtoisia)", "Tietoja sinusta (voit jättää vastaamatta)",
              sv="Bakgrundsuppgifter (frivilliga)", en="Background (optional)",
              ru="Сведения о вас (необязательно)", et="Taustaandmed (vabatahtlikud)", ar="معلومات عنك (اختيارية)",
              so="Macluumaad asaasi ah (ikhtiyaari)"),
    "instructions": T(
        "Kaikki taustakysymykset ovat vapaaehtoisia. Vastaukset käsitellään nimettöminä, eikä pieniä ryhmiä "
        "näytetä tuloksissa.",
        "Näihin kysymyksiin ei tarvitse vastata. Emme kysy nimeäsi. Emme näytä tuloksia, jos ryhmässä on vain "
        "vähän ihmisiä.",
        sv="Alla bakgrundsfrågor är frivilliga. Svaren behandlas anonymt och små grupper visas inte i resultaten.",
        en="All background questions are optional. Answers are anonymous, and small groups are not shown in the "
           "results.",
        ru="Все вопросы о вас необязательны. Ответы анонимны, маленькие группы в результатах не показываются.",
        et="Kõik taustaküsimused on vabatahtlikud. Vastused on anonüümsed ja väikeseid rühmi tulemustes ei näidata.",
        ar="جميع الأسئلة عنك اختيارية. الإجابات مجهولة الهوية، ولا تُعرض المجموعات الصغيرة في النتائج.",
        so="Dhammaan su'aalaha asaasiga ahi waa ikhtiyaari. Jawaabuhu waa qarsoodi, kooxaha yaryarna "
           "natiijooyinka laguma muujiyo.",
    ),
    "source": {"publisher": "Yhteisö / Espoo", "note": "Background questions for the programme's target groups."},
    "official_languages": list(LANGS),
    "questions": [
        {
            "key": "bg_age", "type": "choice", "required": False, "breakdown": True,
            "text": T("Ikäryhmäsi", "Kuinka vanha olet?", sv="Din åldersgrupp", en="Your age group",
                      ru="Ваша возрастная группа", et="Sinu vanuserühm", ar="فئتك العمرية", so="Kooxda da'daada"),
            "options": _options([
                ("under_20", T("alle 20 vuotta", sv="under 20 år", en="under 20", ru="до 20 лет", et="alla 20 aasta",
                               ar="أقل من 20 سنة", so="ka yar 20 sano")),
                ("20_29", T("20–29 vuotta", sv="20–29 år", en="20–29", ru="20–29 лет", et="20–29 aastat",
                            ar="20–29 سنة", so="20–29 sano")),
                ("30_49", T("30–49 vuotta", sv="30–49 år", en="30–49", ru="30–49 лет", et="30–49 aastat",
                            ar="30–49 سنة", so="30–49 sano")),
                ("50_69", T("50–69 vuotta", sv="50–69 år", en="50–69", ru="50–69 лет", et="50–69 aastat",
                            ar="50–69 سنة", so="50–69 sano")),
                ("70_plus", T("70 vuotta tai yli", sv="70 år eller äldre", en="70 or over", ru="70 лет и старше",
                              et="70 aastat või vanem", ar="70 سنة أو أكثر", so="70 sano ama ka badan")),
                ("prefer_not", PREFER_NOT),
            ]),
        },
        {
            "key": "bg_area", "type": "area", "required": False, "breakdown": True, "area_level": "suuralue",
            "text": T("Millä alueella asut?", "Missä asut?", sv="I vilket område bor du?",
                      en="Which area do you live in?", ru="В каком районе вы живёте?",
                      et="Millises piirkonnas sa elad?", ar="في أي منطقة تسكن؟", so="Xaafaddee ayaad ku nooshahay?"),
            "extra_options": _options([
                ("outside", T("En asu Espoossa", sv="Jag bor inte i Esbo", en="I don't live in Espoo",
                              ru="Я не живу в Эспоо", et="Ma ei ela Espoos", ar="لا أسكن في إسبو",
                              so="Kuma noolaado Espoo")),
                ("prefer_not", PREFER_NOT),
            ]),
        },
        {
            "key": "bg_language", "type": "choice", "required": False, "breakdown": True,
            "text": T("Mikä on äidinkielesi?", "Mikä on äidinkielesi eli ensimmäinen kielesi?",
                      sv="Vilket är ditt modersmål?", en="What is your first language?",
                      ru="Какой ваш родной язык?", et="Mis on sinu emakeel?", ar="ما هي لغتك الأم؟",
                      so="Waa maxay luqaddaada hooyo?"),
            "options": _options([
                ("fi", T("suomi", sv="finska", en="Finnish", ru="финский", et="soome keel", ar="الفنلندية",
                         so="Finnish")),
                ("sv", T("ruotsi", sv="svenska", en="Swedish", ru="шведский", et="rootsi keel", ar="السويدية",
                         so="Iswiidhish")),
                ("other", T("jokin muu kieli", "muu kieli", sv="något annat språk", en="another language",
                            ru="другой язык", et="mõni muu keel", ar="لغة أخرى", so="luqad kale")),
                ("prefer_not", PREFER_NOT),
            ]),
        },
        {
            "key": "bg_minority", "type": "choice", "required": False, "breakdown": True,
            "text": T("Koetko kuuluvasi johonkin vähemmistöön (esimerkiksi kielellinen, kulttuurinen, uskonnollinen "
                      "tai seksuaali- tai sukupuolivähemmistö)?",
                      "Kuulutko mielestäsi johonkin vähemmistöön? Vähemmistö voi olla esimerkiksi kieli, "
                      "kulttuuri, uskonto tai seksuaalisuus.",
                      sv="Upplever du att du hör till en minoritet (till exempel en språklig, kulturell, religiös "
                         "eller sexuell minoritet eller könsminoritet)?",
                      en="Do you feel you belong to a minority (for example a linguistic, cultural, religious, "
                         "sexual or gender minority)?",
                      ru="Считаете ли вы, что принадлежите к какому-либо меньшинству (например, языковому, "
                         "культурному, религиозному, сексуальному или гендерному)?",
                      et="Kas tunned, et kuulud mõnda vähemusse (näiteks keelelisse, kultuurilisse, usulisse, "
                         "seksuaal- või soovähemusse)?",
                      ar="هل تشعر بأنك تنتمي إلى أقلية (مثل أقلية لغوية أو ثقافية أو دينية أو جنسية أو جندرية)؟",
                      so="Ma dareentaa inaad ka tirsan tahay koox laga tiro badan yahay (tusaale ahaan luqad, "
                         "dhaqan, diin, galmo ama jinsi)?"),
            "options": _options([("yes", YES), ("no", NO), ("prefer_not", PREFER_NOT)]),
        },
        {
            "key": "bg_disability", "type": "choice", "required": False, "breakdown": True,
            "text": T("Onko sinulla vamma tai pitkäaikainen sairaus, joka rajoittaa arkeasi?",
                      "Onko sinulla vamma tai pitkä sairaus, joka vaikeuttaa arkeasi?",
                      sv="Har du en funktionsnedsättning eller en långvarig sjukdom som begränsar din vardag?",
                      en="Do you have a disability or a long-term illness that limits your daily life?",
                      ru="Есть ли у вас инвалидность или хроническое заболевание, которое ограничивает вашу "
                         "повседневную жизнь?",
                      et="Kas sul on puue või pikaajaline haigus, mis piirab sinu igapäevaelu?",
                      ar="هل لديك إعاقة أو مرض مزمن يحدّ من حياتك اليومية؟",
                      so="Ma leedahay naafonimo ama xanuun muddo dheer ah oo xaddida noloshaada maalinlaha ah?"),
            "options": _options([("yes", YES), ("no", NO), ("prefer_not", PREFER_NOT)]),
        },
    ],
}

ALL = [THL_PARTICIPATION, SAFETY, RACISM, RECOMMEND, BACKGROUND]
"""Every shipped instrument definition (key, version, texts, scoring)."""
