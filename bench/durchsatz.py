"""Issue 8: requests per second of the edition overview and a field page under gunicorn
(2 workers) on PostgreSQL, each against a view that returns as many bytes, computed in
advance, through the same middleware on the same server in the same run; first without,
then with the cache for anonymous readers. And p50/p95 of an htmx status change.

Goals: ≥ 0.3× the baseline without the cache, ≥ 0.8× with it.
"""

import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from bench._server import Client, produktion
from bench.umgebung import Messung

SEKUNDEN = float(os.environ.get("BENCH_SEKUNDEN", "9"))
RUNDEN = 3
PARALLEL = 4
SEITEN = {
    "Übersicht der Ausgabe": "/2024/",
    "Themenfeldseite": "/2024/themenfelder/feld-2/",
}


def _schleife(port: int, pfad: str, ende: float) -> tuple[int, int]:
    """One client process: requests until `ende`; (answered with 200, others)."""
    client = Client(port)
    gut = schlecht = 0
    while time.time() < ende:
        if client.get(pfad).status == 200:
            gut += 1
        else:
            schlecht += 1
    return gut, schlecht


def anfragen_pro_sekunde(port: int, pfad: str, sekunden: float) -> float:
    Client(port).get(pfad)  # warm: templates compiled, connections open, cache filled
    ende = time.time() + sekunden
    with ProcessPoolExecutor(PARALLEL) as pool:
        ergebnisse = list(
            pool.map(_schleife, [port] * PARALLEL, [pfad] * PARALLEL, [ende] * PARALLEL)
        )
    schlecht = sum(s for _g, s in ergebnisse)
    if schlecht:
        raise RuntimeError(f"{pfad}: {schlecht} Antworten ohne 200")
    return sum(g for g, _s in ergebnisse) / sekunden


def verhaeltnisse(server, mit_cache: bool) -> list[Messung]:
    messungen = []
    ziel = 0.8 if mit_cache else 0.3
    art = "mit Cache" if mit_cache else "ohne Cache"
    for name, pfad in SEITEN.items():
        groesse = len(Client(server.port).get(pfad).text.encode())
        # Page and baseline in turns, three rounds, the median: others' load on the machine
        # then falls on both alike.
        runden = [
            (
                anfragen_pro_sekunde(server.port, pfad, SEKUNDEN / RUNDEN),
                anfragen_pro_sekunde(
                    server.port, f"/bench/gleich-gross/?bytes={groesse}", SEKUNDEN / RUNDEN
                ),
            )
            for _runde in range(RUNDEN)
        ]
        seite = statistics.median(s for s, _b in runden)
        basis = statistics.median(b for _s, b in runden)
        messungen.append(Messung(f"{name} {art}: Anfragen/s", seite, "1/s"))
        messungen.append(
            Messung(
                f"{name} {art}: Verhältnis zur Basis ({basis:.0f}/s, {groesse} Bytes)",
                statistics.median(s / b for s, b in runden),
                "×",
                f"≥ {ziel}",
                statistics.median(s / b for s, b in runden) >= ziel,
            )
        )
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
    with produktion(versatz=1) as server:
        server.starten(LESER_CACHE_SEKUNDEN="0")
        messungen += verhaeltnisse(server, mit_cache=False)
        messungen += statuswechsel(server)
        server.beenden()
        server.starten(LESER_CACHE_SEKUNDEN="600")
        messungen += verhaeltnisse(server, mit_cache=True)
    return messungen
