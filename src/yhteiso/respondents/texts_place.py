"""Texts of a question that asks for a place in Espoo, in every respondent language: the map, its keyboard use and
status, the district list and the error for a point outside the city. Shared by the map surveys and the surveys'
place questions (content, not gettext)."""

from __future__ import annotations

from yhteiso.respondents.texts import T

PLACE_TEXTS = {    "map_label": T("Kartta: Espoon suuralueet", "Kartta Espoosta", sv="Karta: Esbos storområden",
                   en="Map: Espoo's major districts", ru="Карта: крупные районы Эспоо",
                   et="Kaart: Espoo suurrajoonid", ar="خريطة: المناطق الكبرى في إسبو",
                   so="Khariidad: degmooyinka waaweyn ee Espoo"),
    "map_keys": T(
        "Napsauta karttaa tai siirry kartalle sarkainnäppäimellä, siirrä merkkiä nuolinäppäimillä (vaihto-näppäin: "
        "isommin askelin) ja paina Enter.",
        "Paina karttaa. Tai: mene kartalle sarkainnäppäimellä, liikuta merkkiä nuolinäppäimillä ja paina Enter.",
        sv="Klicka på kartan, eller gå till kartan med tabbtangenten, flytta markören med piltangenterna (skift: "
           "större steg) och tryck Enter.",
        en="Click the map, or move to the map with the Tab key, move the marker with the arrow keys (Shift: bigger "
           "steps) and press Enter.",
        ru="Нажмите на карту или перейдите к ней клавишей Tab, перемещайте метку стрелками (Shift — большими "
           "шагами) и нажмите Enter.",
        et="Klõpsa kaardil või liigu kaardile Tab-klahviga, liiguta märki nooleklahvidega (Shift: suuremad sammud) "
           "ja vajuta Enter.",
        ar="انقر على الخريطة، أو انتقل إليها بمفتاح Tab، وحرّك العلامة بمفاتيح الأسهم (Shift لخطوات أكبر) ثم اضغط "
           "Enter.",
        so="Guji khariidadda, ama ku gaar khariidadda furaha Tab, ku dhaqaaji calaamadda furayaasha fallaadhaha "
           "(Shift: tallaabooyin waaweyn) kadibna riix Enter."),
    "no_point": T("Paikkaa ei ole merkitty kartalle.", "Et ole valinnut paikkaa kartalta.",
                  sv="Ingen plats är markerad på kartan.", en="No place marked on the map.",
                  ru="Место на карте не отмечено.", et="Kaardil pole kohta märgitud.",
                  ar="لم يتم تحديد أي مكان على الخريطة.", so="Khariidadda lagama calaamadin meel."),
    "point_set": T("Paikka merkitty kartalle: {area}.", "Valitsit paikan: {area}.",
                   sv="Plats markerad på kartan: {area}.", en="Place marked on the map: {area}.",
                   ru="Место отмечено на карте: {area}.", et="Koht on kaardile märgitud: {area}.",
                   ar="تم تحديد المكان على الخريطة: {area}.", so="Meesha waa lagu calaamadeeyay khariidadda: {area}."),
    "clear_point": T("Poista merkintä", sv="Ta bort markeringen", en="Remove the mark", ru="Удалить метку",
                     et="Eemalda märge", ar="إزالة العلامة", so="Ka saar calaamadda"),
    "area": T("Alue luettelosta", "Alue listasta", sv="Område i listan", en="Area from the list",
              ru="Район из списка", et="Piirkond loendist", ar="منطقة من القائمة", so="Xaafad liiska ka mid ah"),
    "err_outside": T("Paikka on Espoon ulkopuolella. Valitse paikka Espoosta.", "Paikka ei ole Espoossa.",
                     sv="Platsen ligger utanför Esbo. Välj en plats i Esbo.",
                     en="The place is outside Espoo. Choose a place in Espoo.",
                     ru="Место находится за пределами Эспоо. Выберите место в Эспоо.",
                     et="Koht asub väljaspool Espood. Vali koht Espoos.",
                     ar="المكان خارج إسبو. اختر مكانًا داخل إسبو.",
                     so="Meeshu waa ka baxsan Espoo. Dooro meel Espoo ku taal."),
}
