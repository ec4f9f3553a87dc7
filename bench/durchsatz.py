"""Issues 8 and 20.3: requests per second of the edition overview and a field page under
gunicorn (2 workers) on PostgreSQL, each against a view that returns as many bytes, computed in
advance, through the same middleware on the same server in the same run: for anonymous readers
without the reader cache, for a signed-in member of the migrant council (whose pages are never
cached; the baseline then carries the same session), and for anonymous readers with the cache.
Beside each: the CPU time the gunicorn workers spent per page. And p50/p95 of an htmx status
change.

Goals (issue 20.3): ≥ 0.1× the baseline uncached and signed in, ≥ 0.8× with the cache.
"""

import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench._server import Client, produktion
from bench.umgebung import Messung

SEKUNDEN = float(os.environ.get("BENCH_SEKUNDEN", "9"))
RUNDEN = 3
ZIEL_OHNE_CACHE = 0.1
ZIEL_MIT_CACHE = 0.8
PARALLEL = 4
SEITEN = {
    "Übersicht der Ausgabe": "/2024/",
    "Themenfeldseite": "/2024/themenfelder/feld-2/",
}


def _schleife(port: int, pfad: str, ende: float, cookies: dict) -> tuple[int, int]:
    """One client process: requests until `ende`; (answered with 200, others)."""
    client = Client(port)
    client.cookies = dict(cookies)
    gut = schlecht = 0
    while time.time() < ende:
        if client.get(pfad).status == 200:
            gut += 1
        else:
            schlecht += 1
    return gut, schlecht


def _cpu_sekunden(server) -> float:
    """CPU seconds (user and system) the gunicorn workers have spent so far."""
    kinder = Path(f"/proc/{server.prozess.pid}/task/{server.prozess.pid}/children")
    sekunden = 0.0
    for pid in kinder.read_text().split():
        try:
            felder = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        sekunden += (int(felder[11]) + int(felder[12])) / os.sysconf("SC_CLK_TCK")
    return sekunden


def anfragen_pro_sekunde(server, pfad: str, sekunden: float, cookies: dict) -> tuple[float, float]:
    """(requests per second, CPU milliseconds of the workers per request)."""
    warm = Client(server.port)
    warm.cookies = dict(cookies)
    warm.get(pfad)  # warm: templates compiled, connections open, cache filled
    cpu = _cpu_sekunden(server)
    ende = time.time() + sekunden
    with ProcessPoolExecutor(PARALLEL) as pool:
        ergebnisse = list(
            pool.map(_schleife, *zip(*[(server.port, pfad, ende, cookies)] * PARALLEL, strict=True))
        )
    schlecht = sum(s for _g, s in ergebnisse)
    if schlecht:
        raise RuntimeError(f"{pfad}: {schlecht} Antworten ohne 200")
    gut = sum(g for g, _s in ergebnisse)
    return gut / sekunden, (_cpu_sekunden(server) - cpu) * 1000 / max(gut, 1)


def verhaeltnisse(server, art: str, ziel: float, cookies: dict | None = None) -> list[Messung]:
    messungen = []
    cookies = cookies or {}
    for name, pfad in SEITEN.items():
        client = Client(server.port)
        client.cookies = dict(cookies)
        antwort = client.get(pfad)
        if antwort.status != 200:
            raise RuntimeError(f"{pfad}: {antwort.status}")
        groesse = len(antwort.text.encode())
        basis_pfad = f"/bench/gleich-gross/?bytes={groesse}"
        # Page and baseline in turns, three rounds, the median: others' load on the machine
        # then falls on both alike.
        runden = [
            (
                anfragen_pro_sekunde(server, pfad, SEKUNDEN / RUNDEN, cookies),
                anfragen_pro_sekunde(server, basis_pfad, SEKUNDEN / RUNDEN, cookies),
            )
            for _runde in range(RUNDEN)
        ]
        seite = statistics.median(s[0] for s, _b in runden)
        basis = statistics.median(b[0] for _s, b in runden)
        verhaeltnis = statistics.median(s[0] / b[0] for s, b in runden)
        basis_cpu = statistics.median(b[1] for _s, b in runden)
        messungen += [
            Messung(f"{name} {art}: Anfragen/s", seite, "1/s"),
            Messung(
                f"{name} {art}: CPU je Seite (Basis {basis_cpu:.1f} ms)",
                statistics.median(s[1] for s, _b in runden),
                "ms",
            ),
            Messung(
                f"{name} {art}: Verhältnis zur Basis ({basis:.0f}/s, {groesse} Bytes)",
                verhaeltnis,
                "×",
                f"≥ {ziel}",
                verhaeltnis >= ziel,
            ),
        ]
    return messungen


def statuswechsel(server) -> list[Messung]:
    """p50/p95 of changing a measure's status in place (htmx), as staff with both factors."""
    daten = server.daten
    client = Client(server.port).anmelden(
        daten["staff"], daten["passwort"], daten["totp_schluessel"]
    )
    pk = daten["massnahmen_entwurf"][0]
    dauer = []
    for nummer in range(60):
        (version,) = server.postgres.abfrage(
            "SELECT version FROM massnahmen_massnahme WHERE id = %s", pk
        )[0]
        status = ["in_umsetzung", "geplant"][nummer % 2]
        beginn = time.perf_counter()
        antwort = client.post(
            f"/bearbeiten/massnahme/{pk}/status/",
            {"status": status, "version": version},
            **{"HX-Request": "true"},
        )
        dauer.append((time.perf_counter() - beginn) * 1000)
        if antwort.status != 200 or f"status--{status}" not in antwort.text:
            raise RuntimeError(f"Statuswechsel nicht gespeichert: {antwort.status}")
    dauer = dauer[10:]  # the first ones compile templates
    p95 = statistics.quantiles(dauer, n=20)[-1]
    return [
        Messung("htmx-Statuswechsel p50", statistics.median(dauer), "ms"),
        Messung("htmx-Statuswechsel p95", p95, "ms"),
    ]


def messen() -> list[Messung]:
    messungen = []
    with produktion(versatz=1, anzahl_kmv=1) as server:
        server.starten(LESER_CACHE_SEKUNDEN="0")
        messungen += verhaeltnisse(server, "ohne Cache", ZIEL_OHNE_CACHE)
        mitglied = Client(server.port).anmelden(server.daten["kmv"][0], server.daten["passwort"])
        messungen += verhaeltnisse(server, "angemeldet", ZIEL_OHNE_CACHE, mitglied.cookies)
        messungen += statuswechsel(server)
        server.beenden()
        server.starten(LESER_CACHE_SEKUNDEN="600")
        messungen += verhaeltnisse(server, "mit Cache", ZIEL_MIT_CACHE)
    return messungen
