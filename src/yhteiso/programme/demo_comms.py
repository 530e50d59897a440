"""Demo content for communication: one news item on the first 2026 project. The text is invented for the demo (the
plan has no news yet) and says so. Idempotent."""

from __future__ import annotations

import datetime as dt

from yhteiso.programme.models import Project, ProjectNews

TITLE = "Kohtaamisillat alkoivat Leppävaarassa"
BODY = ("Ensimmäiset kohtaamisillat 20–29-vuotiaille pidettiin syyskuussa Leppävaarassa. Seuraava ilta on "
        "lokakuussa; kaikki alueen nuoret aikuiset ovat tervetulleita.\n\n(Esimerkkiuutinen demoa varten.)")


def load(stdout) -> None:
    project = Project.objects.filter(name_fi__startswith="20–29-vuotiaiden").order_by("id").first()
    if project is None or ProjectNews.objects.filter(project=project, title=TITLE).exists():
        return
    item = ProjectNews(project=project, title=TITLE, body=BODY, published_on=dt.date(2026, 9, 20))
    item.full_clean()
    item.save()
    stdout.write("Communication: an example news item on the first project\n")
