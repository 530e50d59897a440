"""Texts of the optional background profile (age group, home area, language group) and of the public "who took
part" summary, in every respondent language (content, like :mod:`yhteiso.respondents.texts`)."""

from __future__ import annotations

from yhteiso.respondents.texts import T, text_in

PHRASES: dict[str, dict[str, str]] = {
    "prof_title": T(
        "Kerro vähän itsestäsi (vapaaehtoinen)", "Kerro vähän itsestäsi (jos haluat)",
        sv="Berätta lite om dig själv (frivilligt)", en="Tell us a little about yourself (optional)",
        ru="Расскажите немного о себе (по желанию)", et="Räägi natuke endast (vabatahtlik)",
        ar="أخبرنا قليلًا عن نفسك (اختياري)", so="Wax yar naga sheeg naftaada (ikhtiyaari)"),
    "prof_body": T(
        "Kolmen kysymyksen avulla näemme, tavoitimmeko kaikki asukasryhmät. Vastaukset tallennetaan erillään "
        "äänestäsi tai vastauksistasi, eikä niitä voi yhdistää niihin eikä sinuun. Vastaa vain siihen, mihin "
        "haluat.",
        "Kysymme kolme asiaa. Näin näemme, osallistuivatko kaikki ryhmät. Vastauksia ei voi yhdistää ääneesi, "
        "vastauksiisi tai sinuun. Voit jättää kysymyksiä väliin.",
        sv="Med tre frågor ser vi om vi nådde alla grupper av invånare. Svaren sparas skilt från din röst eller "
           "dina svar och kan inte kopplas till dem eller till dig. Svara bara på det du vill.",
        en="Three questions help us see whether we reached every group of residents. The answers are stored apart "
           "from your vote or answers and cannot be connected to them or to you. Answer only what you want to.",
        ru="Три вопроса помогут нам понять, удалось ли охватить все группы жителей. Ответы хранятся отдельно от "
           "вашего голоса или ответов и не могут быть связаны ни с ними, ни с вами. Отвечайте только на то, на "
           "что хотите.",
        et="Kolm küsimust aitavad meil näha, kas jõudsime kõigi elanike rühmadeni. Vastuseid hoitakse sinu "
           "häälest või vastustest eraldi ja neid ei saa nende ega sinuga siduda. Vasta ainult sellele, millele "
           "soovid.",
        ar="تساعدنا ثلاثة أسئلة على معرفة ما إذا كنا قد وصلنا إلى كل فئات السكان. تُحفظ الإجابات بعيدًا عن صوتك أو "
           "إجاباتك ولا يمكن ربطها بها ولا بك. أجب فقط عمّا تريد.",
        so="Saddex su'aalood ayaa naga caawinaya inaan ogaanno inaan gaarnay kooxaha dadka deegaanka oo dhan. "
           "Jawaabaha waxaa loo kaydiyaa si ka duwan codkaaga ama jawaabahaaga lamana xiriirin karo iyaga ama adiga. "
           "Ka jawaab oo keliya waxaad rabto."),
    "prof_age": T("Ikäryhmä", "Ikä", sv="Åldersgrupp", en="Age group", ru="Возрастная группа", et="Vanuserühm",
                  ar="الفئة العمرية", so="Kooxda da'da"),
    "prof_area": T("Asuinalue", "Missä asut", sv="Bostadsområde", en="Home area", ru="Район проживания",
                   et="Elukoha piirkond", ar="منطقة السكن", so="Aagga aad ku nooshahay"),
    "prof_language": T("Äidinkieli tai kotikieli", "Mitä kieltä puhut kotona", sv="Modersmål eller hemspråk",
                       en="Mother tongue or home language", ru="Родной или домашний язык",
                       et="Emakeel või kodune keel", ar="اللغة الأم أو لغة البيت",
                       so="Luqadda hooyo ama luqadda guriga"),
    "prof_unsaid": T("En halua sanoa", sv="Vill inte säga", en="Prefer not to say", ru="Предпочитаю не говорить",
                     et="Ei soovi öelda", ar="أفضّل عدم القول", so="Ma doonayo inaan sheego"),
    "prof_submit": T("Lähetä taustatiedot", "Lähetä", sv="Skicka bakgrundsuppgifterna",
                     en="Send the background details", ru="Отправить", et="Saada taustaandmed",
                     ar="إرسال المعلومات", so="Dir macluumaadka"),
    "prof_thanks": T("Kiitos! Taustatietosi tallennettiin erillään muusta.", "Kiitos! Tallensimme vastauksesi.",
                     sv="Tack! Dina bakgrundsuppgifter sparades skilt från allt annat.",
                     en="Thank you! Your background details were stored apart from everything else.",
                     ru="Спасибо! Ваши данные сохранены отдельно от всего остального.",
                     et="Aitäh! Sinu taustaandmed salvestati kõigest muust eraldi.",
                     ar="شكرًا! حُفظت معلوماتك بعيدًا عن كل شيء آخر.",
                     so="Mahadsanid! Macluumaadkaaga waxaa loo kaydiyay si gooni ah."),
    "prof_nothing": T("Et vastannut yhteenkään kysymykseen, joten mitään ei tallennettu.",
                      "Et vastannut. Emme tallentaneet mitään.",
                      sv="Du svarade inte på någon fråga, så ingenting sparades.",
                      en="You answered none of the questions, so nothing was stored.",
                      ru="Вы не ответили ни на один вопрос, поэтому ничего не сохранено.",
                      et="Sa ei vastanud ühelegi küsimusele, seega midagi ei salvestatud.",
                      ar="لم تُجب عن أي سؤال، لذلك لم يُحفظ شيء.",
                      so="Kama aadan jawaabin su'aal kasta, sidaas darteed waxba lama kaydin."),
    "prof_invalid": T("Lomake on jo käytetty tai se on vanhentunut.", "Lomaketta ei voi enää käyttää.",
                      sv="Formuläret har redan använts eller har gått ut.",
                      en="The form has already been used or has expired.",
                      ru="Форма уже использована или устарела.", et="Vormi on juba kasutatud või see on aegunud.",
                      ar="تم استخدام النموذج من قبل أو انتهت صلاحيته.",
                      so="Foomka hore ayaa loo isticmaalay ama wuu dhacay."),
    "prof_err_choice": T("Valitse jokin vaihtoehdoista: {field}.", sv="Välj ett av alternativen: {field}.",
                         en="Choose one of the options: {field}.", ru="Выберите один из вариантов: {field}.",
                         et="Vali üks variantidest: {field}.", ar="اختر أحد الخيارات: {field}.",
                         so="Dooro mid ka mid ah doorashooyinka: {field}."),
    # age groups (the knowledge base's age bands: knowledge.groups.AGE_BANDS)
    "age_children": T("alle 15-vuotias", sv="under 15 år", en="under 15", ru="до 15 лет", et="alla 15-aastane",
                      ar="أقل من 15 سنة", so="ka yar 15 sano"),
    "age_young_people": T("15–19-vuotias", sv="15–19 år", en="15–19", ru="15–19 лет", et="15–19-aastane",
                          ar="15–19 سنة", so="15–19 sano"),
    "age_young_adults": T("20–29-vuotias", sv="20–29 år", en="20–29", ru="20–29 лет", et="20–29-aastane",
                          ar="20–29 سنة", so="20–29 sano"),
    "age_working_age": T("30–64-vuotias", sv="30–64 år", en="30–64", ru="30–64 лет", et="30–64-aastane",
                         ar="30–64 سنة", so="30–64 sano"),
    "age_older_people": T("65-vuotias tai vanhempi", "65 vuotta tai yli", sv="65 år eller äldre", en="65 or older",
                          ru="65 лет и старше", et="65-aastane või vanem", ar="65 سنة أو أكثر",
                          so="65 sano ama ka weyn"),
    # language groups (the knowledge base's language groups: knowledge.groups)
    "lang_finnish_speakers": T("suomi", sv="finska", en="Finnish", ru="финский", et="soome", ar="الفنلندية",
                               so="Af-Finnish"),
    "lang_swedish_speakers": T("ruotsi", sv="svenska", en="Swedish", ru="шведский", et="rootsi", ar="السويدية",
                               so="Af-Iswiidish"),
    "lang_sami_speakers": T("saame", sv="samiska", en="Sámi", ru="саамский", et="saami", ar="السامية",
                            so="Af-Saami"),
    "lang_russian_speakers": T("venäjä", sv="ryska", en="Russian", ru="русский", et="vene", ar="الروسية",
                               so="Af-Ruush"),
    "lang_estonian_speakers": T("viro", sv="estniska", en="Estonian", ru="эстонский", et="eesti", ar="الإستونية",
                                so="Af-Estooniyaan"),
    "lang_arabic_speakers": T("arabia", sv="arabiska", en="Arabic", ru="арабский", et="araabia", ar="العربية",
                              so="Af-Carabi"),
    "lang_somali_speakers": T("somali", sv="somaliska", en="Somali", ru="сомалийский", et="somaali",
                              ar="الصومالية", so="Af-Soomaali"),
    "lang_english_speakers": T("englanti", sv="engelska", en="English", ru="английский", et="inglise",
                               ar="الإنجليزية", so="Af-Ingiriis"),
    "lang_other_foreign_language": T("jokin muu kieli", "muu kieli", sv="något annat språk", en="another language",
                                     ru="другой язык", et="mõni muu keel", ar="لغة أخرى", so="luqad kale"),
    "area_outside": T("asun muualla kuin Espoossa", "en asu Espoossa", sv="jag bor utanför Esbo",
                      en="I live outside Espoo", ru="я живу не в Эспоо", et="elan väljaspool Espoot",
                      ar="أسكن خارج إسبو", so="waxaan ku noolahay meel ka baxsan Espoo"),
    # the public summary on a results page
    "who_title": T("Keitä osallistui", "Ketkä osallistuivat", sv="Vilka deltog", en="Who took part",
                   ru="Кто участвовал", et="Kes osales", ar="من شارك", so="Yaa ka qayb qaatay"),
    "who_intro": T(
        "{n} osallistujaa kertoi taustatietonsa. Vertaamme heitä alueen väestöön. Pienet ryhmät on piilotettu.",
        "{n} ihmistä kertoi taustansa. Vertaamme heitä alueen asukkaisiin. Emme näytä pieniä ryhmiä.",
        sv="{n} deltagare berättade om sin bakgrund. Vi jämför dem med områdets befolkning. Små grupper är dolda.",
        en="{n} participants told us their background. We compare them with the area's population. Small groups "
           "are hidden.",
        ru="{n} участников рассказали о себе. Мы сравниваем их с населением района. Малые группы скрыты.",
        et="{n} osalejat rääkis oma taustast. Võrdleme neid piirkonna elanikega. Väikesed rühmad on peidetud.",
        ar="أخبرنا {n} مشاركًا عن خلفيتهم. نقارنهم بسكان المنطقة. الفئات الصغيرة مخفية.",
        so="{n} ka qayb qaatayaal ayaa noo sheegay asalkooda. Waxaan barbar dhignaa dadka aagga. Kooxaha yaryar "
           "waa la qariyay."),
    "who_too_few": T("Taustatietoja kertoi niin harva, ettei vertailua voi näyttää.",
                     "Liian harva kertoi taustansa. Emme voi näyttää vertailua.",
                     sv="För få berättade om sin bakgrund för att jämförelsen ska kunna visas.",
                     en="Too few participants told us their background to show the comparison.",
                     ru="Слишком мало участников рассказали о себе, чтобы показать сравнение.",
                     et="Liiga vähesed rääkisid oma taustast, et võrdlust näidata.",
                     ar="عدد قليل جدًا من المشاركين أخبرونا عن خلفيتهم لعرض المقارنة.",
                     so="Dad aad u yar ayaa noo sheegay asalkooda si loo muujiyo isbarbardhigga."),
    "who_group": T("Ryhmä", sv="Grupp", en="Group", ru="Группа", et="Rühm", ar="الفئة", so="Kooxda"),
    "who_participants": T("Osallistujista", sv="Av deltagarna", en="Of participants", ru="Среди участников",
                          et="Osalejatest", ar="من المشاركين", so="Ka qayb qaatayaasha"),
    "who_population": T("Väestöstä", "Asukkaista", sv="Av befolkningen", en="Of the population",
                        ru="Среди населения", et="Elanikkonnast", ar="من السكان", so="Dadweynaha"),
    "who_gap": T("Ero (prosenttiyksikköä)", "Ero", sv="Skillnad (procentenheter)", en="Gap (percentage points)",
                 ru="Разница (п. п.)", et="Vahe (protsendipunkti)", ar="الفرق (نقاط مئوية)",
                 so="Farqiga (dhibcaha boqolleyda)"),
    "who_hidden": T("piilotettu", sv="dold", en="hidden", ru="скрыто", et="peidetud", ar="مخفي", so="la qariyay"),
    "who_under": T("Ohjelman kohderyhmä jäi aliedustetuksi", "Tämä ryhmä osallistui liian vähän",
                   sv="Programmets målgrupp var underrepresenterad", en="A target group of the programme, "
                   "under-represented", ru="Целевая группа программы, представлена недостаточно",
                   et="Programmi sihtrühm, alaesindatud", ar="فئة مستهدفة في البرنامج، ممثلة تمثيلًا ناقصًا",
                   so="Koox barnaamijku beegsanayo, oo si yar u matalan"),
    "lang_domestic": T("suomen-, ruotsin- tai saamenkieliset", "puhuu suomea, ruotsia tai saamea",
                       sv="finsk-, svensk- eller samiskspråkiga", en="Finnish, Swedish or Sámi speakers",
                       ru="говорящие на финском, шведском или саамском", et="soome, rootsi või saami keele kõnelejad",
                       ar="المتحدثون بالفنلندية أو السويدية أو السامية", so="ku hadla Finnish, Iswiidish ama Saami"),
    "lang_foreign": T("vieraskieliset", "puhuu muuta kieltä", sv="främmandespråkiga", en="foreign-language speakers",
                      ru="говорящие на иностранных языках", et="võõrkeelsed", ar="المتحدثون بلغات أجنبية",
                      so="ku hadla luqado shisheeye"),
    "who_unsaid_none": T("Ei halunnut sanoa: {unsaid}. Ei vastannut: {none}.", sv="Ville inte säga: {unsaid}. "
                         "Svarade inte: {none}.", en="Preferred not to say: {unsaid}. Did not answer: {none}.",
                         ru="Предпочли не говорить: {unsaid}. Не ответили: {none}.",
                         et="Ei soovinud öelda: {unsaid}. Ei vastanud: {none}.",
                         ar="فضّلوا عدم القول: {unsaid}. لم يُجيبوا: {none}.",
                         so="Ma doonayn inay sheegaan: {unsaid}. Ma jawaabin: {none}."),
    "who_source": T("Väestö: Espoon suuralueet {language_year} (kieli) ja Tilastokeskuksen Paavo {age_year} "
                    "(ikä, 12 vuotta täyttäneet).", sv="Befolkning: Esbos stordistrikt {language_year} (språk) och "
                    "Statistikcentralens Paavo {age_year} (ålder, 12 år och äldre).",
                    en="Population: Espoo's major districts {language_year} (language) and Statistics Finland's "
                       "Paavo {age_year} (age, aged 12 or over).",
                    ru="Население: крупные районы Эспоо {language_year} (язык) и Paavo Статистического управления "
                       "Финляндии {age_year} (возраст, от 12 лет).",
                    et="Rahvastik: Espoo suurpiirkonnad {language_year} (keel) ja Soome Statistikaameti Paavo "
                       "{age_year} (vanus, 12-aastased ja vanemad).",
                    ar="السكان: المناطق الكبرى في إسبو {language_year} (اللغة) وبيانات Paavo من هيئة الإحصاء "
                       "الفنلندية {age_year} (العمر، 12 سنة فأكثر).",
                    so="Dadweynaha: degmooyinka waaweyn ee Espoo {language_year} (luqadda) iyo Paavo ee Tirakoobka "
                       "Finland {age_year} (da'da, 12 sano iyo ka weyn)."),
    "who_waiting": T("Odottaa laskemista: {n} taustatietoa (ne lasketaan kymmenen erissä).",
                     sv="Väntar på att räknas: {n} bakgrundsuppgifter (de räknas i omgångar om tio).",
                     en="Waiting to be counted: {n} profiles (they are counted in batches of ten).",
                     ru="Ожидают подсчёта: {n} (считаются партиями по десять).",
                     et="Ootab loendamist: {n} (loetakse kümnekaupa).",
                     ar="في انتظار العدّ: {n} (تُعدّ على دفعات من عشرة).",
                     so="Sugaya in la tiriyo: {n} (waxaa lagu tiriyaa kooxo toban ah)."),
    "who_csv": T("Lataa taulukot (CSV)", sv="Ladda ner tabellerna (CSV)", en="Download the tables (CSV)",
                 ru="Скачать таблицы (CSV)", et="Laadi tabelid alla (CSV)", ar="تنزيل الجداول (CSV)",
                 so="Soo deji jadwalada (CSV)"),
    "who_whole_city": T("Koko Espoo", sv="Hela Esbo", en="The whole of Espoo", ru="Весь Эспоо", et="Kogu Espoo",
                        ar="إسبو كلها", so="Espoo oo dhan"),
    "who_subjects": T("Kyselyt, karttakyselyt ja äänestykset", sv="Enkäter, kartenkäter och omröstningar",
                      en="Surveys, map surveys and votes", ru="Опросы, картографические опросы и голосования",
                      et="Küsitlused, kaardiküsitlused ja hääletused",
                      ar="الاستبيانات والاستبيانات الخرائطية والتصويتات",
                      so="Sahannada, sahannada khariidadda iyo codbixinnada"),
    "who_outside": T("Asuu muualla: {n}.", sv="Bor på annat håll: {n}.", en="Live elsewhere: {n}.",
                     ru="Живут в другом месте: {n}.", et="Elab mujal: {n}.", ar="يسكنون في مكان آخر: {n}.",
                     so="Meel kale ku nool: {n}."),
}


def pphrase(key: str, language: str, **params) -> str:
    """The phrase in the respondent language (then Finnish, then the first non-empty one)."""
    text = text_in(PHRASES[key], language)
    return text.format(**params) if params else text
