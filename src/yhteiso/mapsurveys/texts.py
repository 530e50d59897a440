"""Map-survey respondent texts in every respondent language (content, not gettext)."""

from __future__ import annotations

from yhteiso.respondents.texts import T
from yhteiso.respondents.texts_place import PLACE_TEXTS

CATEGORIES = {
    "important": T("Tärkeä paikka", sv="Viktig plats", en="Important place", ru="Важное место", et="Oluline koht",
                   ar="مكان مهم", so="Meel muhiim ah"),
    "safe": T("Turvallinen paikka", sv="Trygg plats", en="Safe place", ru="Безопасное место", et="Turvaline koht",
              ar="مكان آمن", so="Meel ammaan ah"),
    "unsafe": T("Turvaton paikka", sv="Otrygg plats", en="Unsafe place", ru="Небезопасное место",
                et="Ebaturvaline koht", ar="مكان غير آمن", so="Meel aan ammaan ahayn"),
    "idea": T("Kehittämisidea", "Idea, miten paikkaa voisi parantaa", sv="Utvecklingsidé", en="Development idea",
              ru="Идея по улучшению", et="Arendusidee", ar="فكرة للتطوير", so="Fikrad horumarin"),
}

TEXTS = {
    "category": T("Millainen paikka on kyseessä?", "Millainen paikka tämä on?", sv="Vilken slags plats är det?",
                  en="What kind of place is it?", ru="Что это за место?", et="Milline koht see on?",
                  ar="ما نوع هذا المكان؟", so="Waa meel noocee ah?"),
    "where": T("Missä paikka on?", sv="Var finns platsen?", en="Where is the place?", ru="Где находится это место?",
               et="Kus see koht asub?", ar="أين يقع المكان؟", so="Xaggee buu meeshu ku yaal?"),
    "where_help": T(
        "Merkitse paikka kartalle, valitse alue luettelosta tai kirjoita osoite. Yksi riittää.",
        "Valitse paikka kartalta. Voit myös valita alueen listasta tai kirjoittaa osoitteen.",
        sv="Markera platsen på kartan, välj ett område i listan eller skriv en adress. Ett sätt räcker.",
        en="Mark the place on the map, choose an area from the list or type an address. One is enough.",
        ru="Отметьте место на карте, выберите район из списка или введите адрес. Достаточно одного способа.",
        et="Märgi koht kaardile, vali piirkond loendist või kirjuta aadress. Ühest piisab.",
        ar="حدّد المكان على الخريطة، أو اختر منطقة من القائمة، أو اكتب عنوانًا. يكفي خيار واحد.",
        so="Ku calaamadee meesha khariidadda, ka dooro xaafad liiska ama qor ciwaan. Mid ayaa ku filan."),
    "map_label": PLACE_TEXTS["map_label"],
    "map_keys": PLACE_TEXTS["map_keys"],
    "no_point": PLACE_TEXTS["no_point"],
    "point_set": PLACE_TEXTS["point_set"],
    "clear_point": PLACE_TEXTS["clear_point"],
    "search": T("Etsi paikka kartalle nimellä", "Etsi paikka nimellä", sv="Sök en plats på kartan med namn",
                en="Find a place on the map by name", ru="Найти место на карте по названию",
                et="Otsi kohta kaardilt nime järgi", ar="ابحث عن مكان على الخريطة بالاسم",
                so="Ka raadi meel khariidadda magaceeda"),
    "search_help": T("Esimerkiksi kaupunginosan tai alueen nimi, kuten Suvela tai Leppävaara.",
                     "Esimerkiksi Suvela tai Leppävaara.",
                     sv="Till exempel namnet på en stadsdel eller ett område, som Suvela eller Alberga.",
                     en="For example the name of a neighbourhood or area, such as Suvela or Leppävaara.",
                     ru="Например, название района, такое как Сувела или Леппяваара.",
                     et="Näiteks linnaosa või piirkonna nimi, nagu Suvela või Leppävaara.",
                     ar="مثلًا اسم الحي أو المنطقة، مثل سوفيلا أو ليبافارا.",
                     so="Tusaale ahaan magaca xaafadda, sida Suvela ama Leppävaara."),
    "find": T("Etsi", sv="Sök", en="Search", ru="Найти", et="Otsi", ar="بحث", so="Raadi"),
    "found": T("Valitse paikka: kartan merkki siirtyy sen keskelle.", "Valitse paikka. Merkki siirtyy sinne.",
               sv="Välj en plats: markeringen flyttas till den.", en="Choose a place: the mark moves there.",
               ru="Выберите место: метка переместится туда.", et="Vali koht: märk liigub sinna.",
               ar="اختر مكانًا: تنتقل العلامة إليه.", so="Dooro meel: calaamaddu way u guuraysaa."),
    "not_found": T("Nimellä ei löytynyt paikkaa. Kokeile toista nimeä tai valitse alue luettelosta.",
                   "Paikkaa ei löytynyt. Kokeile toista nimeä.",
                   sv="Ingen plats hittades med namnet. Försök med ett annat namn eller välj ett område i listan.",
                   en="No place was found by that name. Try another name or choose an area from the list.",
                   ru="Место с таким названием не найдено. Попробуйте другое название или выберите район из списка.",
                   et="Selle nimega kohta ei leitud. Proovi teist nime või vali piirkond loendist.",
                   ar="لم يُعثر على مكان بهذا الاسم. جرّب اسمًا آخر أو اختر منطقة من القائمة.",
                   so="Meel magacaas leh lama helin. Isku day magac kale ama ka dooro xaafad liiska."),
    "area": PLACE_TEXTS["area"],
    "address": T("Osoite tai paikan nimi", sv="Adress eller platsens namn", en="Address or name of the place",
                 ru="Адрес или название места", et="Aadress või koha nimi", ar="العنوان أو اسم المكان",
                 so="Ciwaanka ama magaca meesha"),
    "comment": T("Kommentti (vapaaehtoinen)", "Kerro paikasta (voit jättää tyhjäksi)", sv="Kommentar (frivillig)",
                 en="Comment (optional)", ru="Комментарий (необязательно)", et="Kommentaar (vabatahtlik)",
                 ar="تعليق (اختياري)", so="Faallo (ikhtiyaari)"),
    "comment_help": T(
        "Kommentit julkaistaan vasta, kun ylläpitäjä on tarkistanut ne. Älä kirjoita nimiä tai yhteystietoja.",
        "Tarkistamme kommentit ennen kuin ne näkyvät muille. Älä kirjoita nimiä.",
        sv="Kommentarerna publiceras först när en moderator har granskat dem. Skriv inga namn eller kontaktuppgifter.",
        en="Comments are published only after a moderator has checked them. Do not write names or contact details.",
        ru="Комментарии публикуются только после проверки модератором. Не указывайте имена и контактные данные.",
        et="Kommentaarid avaldatakse alles pärast moderaatori kontrolli. Ära kirjuta nimesid ega kontaktandmeid.",
        ar="لا تُنشر التعليقات إلا بعد مراجعتها من قبل المشرف. لا تكتب أسماء أو بيانات اتصال.",
        so="Faallooyinka waxaa la daabacaa kaliya kadib marka maamuluhu hubiyo. Ha qorin magacyo ama xiriir."),
    "submit": T("Tallenna paikka", sv="Spara platsen", en="Save the place", ru="Сохранить место",
                et="Salvesta koht", ar="حفظ المكان", so="Kaydi meesha"),
    "saved": T("Paikka tallennettiin. Kiitos!", "Paikka on tallessa. Kiitos!", sv="Platsen sparades. Tack!",
               en="The place was saved. Thank you!", ru="Место сохранено. Спасибо!", et="Koht salvestati. Aitäh!",
               ar="تم حفظ المكان. شكرًا!", so="Meesha waa la kaydiyay. Mahadsanid!"),
    "another": T("Merkitse toinen paikka", sv="Markera en plats till", en="Mark another place",
                 ru="Отметить ещё одно место", et="Märgi veel üks koht", ar="حدّد مكانًا آخر", so="Calaamadee meel kale"),
    "err_category": T("Valitse, millainen paikka on kyseessä.", "Valitse paikan tyyppi.",
                      sv="Välj vilken slags plats det är.", en="Choose what kind of place it is.",
                      ru="Выберите тип места.", et="Vali, milline koht see on.", ar="اختر نوع المكان.",
                      so="Dooro nooca meesha."),
    "err_where": T("Merkitse paikka kartalle, valitse alue tai kirjoita osoite.",
                   "Valitse paikka kartalta tai listasta, tai kirjoita osoite.",
                   sv="Markera platsen på kartan, välj ett område eller skriv en adress.",
                   en="Mark the place on the map, choose an area or type an address.",
                   ru="Отметьте место на карте, выберите район или введите адрес.",
                   et="Märgi koht kaardile, vali piirkond või kirjuta aadress.",
                   ar="حدّد المكان على الخريطة أو اختر منطقة أو اكتب عنوانًا.",
                   so="Ku calaamadee meesha khariidadda, dooro xaafad ama qor ciwaan."),
    "err_outside": PLACE_TEXTS["err_outside"],
    "err_geometry": T("Piirretty alue tai reitti on virheellinen.", sv="Det ritade området eller rutten är felaktig.",
                      en="The drawn area or route is not valid.", ru="Нарисованная область или маршрут неверны.",
                      et="Joonistatud ala või marsruut ei sobi.", ar="المنطقة أو المسار المرسوم غير صالح.",
                      so="Aagga ama waddada la sawiray sax ma aha."),
    "err_outside_area": T("Paikka ei ole kyselyn alueilla. Valitse paikka kyselyn alueilta.",
                          "Paikka ei ole kyselyn alueella.",
                          sv="Platsen ligger utanför enkätens områden. Välj en plats inom dem.",
                          en="The place is outside the areas of this survey. Choose a place inside them.",
                          ru="Место находится за пределами районов этого опроса. Выберите место в этих районах.",
                          et="Koht asub väljaspool selle küsitluse piirkondi. Vali koht nende piires.",
                          ar="المكان خارج مناطق هذا الاستطلاع. اختر مكانًا داخلها.",
                          so="Meeshu waa ka baxsan aagagga sahankan. Dooro meel gudahooda ah."),
    "covers": T("Kysely koskee näitä alueita:", "Kysely koskee näitä alueita:",
                sv="Enkäten gäller dessa områden:", en="The survey covers these areas:",
                ru="Опрос охватывает эти районы:", et="Küsitlus hõlmab neid piirkondi:",
                ar="يشمل الاستطلاع هذه المناطق:", so="Sahankani wuxuu khuseeyaa aagaggan:"),
}

AGE_BANDS = {
    "under_20": T("Alle 20-vuotias", "Alle 20 vuotta", sv="Under 20 år", en="Under 20", ru="Младше 20 лет",
                  et="Alla 20-aastane", ar="أقل من 20 سنة", so="Ka yar 20 sano"),
    "20_29": T("20–29-vuotias", "20–29 vuotta", sv="20–29 år", en="20–29", ru="20–29 лет", et="20–29-aastane",
               ar="20–29 سنة", so="20–29 sano"),
    "30_64": T("30–64-vuotias", "30–64 vuotta", sv="30–64 år", en="30–64", ru="30–64 лет", et="30–64-aastane",
               ar="30–64 سنة", so="30–64 sano"),
    "65_plus": T("65-vuotias tai vanhempi", "65 vuotta tai yli", sv="65 år eller äldre", en="65 or over",
                 ru="65 лет и старше", et="65-aastane või vanem", ar="65 سنة أو أكثر", so="65 sano ama ka weyn"),
    "unsaid": T("En halua sanoa", sv="Vill inte säga", en="Prefer not to say", ru="Предпочитаю не говорить",
                et="Ei soovi öelda", ar="أفضّل عدم القول", so="Ma doonayo inaan sheego"),
}

TEXTS.update({
    "age_band": T("Ikäryhmäsi (vapaaehtoinen)", "Kuinka vanha olet? (voit jättää vastaamatta)",
                  sv="Din åldersgrupp (frivillig)", en="Your age group (optional)",
                  ru="Ваша возрастная группа (необязательно)", et="Sinu vanuserühm (vabatahtlik)",
                  ar="فئتك العمرية (اختياري)", so="Kooxdaada da'da (ikhtiyaari)"),
    "age_band_help": T(
        "Ikäryhmä tallennetaan tämän paikan kanssa, jotta voimme verrata, mitä paikkoja eri-ikäiset merkitsevät. "
        "Tuloksissa näytetään vain lukumääriä, ja pienet luvut piilotetaan.",
        "Ikäryhmä tallentuu tämän paikan kanssa. Tuloksissa näkyy vain määriä, ei yksittäisiä vastaajia.",
        sv="Åldersgruppen sparas med den här platsen så att vi kan jämföra vilka platser olika åldrar markerar. "
           "Resultaten visar bara antal, och små antal döljs.",
        en="The age group is saved with this place so that we can compare which places different ages mark. "
           "Results show only counts, and small counts are hidden.",
        ru="Возрастная группа сохраняется вместе с этим местом, чтобы сравнить, какие места отмечают люди разного "
           "возраста. В результатах показываются только количества, малые числа скрываются.",
        et="Vanuserühm salvestatakse selle kohaga, et saaksime võrrelda, milliseid kohti eri vanuses inimesed "
           "märgivad. Tulemustes näidatakse ainult arve ja väikesed arvud peidetakse.",
        ar="تُحفظ الفئة العمرية مع هذا المكان لنقارن الأماكن التي تحددها الأعمار المختلفة. تعرض النتائج الأعداد "
           "فقط، وتُخفى الأعداد الصغيرة.",
        so="Kooxda da'da waxaa lagu kaydiyaa meeshan si aan u barbar dhigno meelaha ay da'aha kala duwani "
           "calaamadeeyaan. Natiijooyinku waxay muujiyaan tirooyin kaliya, tirooyinka yaryarna waa la qariyaa."),
    "required": T("(pakollinen)", "(vastaa tähän)", sv="(obligatorisk)", en="(required)", ru="(обязательно)",
                  et="(kohustuslik)", ar="(إلزامي)", so="(waa qasab)"),
    # The anonymity note of a map survey, without the respondent pages' "all questions are optional": a map answer
    # needs a category and a place, and a survey's own questions may be required (``required_note*`` below).
    "anonymous": T(
        "Vastaat nimettömänä. Emme tallenna nimeäsi, IP-osoitettasi emmekä selaimesi tietoja.",
        "Et kerro nimeäsi. Emme tallenna tietoja tietokoneestasi tai puhelimestasi.",
        sv="Du svarar anonymt. Vi sparar inte ditt namn, din IP-adress eller uppgifter om din webbläsare.",
        en="You answer anonymously. We do not store your name, your IP address or details of your browser.",
        ru="Вы отвечаете анонимно. Мы не сохраняем ваше имя, IP-адрес или данные вашего браузера.",
        et="Vastad anonüümselt. Me ei salvesta sinu nime, IP-aadressi ega brauseri andmeid.",
        ar="تجيب دون الكشف عن هويتك. لا نحفظ اسمك ولا عنوان IP الخاص بك ولا بيانات متصفحك.",
        so="Waxaad ku jawaabaysaa si qarsoodi ah. Ma kaydinno magacaaga, ciwaanka IP-gaaga ama macluumaadka "
           "daalacahaaga."),
    # What must be given: always the kind of place and where it is (``services.clean_map_answer``); with
    # ``_questions`` also the survey's own required questions ({required}: the mark shown beside them and beside the
    # kind of place and where it is).
    "required_note": T(
        "Kerro ainakin, millainen paikka on ja missä se on. Muut kysymykset ovat vapaaehtoisia.",
        "Kerro, millainen paikka on ja missä se on. Voit jättää muut kysymykset väliin.",
        sv="Ange åtminstone vilken slags plats det är och var den finns. Övriga frågor är frivilliga.",
        en="Say at least what kind of place it is and where it is. The other questions are optional.",
        ru="Укажите как минимум, что это за место и где оно находится. Остальные вопросы "
           "необязательны.",
        et="Märgi vähemalt, milline koht see on ja kus see asub. Ülejäänud küsimused on vabatahtlikud.",
        ar="اذكر على الأقل نوع المكان وأين يقع. باقي الأسئلة اختيارية.",
        so="Ugu yaraan sheeg nooca meesha iyo halka ay ku taal. Su'aalaha kale waa ikhtiyaari."),
    "required_note_questions": T(
        "Kerro ainakin, millainen paikka on ja missä se on, ja vastaa kysymyksiin, joiden perässä on {required}. "
        "Muut kysymykset ovat vapaaehtoisia.",
        "Kerro, millainen paikka on ja missä se on. Vastaa myös kysymyksiin, joissa lukee {required}. Voit "
        "jättää muut kysymykset väliin.",
        sv="Ange åtminstone vilken slags plats det är och var den finns, och svara på frågorna märkta {required}. "
           "Övriga frågor är frivilliga.",
        en="Say at least what kind of place it is and where it is, and answer the questions marked {required}. "
           "The other questions are optional.",
        ru="Укажите как минимум, что это за место и где оно находится, и ответьте на вопросы с пометкой "
           "{required}. Остальные вопросы необязательны.",
        et="Märgi vähemalt, milline koht see on ja kus see asub, ning vasta küsimustele, mille juures on "
           "{required}. Ülejäänud küsimused on vabatahtlikud.",
        ar="اذكر على الأقل نوع المكان وأين يقع، وأجب عن الأسئلة المعلَّمة بـ {required}. باقي الأسئلة اختيارية.",
        so="Ugu yaraan sheeg nooca meesha iyo halka ay ku taal, kana jawaab su'aalaha lagu calaamadeeyay "
           "{required}. Su'aalaha kale waa ikhtiyaari."),
})
