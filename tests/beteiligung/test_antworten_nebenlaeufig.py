"""Issue 18.1 (told once): the machine translation of an answer and a translation typed by
staff, published at the same moment, end in one translation and one e-mail to the author.

Real parallel connections (threads with a barrier) on PostgreSQL; SQLite serialises every
write, so there the test says why it does not run. With transactional tests the on-commit
e-mails are sent by the immediate task backend."""

import uuid

import pytest
from django.core import mail

from beteiligung.models import Kommentar
from beteiligung.services import (
    KommentarFehler,
    antwort_maschinell_uebersetzen,
    kommentar_abgeben,
    kommentar_beantworten,
)

from .test_kommentare_nebenlaeufig import RUNDEN, beteiligung, gleichzeitig  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_maschinelle_und_getippte_uebersetzung_gleichzeitig(beteiligung, monkeypatch):  # noqa: F811
    schranke_fuer_dienst = {}
    from konzept import maschinell

    def uebersetzen(text, *, von, nach):
        # The comment's own German translation (issue 18.2) is answered at once; the answer's
        # translation comes back just as staff save theirs.
        if von == "de":
            schranke_fuer_dienst["jetzt"].wait(timeout=30)
        return f"[{nach}] {text}"

    # The service itself is tested against its published API (tests/konzept/test_maschinell.py).
    monkeypatch.setattr(maschinell, "eingeschaltet", lambda: True)
    monkeypatch.setattr(maschinell, "uebersetzen", uebersetzen)

    for runde in range(RUNDEN):
        kommentar = kommentar_abgeben(
            user=beteiligung["mitglied"],
            element=beteiligung["element"],
            text=f"نص {runde}",
            sprache="ar",
            name_zeigen=False,
            einreichung=uuid.uuid4(),
        )
        kommentar_beantworten(
            kommentar=kommentar,
            user=beteiligung["koordination"],
            antwort="Wird aufgenommen.",
            einstufung="kenntnis",
            bezug="",
            version=kommentar.version,
        )
        mail.outbox.clear()

        def maschine(schranke, pk=kommentar.pk):
            schranke_fuer_dienst["jetzt"] = schranke
            antwort_maschinell_uebersetzen(pk)

        def staff(schranke, pk=kommentar.pk):
            gelesen = Kommentar.objects.get(pk=pk)  # the moderation page
            schranke.wait()
            kommentar_beantworten(
                kommentar=gelesen,
                user=beteiligung["koordination"],
                antwort=gelesen.antwort,
                einstufung=gelesen.einstufung,
                bezug="",
                version=gelesen.version,
                antwort_uebersetzung="سيتم إدراجه.",
            )

        fehler = gleichzeitig(maschine, staff)
        assert fehler[0] is None
        assert fehler[1] is None or isinstance(fehler[1], KommentarFehler)
        kommentar.refresh_from_db()
        assert kommentar.antwort_uebersetzt
        erwartet = "geprueft" if fehler[1] is None else "maschinell"
        assert kommentar.antwort_uebersetzung_art == erwartet
        assert [nachricht.to for nachricht in mail.outbox] == [["amira@example.org"]]
