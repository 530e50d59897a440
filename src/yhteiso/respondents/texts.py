"""Texts of the respondent pages in every respondent language (content, not gettext: the UI catalogues cover
only fi/sv/en, and respondents may answer in more languages): ``phrase(key, language, **params)``, the content
constructor :func:`T` and :func:`text_in`. One fallback rule for every text: the language asked for → Finnish →
the first non-empty text."""

from __future__ import annotations

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.core.localisation import localized_text

PHRASES: dict[str, dict[str, str]] = {
    # who is asking: the name in the header of every respondent page
    "city": {
        "fi": "Espoon kaupunki", "fi-x-selko": "Espoon kaupunki", "sv": "Esbo stad", "en": "City of Espoo",
        "ru": "Город Эспоо", "et": "Espoo linn", "ar": "مدينة إسبو", "so": "Magaalada Espoo",
    },
    "language": {
        "fi": "Kieli", "fi-x-selko": "Kieli", "sv": "Språk", "en": "Language", "ru": "Язык", "et": "Keel",
        "ar": "اللغة", "so": "Luqadda",
    },
    "change": {
        "fi": "Vaihda", "fi-x-selko": "Vaihda", "sv": "Byt", "en": "Change", "ru": "Сменить", "et": "Vaheta",
        "ar": "تغيير", "so": "Beddel",
    },
    "skip": {
        "fi": "Siirry sisältöön", "fi-x-selko": "Siirry sisältöön", "sv": "Till innehållet",
        "en": "Skip to content", "ru": "Перейти к содержанию", "et": "Mine sisu juurde", "ar": "انتقل إلى المحتوى",
        "so": "U gudub nuxurka",
    },
    "submit": {
        "fi": "Lähetä vastaukset", "fi-x-selko": "Lähetä vastaukset", "sv": "Skicka svaren", "en": "Send answers",
        "ru": "Отправить ответы", "et": "Saada vastused", "ar": "إرسال الإجابات", "so": "Dir jawaabaha",
    },
    "anonymous": {
        "fi": "Vastaat nimettömänä. Emme tallenna nimeäsi, IP-osoitettasi emmekä selaimesi tietoja. Kaikki "
              "kysymykset ovat vapaaehtoisia.",
        "fi-x-selko": "Et kerro nimeäsi. Emme tallenna tietoja tietokoneestasi tai puhelimestasi. Voit jättää "
                      "kysymyksiä väliin.",
        "sv": "Du svarar anonymt. Vi sparar inte ditt namn, din IP-adress eller uppgifter om din webbläsare. Alla "
              "frågor är frivilliga.",
        "en": "You answer anonymously. We do not store your name, your IP address or details of your browser. All "
              "questions are optional.",
        "ru": "Вы отвечаете анонимно. Мы не сохраняем ваше имя, IP-адрес или данные вашего браузера. Все вопросы "
              "необязательны.",
        "et": "Vastad anonüümselt. Me ei salvesta sinu nime, IP-aadressi ega brauseri andmeid. Kõik küsimused on "
              "vabatahtlikud.",
        "ar": "تجيب دون الكشف عن هويتك. لا نحفظ اسمك ولا عنوان IP الخاص بك ولا بيانات متصفحك. جميع الأسئلة "
              "اختيارية.",
        "so": "Waxaad ku jawaabaysaa si qarsoodi ah. Ma kaydinno magacaaga, ciwaanka IP-gaaga ama macluumaadka "
              "daalacahaaga. Dhammaan su'aaluhu waa ikhtiyaari.",
    },
    "original": {
        "fi": "Alkuperäinen sanamuoto (suomeksi)", "fi-x-selko": "Alkuperäinen teksti (suomeksi)",
        "sv": "Ursprunglig formulering (på finska)", "en": "Original wording (in Finnish)",
        "ru": "Исходная формулировка (на финском)", "et": "Algne sõnastus (soome keeles)",
        "ar": "الصياغة الأصلية (بالفنلندية)", "so": "Qoraalka asalka ah (af-Finnish)",
    },
    "unofficial": {
        "fi": "Epävirallinen käännös", "fi-x-selko": "Epävirallinen käännös", "sv": "Inofficiell översättning",
        "en": "Unofficial translation", "ru": "Неофициальный перевод", "et": "Mitteametlik tõlge",
        "ar": "ترجمة غير رسمية", "so": "Turjumaad aan rasmi ahayn",
    },
    "thanks_title": {
        "fi": "Kiitos vastauksistasi!", "fi-x-selko": "Kiitos vastauksista!", "sv": "Tack för dina svar!",
        "en": "Thank you for your answers!", "ru": "Спасибо за ваши ответы!", "et": "Aitäh vastuste eest!",
        "ar": "شكرًا على إجاباتك!", "so": "Waad ku mahadsan tahay jawaabahaaga!",
    },
    "thanks_body": {
        "fi": "Vastauksesi on tallennettu. Tuloksia käytetään Yhteisöllinen Espoo -ohjelman seurannassa.",
        "fi-x-selko": "Vastauksesi on tallessa. Espoo käyttää vastauksia, kun se kehittää asuinalueita.",
        "sv": "Dina svar har sparats. Resultaten används i uppföljningen av programmet Gemenskapens Esbo.",
        "en": "Your answers have been saved. The results are used to follow the Communal Espoo programme.",
        "ru": "Ваши ответы сохранены. Результаты используются для оценки программы «Общинный Эспоо».",
        "et": "Sinu vastused on salvestatud. Tulemusi kasutatakse programmi „Kogukondlik Espoo“ jälgimiseks.",
        "ar": "تم حفظ إجاباتك. تُستخدم النتائج لمتابعة برنامج «إسبو المجتمعية».",
        "so": "Jawaabahaaga waa la kaydiyay. Natiijooyinka waxaa loo isticmaalaa la socodka barnaamijka "
              "Espoo Bulsheed.",
    },
    "already": {
        "fi": "Nämä vastaukset oli jo tallennettu – niitä ei tallennettu toista kertaa.",
        "fi-x-selko": "Vastauksesi oli jo tallessa. Emme tallentaneet sitä kahteen kertaan.",
        "sv": "Dessa svar hade redan sparats – de sparades inte en gång till.",
        "en": "These answers had already been saved – they were not saved a second time.",
        "ru": "Эти ответы уже были сохранены – повторно они не сохранялись.",
        "et": "Need vastused olid juba salvestatud – neid ei salvestatud teist korda.",
        "ar": "كانت هذه الإجابات محفوظة بالفعل – لم تُحفظ مرة ثانية.",
        "so": "Jawaabahan horay ayaa loo kaydiyay – mar labaad lama kaydin.",
    },
    "closed": {
        "fi": "Tämä kysely ei ole nyt avoinna.", "fi-x-selko": "Tähän kyselyyn ei voi nyt vastata.",
        "sv": "Den här enkäten är inte öppen just nu.", "en": "This survey is not open at the moment.",
        "ru": "Этот опрос сейчас закрыт.", "et": "See küsitlus ei ole praegu avatud.",
        "ar": "هذا الاستبيان غير متاح حاليًا.", "so": "Sahankan hadda ma furna.",
    },
    "errors_title": {
        "fi": "Tarkista vastauksesi", "fi-x-selko": "Tarkista vastaukset", "sv": "Kontrollera dina svar",
        "en": "Please check your answers", "ru": "Проверьте ваши ответы", "et": "Palun kontrolli oma vastuseid",
        "ar": "يرجى مراجعة إجاباتك", "so": "Fadlan hubi jawaabahaaga",
    },
    "err_choice": {
        "fi": "Valitse jokin annetuista vaihtoehdoista.", "fi-x-selko": "Valitse yksi vaihtoehto.",
        "sv": "Välj ett av alternativen.", "en": "Choose one of the options given.",
        "ru": "Выберите один из предложенных вариантов.", "et": "Vali üks antud vastusevariantidest.",
        "ar": "اختر أحد الخيارات المعروضة.", "so": "Dooro mid ka mid ah doorashooyinka la bixiyay.",
    },
    "err_range": {
        "fi": "Anna kokonaisluku väliltä {min}–{max}.", "fi-x-selko": "Valitse numero {min}–{max}.",
        "sv": "Ange ett heltal mellan {min} och {max}.", "en": "Give a whole number from {min} to {max}.",
        "ru": "Укажите целое число от {min} до {max}.", "et": "Sisesta täisarv vahemikus {min}–{max}.",
        "ar": "أدخل عددًا صحيحًا من {min} إلى {max}.", "so": "Geli tiro dhan oo u dhaxaysa {min} iyo {max}.",
    },
    "err_area": {
        "fi": "Tuntematon alue: valitse alue luettelosta.", "fi-x-selko": "Valitse alue listasta.",
        "sv": "Okänt område: välj ett område i listan.", "en": "Unknown area: choose an area from the list.",
        "ru": "Неизвестный район: выберите район из списка.", "et": "Tundmatu piirkond: vali piirkond loendist.",
        "ar": "منطقة غير معروفة: اختر منطقة من القائمة.", "so": "Xaafad aan la aqoon: ka dooro liiska.",
    },
    "err_unknown": {
        "fi": "Kyselyssä ei ole tätä kysymystä.", "fi-x-selko": "Tätä kysymystä ei ole.",
        "sv": "Enkäten har ingen sådan fråga.", "en": "The survey has no such question.",
        "ru": "В опросе нет такого вопроса.", "et": "Küsitluses ei ole sellist küsimust.",
        "ar": "لا يوجد مثل هذا السؤال في الاستبيان.", "so": "Sahanka kuma jiro su'aashan.",
    },
    "err_too_long": {
        "fi": "Teksti on liian pitkä: enintään {max} merkkiä.", "fi-x-selko": "Teksti on liian pitkä. Enintään "
        "{max} merkkiä.", "sv": "Texten är för lång: högst {max} tecken.", "en": "The text is too long: at most "
        "{max} characters.", "ru": "Текст слишком длинный: не более {max} символов.",
        "et": "Tekst on liiga pikk: kuni {max} märki.", "ar": "النص طويل جدًا: {max} حرفًا كحد أقصى.",
        "so": "Qoraalku aad buu u dheer yahay: ugu badnaan {max} xaraf.",
    },
    "err_required": {
        "fi": "Tähän kysymykseen pitää vastata.", "fi-x-selko": "Vastaa tähän kysymykseen.",
        "sv": "Den här frågan måste besvaras.", "en": "This question must be answered.",
        "ru": "На этот вопрос нужно ответить.", "et": "Sellele küsimusele tuleb vastata.",
        "ar": "يجب الإجابة على هذا السؤال.", "so": "Su'aashan waa in laga jawaabaa.",
    },
    "err_empty": {
        "fi": "Vastaa ainakin yhteen kysymykseen.", "fi-x-selko": "Vastaa ainakin yhteen kysymykseen.",
        "sv": "Svara på minst en fråga.", "en": "Answer at least one question.",
        "ru": "Ответьте хотя бы на один вопрос.", "et": "Vasta vähemalt ühele küsimusele.",
        "ar": "أجب عن سؤال واحد على الأقل.", "so": "Ugu yaraan ka jawaab hal su'aal.",
    },
    "err_invitation": {
        "fi": "Kutsukoodi puuttuu, on virheellinen tai sitä on jo käytetty.",
        "fi-x-selko": "Koodi puuttuu, on väärä tai sitä on jo käytetty.",
        "sv": "Inbjudningskoden saknas, är felaktig eller har redan använts.",
        "en": "The invitation code is missing, wrong or already used.",
        "ru": "Код приглашения отсутствует, неверен или уже использован.",
        "et": "Kutsekood puudub, on vale või juba kasutatud.",
        "ar": "رمز الدعوة مفقود أو غير صحيح أو مستخدم من قبل.",
        "so": "Koodhka martiqaadka waa maqan yahay, waa khalad ama horay ayaa loo isticmaalay.",
    },
    "err_rate": {
        "fi": "Liian monta vastausta lyhyessä ajassa. Yritä hetken päästä uudelleen.",
        "fi-x-selko": "Liian monta vastausta. Odota hetki ja yritä uudelleen.",
        "sv": "För många svar på kort tid. Försök igen om en stund.",
        "en": "Too many answers in a short time. Please try again in a moment.",
        "ru": "Слишком много ответов за короткое время. Попробуйте чуть позже.",
        "et": "Liiga palju vastuseid lühikese aja jooksul. Proovi hetke pärast uuesti.",
        "ar": "عدد كبير جدًا من الإجابات في وقت قصير. حاول مرة أخرى بعد قليل.",
        "so": "Jawaabo aad u badan muddo gaaban gudaheed. Fadlan isku day mar kale wax yar kadib.",
    },
    "err_language": {
        "fi": "Kyselyä ei ole tällä kielellä.", "fi-x-selko": "Kyselyä ei ole tällä kielellä.",
        "sv": "Enkäten finns inte på det här språket.", "en": "The survey is not available in this language.",
        "ru": "Опрос недоступен на этом языке.", "et": "Küsitlus ei ole selles keeles saadaval.",
        "ar": "الاستبيان غير متوفر بهذه اللغة.", "so": "Sahanku laguma heli karo luqaddan.",
    },
    "invitation_code": {
        "fi": "Kutsukoodi", "fi-x-selko": "Koodi kirjeestä", "sv": "Inbjudningskod", "en": "Invitation code",
        "ru": "Код приглашения", "et": "Kutsekood", "ar": "رمز الدعوة", "so": "Koodhka martiqaadka",
    },
    "open_until": {
        "fi": "Avoinna {date} asti", "fi-x-selko": "Voit vastata {date} asti", "sv": "Öppen till {date}",
        "en": "Open until {date}", "ru": "Открыт до {date}", "et": "Avatud kuni {date}", "ar": "متاح حتى {date}",
        "so": "Furan ilaa {date}",
    },
    "answer": {
        "fi": "Vastaa kyselyyn", "fi-x-selko": "Vastaa kyselyyn", "sv": "Svara på enkäten",
        "en": "Answer the survey", "ru": "Ответить на опрос", "et": "Vasta küsitlusele", "ar": "أجب عن الاستبيان",
        "so": "Ka jawaab sahanka",
    },
    "no_answer": {
        "fi": "Ei vastausta", "fi-x-selko": "En vastaa", "sv": "Inget svar", "en": "No answer", "ru": "Без ответа",
        "et": "Ei vasta", "ar": "بدون إجابة", "so": "Jawaab la'aan",
    },
    "choose": {
        "fi": "Valitse", "fi-x-selko": "Valitse", "sv": "Välj", "en": "Choose", "ru": "Выберите", "et": "Vali",
        "ar": "اختر", "so": "Dooro",
    },
    "accessibility": {
        "fi": "Saavutettavuusseloste", "fi-x-selko": "Saavutettavuus", "sv": "Tillgänglighetsutlåtande",
        "en": "Accessibility statement", "ru": "Заявление о доступности", "et": "Ligipääsetavuse teatis",
        "ar": "بيان إمكانية الوصول", "so": "Bayaanka helitaanka",
    },
    "demo": {
        "fi": "Tämä on esittelykysely. Vastauksia ei käytetä päätöksentekoon.",
        "fi-x-selko": "Tämä on kokeilukysely. Vastauksia ei käytetä päätöksiin.",
        "sv": "Det här är en demonstrationsenkät. Svaren används inte i beslutsfattandet.",
        "en": "This is a demonstration survey. The answers are not used for decisions.",
        "ru": "Это демонстрационный опрос. Ответы не используются для принятия решений.",
        "et": "See on näidisküsitlus. Vastuseid otsuste tegemisel ei kasutata.",
        "ar": "هذا استبيان تجريبي. لا تُستخدم الإجابات في اتخاذ القرارات.",
        "so": "Kani waa sahan tijaabo ah. Jawaabaha looma isticmaalo go'aan qaadashada.",
    },
    "surveys_open": {
        "fi": "Avoimet kyselyt", "fi-x-selko": "Kyselyt, joihin voit vastata", "sv": "Öppna enkäter",
        "en": "Open surveys", "ru": "Открытые опросы", "et": "Avatud küsitlused", "ar": "الاستبيانات المفتوحة",
        "so": "Sahannada furan",
    },
}


def text_in(texts: dict, language: str | None = None) -> str:
    """``texts[language]``, else the Finnish text, else the first non-empty one, else "" (the one fallback rule of
    respondent content; plain-language Finnish falls back to Finnish like every other language).

    >>> text_in({"fi": "Kyllä", "en": "Yes", "sv": "Ja"}, "so")
    'Kyllä'
    >>> text_in({"fi": "", "sv": "Ja"}, "ru")
    'Ja'
    """
    return localized_text(texts, language)


def T(fi, selko=None, sv="", en="", ru="", et="", ar="", so=""):  # noqa: N802 - short constructor for content
    """One text in every respondent language (selkosuomi falls back to the standard Finnish text)."""
    return {"fi": fi, "fi-x-selko": selko or fi, "sv": sv, "en": en, "ru": ru, "et": et, "ar": ar, "so": so}


def phrase(key: str, language: str, **params) -> str:
    """The phrase in the respondent language (then Finnish, then the first non-empty one)."""
    text = text_in(PHRASES[key], language)
    return text.format(**params) if params else text


def supported(language: str) -> bool:
    return language in RESPONDENT_LANGUAGES
