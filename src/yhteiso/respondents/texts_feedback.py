"""Texts of the "what we heard, what we did" pages and of the follow-up form and e-mail, in every respondent
language (content, like :mod:`yhteiso.respondents.texts`: the UI catalogues cover only fi/sv/en)."""

from __future__ import annotations

from yhteiso.respondents.texts import T, text_in

PHRASES: dict[str, dict[str, str]] = {
    "follow_title": T(
        "Haluatko kuulla, mitä tapahtui?", "Haluatko tietää, mitä tapahtui?", sv="Vill du höra vad som hände?",
        en="Do you want to hear what happened?", ru="Хотите узнать, что было сделано?",
        et="Kas soovid kuulda, mis edasi sai?",
        ar="هل تريد أن تعرف ماذا حدث؟", so="Ma rabtaa inaad maqasho waxa dhacay?"),
    "follow_body": T(
        "Jätä sähköpostiosoitteesi, niin lähetämme yhden viestin, kun julkaisemme, mitä kuulimme ja mitä teimme. "
        "Osoite tallennetaan erillään vastauksistasi, eikä sitä voi yhdistää niihin. Se poistetaan viestin "
        "lähettämisen jälkeen, viimeistään vuoden kuluttua.",
        "Kirjoita sähköpostiosoitteesi. Lähetämme yhden viestin, kun kerromme, mitä teimme. Osoitetta ei voi "
        "yhdistää vastauksiisi. Poistamme osoitteen viestin jälkeen, viimeistään vuoden päästä.",
        sv="Lämna din e-postadress, så skickar vi ett meddelande när vi publicerar vad vi hörde och vad vi gjorde. "
           "Adressen sparas skilt från dina svar och kan inte kopplas till dem. Den raderas när meddelandet har "
           "skickats, senast efter ett år.",
        en="Leave your e-mail address and we will send you one message when we publish what we heard and what we "
           "did. The address is stored apart from your answers and cannot be connected to them. It is deleted once "
           "the message is sent, after a year at the latest.",
        ru="Оставьте адрес электронной почты, и мы отправим одно письмо, когда опубликуем, что мы услышали и что "
           "сделали. Адрес хранится отдельно от ваших ответов и не может быть с ними связан. Он удаляется после "
           "отправки письма, но не позднее чем через год.",
        et="Jäta oma e-posti aadress ja saadame ühe kirja, kui avaldame, mida kuulsime ja mida tegime. Aadressi "
           "hoitakse vastustest eraldi ja seda ei saa nendega siduda. See kustutatakse pärast kirja saatmist, "
           "hiljemalt aasta pärast.",
        ar="اترك عنوان بريدك الإلكتروني وسنرسل لك رسالة واحدة عندما ننشر ما سمعناه وما فعلناه. يُحفظ العنوان بعيدًا "
           "عن إجاباتك ولا يمكن ربطه بها. ويُحذف بعد إرسال الرسالة، أو بعد سنة على الأكثر.",
        so="Ka tag ciwaanka iimaylkaaga, waxaan kuu soo diri doonaa hal fariin marka aan daabacno waxa aan maqalnay "
           "iyo waxa aan samaynay. Ciwaanka waxaa loo kaydiyaa si ka duwan jawaabahaaga lamana xiriirin karo. Waa "
           "la tirtiraa marka fariinta la diro kadib, ugu dambayn hal sano kadib."),
    "follow_email": T("Sähköpostiosoite", sv="E-postadress", en="E-mail address", ru="Адрес электронной почты",
                      et="E-posti aadress", ar="عنوان البريد الإلكتروني", so="Ciwaanka iimaylka"),
    "follow_submit": T("Kerro minulle, mitä tapahtui", "Kerro minulle", sv="Berätta för mig vad som hände",
                       en="Tell me what happened", ru="Сообщите мне, что было сделано", et="Anna mulle teada",
                       ar="أخبرني بما حدث", so="Ii sheeg waxa dhacay"),
    "follow_thanks_title": T("Kiitos!", sv="Tack!", en="Thank you!", ru="Спасибо!", et="Aitäh!", ar="شكرًا!",
                             so="Mahadsanid!"),
    "follow_thanks_body": T(
        "Lähetämme sinulle yhden viestin, kun julkaisemme, mitä tapahtui. Sen jälkeen poistamme osoitteesi.",
        "Lähetämme sinulle yhden viestin, kun kerromme, mitä tapahtui. Sitten poistamme osoitteesi.",
        sv="Vi skickar dig ett meddelande när vi publicerar vad som hände. Sedan raderar vi din adress.",
        en="We will send you one message when we publish what happened. Then we delete your address.",
        ru="Мы отправим вам одно письмо, когда опубликуем, что было сделано. После этого мы удалим ваш адрес.",
        et="Saadame sulle ühe kirja, kui avaldame, mis edasi sai. Seejärel kustutame sinu aadressi.",
        ar="سنرسل لك رسالة واحدة عندما ننشر ما حدث. ثم نحذف عنوانك.",
        so="Waxaan kuu soo diri doonaa hal fariin marka aan daabacno waxa dhacay. Kadib waan tirtiraynaa ciwaankaaga."),
    "err_email": T("Tarkista sähköpostiosoite.", sv="Kontrollera e-postadressen.", en="Check the e-mail address.",
                   ru="Проверьте адрес электронной почты.", et="Kontrolli e-posti aadressi.",
                   ar="تحقق من عنوان البريد الإلكتروني.", so="Hubi ciwaanka iimaylka."),
    "feedback_title": T("Mitä kuulimme, mitä teimme", sv="Vad vi hörde, vad vi gjorde",
                        en="What we heard, what we did", ru="Что мы услышали и что сделали",
                        et="Mida kuulsime, mida tegime",
                        ar="ما سمعناه وما فعلناه", so="Waxa aan maqalnay, waxa aan samaynay"),
    "heard": T("Mitä kuulimme", sv="Vad vi hörde", en="What we heard", ru="Что мы услышали", et="Mida kuulsime",
               ar="ما سمعناه", so="Waxa aan maqalnay"),
    "did": T("Mitä teimme", sv="Vad vi gjorde", en="What we did", ru="Что мы сделали", et="Mida tegime",
             ar="ما فعلناه", so="Waxa aan samaynay"),
    "listened": T("Kuuntelimme", sv="Vi lyssnade", en="We listened", ru="Мы слушали", et="Kuulasime",
                  ar="استمعنا", so="Waan dhegaysanay"),
    "did_on": T("Päätetty tai tehty", sv="Beslutat eller gjort", en="Decided or done", ru="Решено или сделано",
                et="Otsustatud või tehtud", ar="تقرّر أو أُنجز", so="La go'aamiyay ama la sameeyay"),
    "results_link": T("Katso tulokset (pieniä ryhmiä ei näytetä)", "Katso tulokset",
                      sv="Se resultaten (små grupper visas inte)", en="See the results (small groups are not shown)",
                      ru="Посмотреть результаты (малые группы не показываются)",
                      et="Vaata tulemusi (väikseid rühmi ei näidata)",
                      ar="اطّلع على النتائج (لا تظهر المجموعات الصغيرة)",
                      so="Eeg natiijooyinka (kooxaha yaryar lama muujiyo)"),
    "closed_link": T("Mitä tämän jälkeen tapahtui", sv="Vad som hände sedan", en="What happened afterwards",
                     ru="Что произошло после этого", et="Mis pärast seda juhtus", ar="ماذا حدث بعد ذلك",
                     so="Waxa dhacay kadib"),
    "mail_subject": T("Mitä tapahtui: {title}", sv="Vad som hände: {title}", en="What happened: {title}",
                      ru="Что было сделано: {title}", et="Mis edasi sai: {title}", ar="ماذا حدث: {title}",
                      so="Waxa dhacay: {title}"),
    "mail_hello": T("Hei,", sv="Hej,", en="Hello,", ru="Здравствуйте!", et="Tere!", ar="مرحبًا،", so="Salaan,"),
    "mail_body": T(
        "pyysit meitä kertomaan, mitä tapahtui, kun osallistuit. Olemme nyt julkaisseet, mitä kuulimme ja mitä "
        "teimme.",
        "pyysit meitä kertomaan, mitä tapahtui. Nyt kerromme, mitä kuulimme ja mitä teimme.",
        sv="du bad oss berätta vad som hände efter att du deltog. Nu har vi publicerat vad vi hörde och vad vi "
           "gjorde.",
        en="you asked us to tell you what happened after you took part. We have now published what we heard and "
           "what we did.",
        ru="вы просили сообщить, что было сделано после вашего участия. Мы опубликовали, что мы услышали и что "
           "сделали.",
        et="palusid meil teada anda, mis pärast sinu osalemist juhtus. Oleme nüüd avaldanud, mida kuulsime ja mida "
           "tegime.",
        ar="طلبت منا أن نخبرك بما حدث بعد مشاركتك. لقد نشرنا الآن ما سمعناه وما فعلناه.",
        so="waxaad na weydiisay inaan kuu sheegno waxa dhacay kadib markii aad ka qayb qaadatay. Hadda waxaan "
           "daabacnay waxa aan maqalnay iyo waxa aan samaynay."),
    "mail_link": T("Lue se täältä:", sv="Läs det här:", en="Read it here:", ru="Прочитать можно здесь:",
                   et="Loe siit:", ar="اقرأه هنا:", so="Halkan ka akhri:"),
    "mail_deleted": T(
        "Tämä on ainoa viesti: sähköpostiosoitteesi on nyt poistettu.", sv="Detta är det enda meddelandet: din "
        "e-postadress har nu raderats.", en="This is the only message: your e-mail address has now been deleted.",
        ru="Это единственное письмо: ваш адрес электронной почты удалён.",
        et="See on ainus kiri: sinu e-posti aadress on nüüd kustutatud.",
        ar="هذه هي الرسالة الوحيدة: لقد حُذف عنوان بريدك الإلكتروني الآن.",
        so="Tani waa fariinta kaliya: ciwaanka iimaylkaaga hadda waa la tirtiray."),
    "mail_off": T(
        "Jos jätit osoitteesi myös muualle etkä halua enää viestejä, poista se tästä:",
        sv="Om du lämnade din adress också på andra ställen och inte vill ha fler meddelanden, radera den här:",
        en="If you left your address elsewhere too and want no more messages, delete it here:",
        ru="Если вы оставляли адрес и в других местах и больше не хотите писем, удалите его здесь:",
        et="Kui jätsid oma aadressi ka mujale ega soovi rohkem kirju, kustuta see siin:",
        ar="إذا تركت عنوانك في أماكن أخرى أيضًا ولا تريد المزيد من الرسائل، فاحذفه من هنا:",
        so="Haddii aad ciwaankaaga meelo kale uga tagtay oo aadan rabin fariimo kale, halkan ka tirtir:"),
    "off_title": T("Poista sähköpostiosoitteeni", sv="Radera min e-postadress", en="Delete my e-mail address",
                   ru="Удалить мой адрес электронной почты", et="Kustuta minu e-posti aadress",
                   ar="احذف عنوان بريدي الإلكتروني", so="Tirtir ciwaanka iimaylkayga"),
    "off_body": T("Poistamme osoitteesi kaikista kyselyistä ja äänestyksistä, joissa jätit sen.",
                  sv="Vi raderar din adress från alla enkäter och omröstningar där du lämnade den.",
                  en="We delete your address from every survey and vote where you left it.",
                  ru="Мы удалим ваш адрес из всех опросов и голосований, где вы его оставили.",
                  et="Kustutame sinu aadressi kõigist küsitlustest ja hääletustest, kuhu selle jätsid.",
                  ar="سنحذف عنوانك من كل استبيان وتصويت تركته فيه.",
                  so="Waxaan ciwaankaaga ka tirtiraynaa sahan kasta iyo codbixin kasta oo aad uga tagtay."),
    "off_button": T("Poista", sv="Radera", en="Delete", ru="Удалить", et="Kustuta", ar="احذف", so="Tirtir"),
    "off_done": T("Osoitteesi on poistettu.", sv="Din adress har raderats.", en="Your address has been deleted.",
                  ru="Ваш адрес удалён.", et="Sinu aadress on kustutatud.", ar="تم حذف عنوانك.",
                  so="Ciwaankaaga waa la tirtiray."),
    "off_invalid": T("Linkki ei kelpaa.", sv="Länken är inte giltig.", en="The link is not valid.",
                     ru="Ссылка недействительна.", et="Link ei kehti.", ar="الرابط غير صالح.",
                     so="Xiriirku ma shaqaynayo."),
    "all_feedback": T("Kaikki palautteet osallistujille", sv="All återkoppling till deltagarna",
                      en="All reports back to participants", ru="Все отчёты для участников",
                      et="Kõik tagasisided osalejatele",
                      ar="كل التقارير للمشاركين", so="Dhammaan warbixinnada ka qayb-qaataasha"),
}


def fphrase(key: str, language: str, **params) -> str:
    """The phrase in the respondent language (then Finnish, then the first non-empty one)."""
    text = text_in(PHRASES[key], language)
    return text.format(**params) if params else text
