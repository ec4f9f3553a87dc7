"""Issue 8: load and faults against the production configuration (gunicorn, 2 workers, on a
private PostgreSQL), and a backup round trip. CI runs it (`python -m bench last`).

1. 50 concurrent readers for 60 seconds: not one error.
2. 500 comments sent concurrently by 20 KMV members (two browsers each, some sent twice,
   as after a double click):
   every accepted comment stored exactly once, none of the refused ones, and the hourly limit
   per person holds.
3. PostgreSQL stopped and started again while readers and commenters go on: while it is down
   every answer is the 503 page in the address's language, or a whole page from the reader
   cache (a hit asks the database nothing for up to INHALTSSTAND_SEKUNDEN); within 5 seconds
   of its return everything succeeds again, and every comment that was accepted is stored;
   those refused with 503 are sent again (same submission) and are then stored exactly once.
   E-mails through the outage (issue 14.5): the task worker runs as in production
   (`manage.py arbeiter`) and sends over SMTP to a mail server of the run (bench/_postfach.py).
   Right before PostgreSQL stops, staff answer a comment; its e-mail task is running, held in
   the middle of sending, when the database goes away, and then the mail server refuses it
   for now. Right after the return staff answer a second one. The worker must still be the
   same process, and both authors get their e-mail exactly once, within ZUSTELL_FRIST seconds
   of the return.
4. pg_dump of the database, pg_restore into a new one: every table has the same rows.
"""

import os
import random
import subprocess
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg

from bench._postfach import Postfach
from bench._postgres import DATENBANK, _bin
from bench._server import PORT_BASIS, Client, produktion
from bench.umgebung import Messung

LESER = 50
LESE_SEKUNDEN = float(os.environ.get("LAST_SEKUNDEN", "60"))
MITGLIEDER = 20
KOMMENTARE = 500
PRO_STUNDE = 20  # the limit per person for this run: 25 attempts each, 5 refused
AUSFALL_SEKUNDEN = 4
# The worker's pauses double from 1 s while the database is away (arbeiter.py): after this
# outage its next attempt comes at most about 8 s after the return, then 1 s of polling.
ZUSTELL_FRIST = 15
SPRACHEN = {"en", "ar", "fa", "uk", "ru", "tr"}
LESESEITEN = [
    "/2024/",
    "/2024/themenfelder/feld-2/",
    "/2024/massnahmen/",
    "/2024/massnahmen/?status=geplant",
    "/en/2024/",
    "/ar/2024/themenfelder/feld-4/",
    "/2024/beteiligung/",
    "/ausgaben/",
    "/impressum/",
]


def lesen(port: int, sekunden: float) -> Counter:
    """50 readers for the given time; counts answers by status (and failed connections)."""
    ende = time.monotonic() + sekunden
    zaehler: Counter = Counter()
    sperre = threading.Lock()

    def leser(nummer: int):
        client = Client(port)
        zufall = random.Random(nummer)
        while time.monotonic() < ende:
            try:
                status = client.get(zufall.choice(LESESEITEN)).status
            except OSError as fehler:
                status = type(fehler).__name__
            with sperre:
                zaehler[status] += 1

    with ThreadPoolExecutor(LESER) as pool:
        list(pool.map(leser, range(LESER)))
    return zaehler


def kommentar_senden(client: Client, pk: int, text: str, einreichung: str):
    client.formular_lesen(f"/kommentare/neu/massnahme/{pk}/")
    return client.post(
        f"/kommentare/neu/massnahme/{pk}/", {"text": text, "einreichung": einreichung}
    )


def kommentieren(server) -> tuple[list[Messung], dict]:
    """500 comments from 20 members, two browsers each; about one in eight sent twice."""
    daten = server.daten
    auftraege = []
    mitglieder = daten["kmv"][:MITGLIEDER]
    for nummer in range(KOMMENTARE):
        mitglied = mitglieder[nummer % MITGLIEDER]
        browser = (nummer // MITGLIEDER) % 2
        auftraege.append((mitglied, browser, f"Lastkommentar {nummer:03d} {uuid.uuid4().hex}"))
    clients = {
        (mitglied, browser): Client(server.port).anmelden(mitglied, daten["passwort"])
        for mitglied in mitglieder
        for browser in (0, 1)
    }
    ergebnisse: dict[str, str] = {}
    sperre = threading.Lock()

    def senden(auftrag):
        mitglied, browser, text = auftrag
        client = clients[(mitglied, browser)]
        pk = random.choice(daten["massnahmen_entwurf"])
        einreichung = str(uuid.uuid4())
        antwort = kommentar_senden(client, pk, text, einreichung)
        if text.endswith(("0", "5")):  # a double click: the same submission again
            kommentar_senden(client, pk, text, einreichung)
        with sperre:
            ergebnisse[text] = (mitglied, antwort.status)

    with ThreadPoolExecutor(MITGLIEDER * 2) as pool:
        list(pool.map(senden, auftraege))
    gespeichert = Counter(
        dict(
            server.postgres.abfrage(
                "SELECT text, count(*) FROM beteiligung_kommentar "
                "WHERE text LIKE 'Lastkommentar %%' GROUP BY text"
            )
        )
    )
    angenommen = [text for text, (_m, status) in ergebnisse.items() if status == 302]
    abgelehnt = [text for text, (_m, status) in ergebnisse.items() if status == 422]
    andere = [status for _m, status in ergebnisse.values() if status not in (302, 422)]
    genau_einmal = sum(1 for text in angenommen if gespeichert[text] == 1)
    je_person = Counter(ergebnisse[text][0] for text in gespeichert)
    return [
        Messung("Kommentare gesendet", len(ergebnisse)),
        Messung(f"angenommen (Grenze {PRO_STUNDE} je Person und Stunde)", len(angenommen)),
        Messung(
            "angenommen und genau einmal gespeichert",
            genau_einmal,
            ziel=f"= {len(angenommen)}",
            erreicht=genau_einmal == len(angenommen) == MITGLIEDER * PRO_STUNDE,
        ),
        Messung(
            "abgelehnt und doch gespeichert",
            sum(1 for text in abgelehnt if gespeichert[text]),
            ziel="= 0",
            erreicht=not any(gespeichert[text] for text in abgelehnt),
        ),
        Messung(
            "Personen über der Grenze",
            sum(1 for anzahl in je_person.values() if anzahl > PRO_STUNDE),
            ziel="= 0",
            erreicht=all(anzahl <= PRO_STUNDE for anzahl in je_person.values()),
        ),
        Messung(
            f"andere Antworten als 302/422 {dict(Counter(andere))}",
            len(andere),
            ziel="= 0",
            erreicht=not andere,
        ),
    ], ergebnisse


def ist_503_seite(pfad: str, antwort) -> bool:
    """The page of an outage (konzept.betrieb.server_error), in the language of the address."""
    praefix = pfad.split("/")[1]
    sprache = praefix if praefix in SPRACHEN else "de"
    return (
        antwort.status == 503
        and antwort.kopf.get("Retry-After") == "5"
        and f'<html lang="{sprache}"' in antwort.text
    )


class Antworten:
    """Staff answer comments of step 2; each answer queues an e-mail to the comment's author
    (beteiligung.tasks.kommentar_beantwortet), which the worker sends to the mail server."""

    def __init__(self, server):
        daten = server.daten
        self.staff = Client(server.port, timeout=15).anmelden(
            daten["staff"], daten["passwort"], daten["totp_schluessel"]
        )
        zeilen = server.postgres.abfrage(
            "SELECT k.id, k.version, u.email FROM beteiligung_kommentar k "
            "JOIN auth_user u ON u.id = k.autor_id "
            "WHERE k.text LIKE 'Lastkommentar %%' AND k.status = 'neu' ORDER BY k.id"
        )
        je_person = {email: (pk, version) for pk, version, email in reversed(zeilen)}
        # Two comments by different people: each e-mail is known by its recipient.
        self.kommentare = [(pk, version, email) for email, (pk, version) in je_person.items()][:2]

    def beantworten(self, pk: int, version: int, frist: float) -> int | str:
        """Sends the answer until it is accepted (302) or `frist` seconds have passed."""
        ende = time.monotonic() + frist
        while True:
            try:
                status = self.staff.post(
                    f"/kommentare/{pk}/beantworten/",
                    {
                        f"k{pk}-einstufung": "kenntnis",
                        f"k{pk}-antwort": "Danke, die Koordinierungsstelle nimmt es auf.",
                        f"k{pk}-bezug": "",
                        f"k{pk}-version": str(version),
                    },
                ).status
            except OSError as fehler:
                status = type(fehler).__name__
            if status == 302 or time.monotonic() > ende:
                return status
            time.sleep(0.2)


def ausfall(server, postfach: Postfach) -> list[Messung]:
    """PostgreSQL stops and starts again under load, with an e-mail task running."""
    daten = server.daten
    antworten = Antworten(server)
    (vor_pk, vor_version, vor_an), (nach_pk, nach_version, nach_an) = antworten.kommentare
    ende = threading.Event()
    ereignisse: list[tuple[float, int | str, bool]] = []  # time, status, 503 page?
    sperre = threading.Lock()

    def leser(nummer: int):
        client = Client(server.port, timeout=15)
        zufall = random.Random(nummer)
        while not ende.is_set():
            try:
                pfad = zufall.choice(LESESEITEN)
                antwort = client.get(pfad)
                eintrag = (time.monotonic(), antwort.status, ist_503_seite(pfad, antwort))
            except OSError as fehler:
                eintrag = (time.monotonic(), type(fehler).__name__, False)
            with sperre:
                ereignisse.append(eintrag)
            time.sleep(0.02)

    kommentare: dict[str, tuple[Client, int, str, int]] = {}

    def schreiber(client: Client):
        nummer = 0
        while not ende.is_set():
            text = f"Ausfallkommentar {nummer} {uuid.uuid4().hex}"
            pk, einreichung = random.choice(daten["massnahmen_entwurf"]), str(uuid.uuid4())
            try:
                status = kommentar_senden(client, pk, text, einreichung).status
            except OSError:
                status = 0
            with sperre:
                kommentare[text] = (client, pk, einreichung, status)
            nummer += 1
            time.sleep(0.3)

    faeden = [threading.Thread(target=leser, args=(nummer,)) for nummer in range(10)]
    # Members who did not write in step 2 (the hourly limit would refuse them).
    schreibende = [
        Client(server.port, timeout=15).anmelden(mitglied, daten["passwort"])
        for mitglied in daten["kmv"][MITGLIEDER:]
    ]
    faeden += [threading.Thread(target=schreiber, args=(c,)) for c in schreibende]
    for faden in faeden:
        faden.start()
    time.sleep(3)
    # An answer whose e-mail is being sent when PostgreSQL stops: the mail server holds it.
    postfach.naechste_zurueckhalten()
    vor_status = antworten.beantworten(vor_pk, vor_version, frist=5)
    im_versand = postfach.gehalten.wait(10)
    halt = time.monotonic()
    server.postgres.stoppen()
    weg = time.monotonic()  # stopped: from here no process can reach it
    postfach.freigeben()  # 451: the task must enqueue its retry, and the database is away
    time.sleep(AUSFALL_SEKUNDEN)
    server.postgres.starten()
    zurueck = server.postgres.warten()
    nach_status = antworten.beantworten(nach_pk, nach_version, frist=5)
    time.sleep(max(0, zurueck + 8 - time.monotonic()))
    ende.set()
    for faden in faeden:
        faden.join()
    # Both e-mails, or the deadline.
    while time.monotonic() < zurueck + ZUSTELL_FRIST and not (
        postfach.angenommen(vor_an) and postfach.angenommen(nach_an)
    ):
        time.sleep(0.2)
    arbeiter_laeuft = server.arbeiter is not None and server.arbeiter.poll() is None
    neue_versuche = server.arbeiter_log.read_text(errors="replace").count(
        "Datenbank nicht erreichbar"
    )

    waehrend = [e for e in ereignisse if halt + 0.5 < e[0] < zurueck - 0.2]
    danach = [e for e in ereignisse if e[0] > zurueck]
    # Pages from the reader cache, while the process has not yet asked for the content version
    # again; a later 200 would be a page the cache kept through the outage.
    frist = float(server.umgebung.get("INHALTSSTAND_SEKUNDEN", "1"))  # as konzept.settings

    def aus_dem_cache(ereignis):
        return ereignis[1] == 200 and ereignis[0] < weg + frist + 0.5

    seite_503 = [e for e in waehrend if e[2]]
    gecacht = [e for e in waehrend if aus_dem_cache(e)]
    unsauber = [e for e in waehrend if not e[2] and not aus_dem_cache(e)]
    fehler_danach = [e for e in danach if e[1] != 200]
    letzter_fehler = max((e[0] for e in fehler_danach), default=zurueck)
    erholung = letzter_fehler - zurueck
    fuenfhunderter = [e for e in ereignisse if e[1] == 500]

    # Every accepted comment is stored; the refused ones are sent again and stored once.
    for text, (client, pk, einreichung, status) in list(kommentare.items()):
        if status != 302:
            erneut = kommentar_senden(client, pk, text, einreichung).status
            kommentare[text] = (client, pk, einreichung, erneut)
    gespeichert = Counter(
        dict(
            server.postgres.abfrage(
                "SELECT text, count(*) FROM beteiligung_kommentar "
                "WHERE text LIKE 'Ausfallkommentar %%' GROUP BY text"
            )
        )
    )
    verloren = [t for t, (_c, _p, _e, s) in kommentare.items() if s == 302 and gespeichert[t] != 1]

    def nach_rueckkehr(empfaenger: str) -> float:
        """Seconds from the return of PostgreSQL to the e-mail (inf: not there in time)."""
        eingaenge = postfach.angenommen(empfaenger)
        return eingaenge[0].zeit - zurueck if eingaenge else float("inf")

    vor_mail, nach_mail = nach_rueckkehr(vor_an), nach_rueckkehr(nach_an)
    angenommen = [e for e in postfach.alle() if e.angenommen]
    erwartet = Counter({vor_an: 1, nach_an: 1})
    zu_viel = Counter(a for e in angenommen for a in e.empfaenger) - erwartet
    return [
        Messung("Antworten während des Ausfalls", len(waehrend)),
        Messung("davon die 503-Seite", len(seite_503), ziel="> 0", erreicht=bool(seite_503)),
        Messung(
            f"davon 200 aus dem Cache der Lesenden (in den ersten {frist:g} s)",
            len(gecacht),
        ),
        Messung(
            f"davon andere {dict(Counter(e[1] for e in unsauber))}",
            len(unsauber),
            ziel="= 0",
            erreicht=not unsauber,
        ),
        Messung("Antworten mit 500", len(fuenfhunderter), ziel="= 0", erreicht=not fuenfhunderter),
        Messung(
            "wieder erfolgreich nach der Rückkehr von PostgreSQL",
            erholung,
            "s",
            "≤ 5 s",
            erholung <= 5 and bool(danach),
        ),
        Messung(
            "Kommentare verloren oder doppelt",
            len(verloren),
            ziel="= 0",
            erreicht=not verloren and bool(kommentare),
        ),
        Messung(
            f"E-Mail im Versand, als PostgreSQL anhielt (Antwort: {vor_status})",
            int(im_versand),
            ziel="= 1",
            erreicht=im_versand and vor_status == 302,
        ),
        Messung(
            "  angekommen nach der Rückkehr von PostgreSQL",
            vor_mail,
            "s",
            f"≤ {ZUSTELL_FRIST} s",
            vor_mail <= ZUSTELL_FRIST,
        ),
        Messung(
            f"E-Mail einer Antwort direkt nach der Rückkehr (Antwort: {nach_status})",
            nach_mail,
            "s",
            f"≤ {ZUSTELL_FRIST} s",
            nach_mail <= ZUSTELL_FRIST and nach_status == 302,
        ),
        Messung(
            "E-Mails doppelt oder an andere",
            sum(zu_viel.values()),
            ziel="= 0",
            erreicht=not zu_viel,
        ),
        Messung(
            "Aufgaben-Worker (manage.py arbeiter) läuft noch, derselbe Prozess",
            int(arbeiter_laeuft),
            ziel="= 1",
            erreicht=arbeiter_laeuft,
        ),
        Messung("  neue Verbindungsversuche des Workers während des Ausfalls", neue_versuche),
    ]


def sicherung(server) -> list[Messung]:
    """pg_dump, pg_restore into a new database, every table compared row by row."""
    postgres = server.postgres
    datei = postgres.verzeichnis / "sicherung.dump"
    basis = postgres.url.rsplit("/", 1)[0]
    subprocess.run(
        [_bin("pg_dump"), "--format=custom", f"--file={datei}", postgres.url],
        check=True,
        capture_output=True,
    )
    with psycopg.connect(f"{basis}/postgres", autocommit=True) as db:
        db.execute("CREATE DATABASE wiederhergestellt")
    subprocess.run(
        [_bin("pg_restore"), "--no-owner", f"--dbname={basis}/wiederhergestellt", str(datei)],
        check=True,
        capture_output=True,
    )

    def inhalt(name):
        with psycopg.connect(f"{basis}/{name}") as db:
            tabellen = [
                zeile[0]
                for zeile in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            return {
                tabelle: db.execute(
                    f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                    f'FROM "{tabelle}" t'
                ).fetchone()[0]
                for tabelle in tabellen
            }

    original, kopie = inhalt(DATENBANK), inhalt("wiederhergestellt")
    abweichend = [t for t in original if original[t] != kopie.get(t)]
    return [
        Messung("Sicherung: Tabellen", len(original)),
        Messung(
            "Sicherung: Tabellen mit abweichendem Inhalt nach pg_restore",
            len(abweichend),
            ziel="= 0",
            erreicht=not abweichend and len(original) == len(kopie) > 0,
        ),
    ]


def messen() -> list[Messung]:
    messungen = []
    with (
        produktion(versatz=2, anzahl_kmv=MITGLIEDER + 3) as server,
        Postfach(PORT_BASIS + 40 + 2) as postfach,
    ):
        # The mail server as production reads it from the environment (konzept.settings.prod).
        server.starten(
            KOMMENTARE_PRO_STUNDE=str(PRO_STUNDE),
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(postfach.port),
        )
        server.arbeiter_starten()
        zaehler = lesen(server.port, LESE_SEKUNDEN)
        fehler = sum(anzahl for status, anzahl in zaehler.items() if status != 200)
        messungen += [
            Messung(f"{LESER} Lesende, {LESE_SEKUNDEN:.0f} s: Anfragen", sum(zaehler.values())),
            Messung("  davon Fehler", fehler, ziel="= 0", erreicht=fehler == 0),
        ]
        kommentar_messungen, _ergebnisse = kommentieren(server)
        messungen += kommentar_messungen
        messungen += ausfall(server, postfach)
        server.beenden()
        messungen += sicherung(server)
    return messungen
