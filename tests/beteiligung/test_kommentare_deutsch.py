"""Issue 18.2: staff read comments not written in German in a German translation, made by the
machine translation service (issue 18.3) or by staff, marked which it is, and correctable.

The services are local stand-ins that answer as the published APIs do (the real services are
not reachable here; tests/uebersetzungsdienste.py).
"""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from beteiligung.models import Beteiligungsphase, Kommentar
from beteiligung.services import kommentar_abgeben, kommentar_aendern
from konzept.models import fingerabdruck
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle

ARABISCH = "نرجو معارض عمل باللغة العربية"


@pytest.fixture
def phase(entwurf):
    jetzt = timezone.now()
    return Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=1), ende=jetzt + timedelta(days=10)
    )


@pytest.fixture
def mitglied(db):
    return benutzer_mit_rolle("amira", "KMV")


def abgeben(mitglied, edition, text=ARABISCH, sprache="ar"):
    return kommentar_abgeben(
        user=mitglied,
        element=Massnahme.objects.in_edition(edition).get(key=fabrik.rolle("massnahme")),
        text=text,
        sprache=sprache,
        name_zeigen=False,
        einreichung=uuid.uuid4(),
    )


def moderation(client, edition):
    antwort = client.get(f"/{edition.jahr}/kommentare/")
    assert antwort.status_code == 200
    return antwort.text


def test_ohne_dienst_nichts_gesendet_und_staff_tippt_selbst(
    libretranslate,
    settings,
    phase,
    entwurf,
    mitglied,
    staff_client,
    django_capture_on_commit_callbacks,
):
    """Off (the default): nothing is sent; staff see that no translation exists yet and can
    type one, which counts as theirs."""
    settings.MASCHINELL = {**settings.MASCHINELL, "dienst": ""}
    with django_capture_on_commit_callbacks(execute=True) as rueckrufe:
        kommentar = abgeben(mitglied, entwurf)
    assert rueckrufe == [] and libretranslate.anfragen == []
    seite = moderation(staff_client, entwurf)
    assert "Noch keine deutsche Übersetzung" in seite
    assert "maschinelle Übersetzung folgt" not in seite
    assert f'action="/kommentare/{kommentar.pk}/deutsch/"' in seite

    antwort = staff_client.post(
        f"/kommentare/{kommentar.pk}/deutsch/",
        {
            f"d{kommentar.pk}-text_deutsch": "Bitte Jobmessen auf Arabisch.\r\nDanke.",
            f"d{kommentar.pk}-quelle": fingerabdruck([kommentar.text]),
        },
    )
    assert antwort.status_code == 302
    kommentar.refresh_from_db()
    assert kommentar.text_deutsch == "Bitte Jobmessen auf Arabisch.\nDanke."
    assert kommentar.text_deutsch_art == "geprueft"
    seite = moderation(staff_client, entwurf)
    assert "von der Koordinierungsstelle übersetzt" in seite
    assert '<blockquote class="kommentar__text" lang="de" dir="ltr">Bitte Jobmessen' in seite


def test_maschinelle_uebersetzung_neben_dem_original(
    libretranslate, phase, entwurf, mitglied, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kommentar = abgeben(mitglied, entwurf)
    kommentar.refresh_from_db()
    assert (kommentar.text_deutsch, kommentar.text_deutsch_art) == (
        f"[de] {ARABISCH}",
        "maschinell",
    )
    # Only the text and the languages went out: no name, no account, no comment number.
    (anfrage,) = libretranslate.anfragen
    assert anfrage["koerper"] == {"q": ARABISCH, "source": "ar", "target": "de", "format": "text"}
    seite = moderation(staff_client, entwurf)
    assert f'lang="ar" dir="auto">{ARABISCH}</blockquote>' in seite
    assert f'lang="de" dir="ltr">[de] {ARABISCH}</blockquote>' in seite
    assert "(maschinell übersetzt)" in seite
    assert "Übersetzung korrigieren" in seite


def test_deutscher_kommentar_ohne_uebersetzung(
    libretranslate, phase, entwurf, mitglied, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kommentar = abgeben(mitglied, entwurf, text="Bitte mehr Kurse.", sprache="de")
    assert libretranslate.anfragen == []
    seite = moderation(staff_client, entwurf)
    assert "Deutsche Übersetzung" not in seite
    assert f"/kommentare/{kommentar.pk}/deutsch/" not in seite


def test_html_und_steuerzeichen_escaped(
    libretranslate, phase, entwurf, mitglied, staff_client, django_capture_on_commit_callbacks
):
    """Markup in the comment and in the machine's answer is text on the page."""
    libretranslate.zustand["antwort"] = '<script>alert("x")</script> \u2067مرحبا\u2069'
    with django_capture_on_commit_callbacks(execute=True):
        abgeben(mitglied, entwurf, text="<img src=x onerror=alert(1)> مرحبا")
    seite = moderation(staff_client, entwurf)
    assert "<script>alert" not in seite and "<img src=x" not in seite
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; \u2067مرحبا\u2069" in seite
    assert "&lt;img src=x onerror=alert(1)&gt;" in seite


def test_aenderung_verwirft_die_alte_uebersetzung(
    libretranslate, phase, entwurf, mitglied, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kommentar = abgeben(mitglied, entwurf)
    libretranslate.zustand["fehler"] = 500
    with django_capture_on_commit_callbacks(execute=True):
        kommentar_aendern(kommentar=kommentar, user=mitglied, text="نص جديد", name_zeigen=False)
    kommentar.refresh_from_db()
    assert (kommentar.text_deutsch, kommentar.text_deutsch_art) == ("", "fehlt")
    libretranslate.zustand["fehler"] = None
    with django_capture_on_commit_callbacks(execute=True):
        kommentar_aendern(kommentar=kommentar, user=mitglied, text="نص ثالث", name_zeigen=False)
    kommentar.refresh_from_db()
    assert (kommentar.text_deutsch, kommentar.text_deutsch_art) == ("[de] نص ثالث", "maschinell")
    # Only the name changes: the translation stays, nothing is sent.
    anzahl = len(libretranslate.anfragen)
    with django_capture_on_commit_callbacks(execute=True):
        kommentar_aendern(kommentar=kommentar, user=mitglied, text="نص ثالث", name_zeigen=True)
    kommentar.refresh_from_db()
    assert kommentar.text_deutsch_art == "maschinell" and len(libretranslate.anfragen) == anzahl


def test_korrektur_wird_nicht_von_der_maschine_ueberschrieben(
    libretranslate, phase, entwurf, mitglied, staff_client, django_capture_on_commit_callbacks
):
    from beteiligung import tasks

    with django_capture_on_commit_callbacks(execute=True):
        kommentar = abgeben(mitglied, entwurf)
    antwort = staff_client.post(
        f"/kommentare/{kommentar.pk}/deutsch/",
        {
            f"d{kommentar.pk}-text_deutsch": "Bitte Jobmessen auf Arabisch.",
            f"d{kommentar.pk}-quelle": fingerabdruck([kommentar.text]),
        },
    )
    assert antwort.status_code == 302
    tasks.kommentar_deutsch.enqueue(kommentar.pk)
    kommentar.refresh_from_db()
    assert (kommentar.text_deutsch, kommentar.text_deutsch_art) == (
        "Bitte Jobmessen auf Arabisch.",
        "geprueft",
    )
    # The answer form read before the correction still saves: a translation is no edit.
    assert kommentar.version == 1


def test_antwort_des_dienstes_zu_altem_text_verworfen(
    libretranslate, phase, entwurf, mitglied, monkeypatch, django_capture_on_commit_callbacks
):
    """The author changes the comment while the service translates: the late answer is for
    a text that is gone and is not kept."""
    from konzept import maschinell

    echt = maschinell.uebersetzen

    def mit_aenderung(text, *, von, nach):
        Kommentar.objects.filter(text=text).update(text="نص جديد")
        return echt(text, von=von, nach=nach)

    monkeypatch.setattr(maschinell, "uebersetzen", mit_aenderung)
    with django_capture_on_commit_callbacks(execute=True):
        kommentar = abgeben(mitglied, entwurf)
    kommentar.refresh_from_db()
    assert (kommentar.text, kommentar.text_deutsch, kommentar.text_deutsch_art) == (
        "نص جديد",
        "",
        "fehlt",
    )


def test_korrektur_zu_geaendertem_kommentar_abgelehnt(phase, entwurf, mitglied, staff_client):
    kommentar = abgeben(mitglied, entwurf)
    gelesen = fingerabdruck([kommentar.text])
    kommentar_aendern(kommentar=kommentar, user=mitglied, text="نص جديد", name_zeigen=False)
    antwort = staff_client.post(
        f"/kommentare/{kommentar.pk}/deutsch/",
        {f"d{kommentar.pk}-text_deutsch": "Jobmessen", f"d{kommentar.pk}-quelle": gelesen},
    )
    assert antwort.status_code == 409
    assert "inzwischen geändert" in antwort.text
    assert "Jobmessen</textarea>" in antwort.text
    kommentar.refresh_from_db()
    assert (kommentar.text_deutsch, kommentar.text_deutsch_art) == ("", "fehlt")


def test_korrektur_zu_lang(phase, entwurf, mitglied, staff_client):
    kommentar = abgeben(mitglied, entwurf)
    antwort = staff_client.post(
        f"/kommentare/{kommentar.pk}/deutsch/",
        {
            f"d{kommentar.pk}-text_deutsch": "x" * 4001,
            f"d{kommentar.pk}-quelle": fingerabdruck([kommentar.text]),
        },
    )
    assert antwort.status_code == 422 and "4000" in antwort.text
    kommentar.refresh_from_db()
    assert kommentar.text_deutsch == ""


def test_leere_korrektur_entfernt(phase, entwurf, mitglied, staff_client):
    kommentar = abgeben(mitglied, entwurf)
    Kommentar.objects.filter(pk=kommentar.pk).update(
        text_deutsch="falsch", text_deutsch_art="maschinell"
    )
    staff_client.post(
        f"/kommentare/{kommentar.pk}/deutsch/",
        {
            f"d{kommentar.pk}-text_deutsch": " ",
            f"d{kommentar.pk}-quelle": fingerabdruck([kommentar.text]),
        },
    )
    kommentar.refresh_from_db()
    assert (kommentar.text_deutsch, kommentar.text_deutsch_art) == ("", "fehlt")


def test_nur_die_koordinierungsstelle_uebersetzt(phase, entwurf, mitglied, client):
    kommentar = abgeben(mitglied, entwurf)
    client.force_login(mitglied)
    antwort = client.post(
        f"/kommentare/{kommentar.pk}/deutsch/",
        {
            f"d{kommentar.pk}-text_deutsch": "x",
            f"d{kommentar.pk}-quelle": fingerabdruck([kommentar.text]),
        },
    )
    assert antwort.status_code in (302, 403)
    kommentar.refresh_from_db()
    assert kommentar.text_deutsch == ""
    assert client.get(f"/kommentare/{kommentar.pk}/deutsch/").status_code == 405


# Timeouts and retries with the task worker of production (as the e-mails in
# test_mails_zustellen.py): the service is slow, the task is tried again later.


@pytest.fixture
def warteschlange(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MASCHINELL_WIEDERHOLUNG_SEKUNDEN = (60, 300)
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def arbeiten():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def spaeter(sekunden):
    for ergebnis in DBTaskResult.objects.filter(status="READY", run_after__isnull=False):
        ergebnis.run_after -= timedelta(seconds=sekunden)
        ergebnis.save(update_fields=["run_after"])


def wartend():
    return DBTaskResult.objects.filter(status="READY").count()


def test_zeitlimit_wird_wiederholt_dann_uebersetzung_folgt(
    libretranslate,
    settings,
    warteschlange,
    phase,
    entwurf,
    mitglied,
    staff_client,
    django_capture_on_commit_callbacks,
):
    settings.MASCHINELL = {**settings.MASCHINELL, "zeitlimit": 0.2}
    libretranslate.zustand["warten"] = 1.0
    with django_capture_on_commit_callbacks(execute=True):
        kommentar = abgeben(mitglied, entwurf)
    arbeiten()
    assert wartend() == 1 and len(libretranslate.anfragen) == 1
    # Until then, staff see that it follows, and the page works.
    seite = moderation(staff_client, entwurf)
    assert "Die maschinelle Übersetzung folgt" in seite
    arbeiten()
    assert len(libretranslate.anfragen) == 1  # not before its time
    spaeter(60)
    arbeiten()
    spaeter(300)
    arbeiten()
    # Three attempts (the first and two more), then it stays for people.
    assert len(libretranslate.anfragen) == 3 and wartend() == 0
    kommentar.refresh_from_db()
    assert (kommentar.text_deutsch, kommentar.text_deutsch_art) == ("", "fehlt")
    assert "Noch keine deutsche Übersetzung" in moderation(staff_client, entwurf)


def test_zeitlimit_dann_erfolg(
    libretranslate,
    settings,
    warteschlange,
    phase,
    entwurf,
    mitglied,
    django_capture_on_commit_callbacks,
):
    settings.MASCHINELL = {**settings.MASCHINELL, "zeitlimit": 0.2}
    libretranslate.zustand["warten"] = 1.0
    with django_capture_on_commit_callbacks(execute=True):
        kommentar = abgeben(mitglied, entwurf)
    arbeiten()
    libretranslate.zustand["warten"] = 0
    spaeter(60)
    arbeiten()
    kommentar.refresh_from_db()
    assert (kommentar.text_deutsch, kommentar.text_deutsch_art) == (
        f"[de] {ARABISCH}",
        "maschinell",
    )
    assert wartend() == 0


@pytest.mark.parametrize("status", [456, 403])
def test_kontingent_und_schluessel_nicht_wiederholt(
    deepl,
    settings,
    warteschlange,
    phase,
    entwurf,
    mitglied,
    staff_client,
    status,
    django_capture_on_commit_callbacks,
):
    """Quota used up or a wrong key: trying again within hours changes nothing; no retry,
    no error page, staff translate."""
    if status == 403:
        settings.MASCHINELL = {**settings.MASCHINELL, "schluessel": "falsch:fx"}
    else:
        deepl.zustand["fehler"] = status
    with django_capture_on_commit_callbacks(execute=True):
        kommentar = abgeben(mitglied, entwurf)
    arbeiten()
    assert len(deepl.anfragen) == 1 and wartend() == 0
    kommentar.refresh_from_db()
    assert kommentar.text_deutsch_art == "fehlt"
    assert "Noch keine deutsche Übersetzung" in moderation(staff_client, entwurf)


def test_deepl_uebersetzt_kommentar(
    deepl, phase, entwurf, mitglied, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kommentar = abgeben(mitglied, entwurf, text="Будь ласка, більше курсів", sprache="uk")
    kommentar.refresh_from_db()
    assert kommentar.text_deutsch == "[DE] Будь ласка, більше курсів"
    assert deepl.anfragen[0]["koerper"]["source_lang"] == "UK"
