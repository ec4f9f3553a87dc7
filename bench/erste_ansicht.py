"""Issue 20.1: the first view on a phone. Chromium (Playwright, /usr/bin/chromium) emulates a
phone on Slow 4G (DevTools preset: 562.5 ms latency, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9
up) with a 4× slower CPU and loads the edition overview, a field page and a measure page in
German and Arabic from gunicorn in the production configuration (WhiteNoise, reader cache),
five times each with an empty cache; the median counts.

Per page: the bytes transferred until the network is idle (HTML, styles, fonts, scripts,
icon), goal ≤ 150 KB; the first contentful paint, goal ≤ 1.0 s and ≤ 1.3× the floor; and,
without a goal, the cumulative layout shift until then (the swap from the fallback fonts). The
floor is the same page as static HTML of the same size without stylesheets, fonts and
scripts (each removed element becomes an HTML comment of the same length, so the bytes and
their compression stay the same), served by the same server in the same run, loaded in turn
with the page.
"""

import re
import statistics
import tempfile
from pathlib import Path

from bench._server import Client, produktion
from bench.umgebung import Messung
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

# Chrome DevTools' "Slow 4G" preset.
SLOW_4G = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
    "uploadThroughput": 750 * 1000 / 8 * 0.9,
    "connectionType": "cellular4g",
}
CPU_VERLANGSAMUNG = 4
TELEFON = {
    "viewport": {"width": 412, "height": 823},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
    ),
}
LADUNGEN = 5
ZIEL_KB = 150
ZIEL_FCP_MS = 1000
ZIEL_BODEN = 1.3
# What a static page without styles, fonts and scripts leaves out.
ENTFERNEN = re.compile(
    r"<style\b.*?</style>|<script\b.*?</script>|<link\b[^>]*\brel=\"(?:stylesheet|preload)\"[^>]*>",
    re.DOTALL,
)


def boden_html(html: str) -> str:
    """The floor of a page: its HTML with every style, font and script element replaced by a
    comment of the same length."""

    def kommentar(treffer: re.Match) -> str:
        text = treffer.group(0)
        return "<!--" + text[4:-3].replace("--", "__") + "-->"

    return ENTFERNEN.sub(kommentar, html)


def seiten(daten: dict) -> dict[str, str]:
    feld, massnahme = daten["themenfeld_2024"], daten["massnahme_2024"]
    return {
        "Übersicht de": "/2024/",
        "Übersicht ar": "/ar/2024/",
        "Themenfeld de": feld,
        "Themenfeld ar": f"/ar{feld}",
        "Maßnahme de": massnahme,
        "Maßnahme ar": f"/ar{massnahme}",
    }


# Adds up the layout shifts of the page (an init script: the page's CSP does not apply).
VERSCHIEBUNG = """window.__verschiebung = 0;
new PerformanceObserver((liste) => {
    for (const e of liste.getEntries()) if (!e.hadRecentInput) window.__verschiebung += e.value;
}).observe({type: "layout-shift", buffered: true});"""


def laden(browser, url: str) -> tuple[float, int, int, float]:
    """One cold load: (first contentful paint in ms, bytes transferred, requests, layout
    shift)."""
    context = browser.new_context(**TELEFON, extra_http_headers={"X-Forwarded-Proto": "https"})
    context.add_init_script(script=VERSCHIEBUNG)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        empfangen: dict[str, int] = {}
        cdp.on(
            "Network.loadingFinished",
            lambda e: empfangen.__setitem__(e["requestId"], int(e["encodedDataLength"])),
        )
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_VERLANGSAMUNG})
        antwort = page.goto(url, wait_until="load", timeout=60_000)
        if antwort is None or antwort.status != 200:
            raise RuntimeError(f"{url}: {antwort and antwort.status}")
        page.wait_for_load_state("networkidle", timeout=60_000)
        # On a busy machine the load event can come before the first paint.
        page.wait_for_function(
            "performance.getEntriesByName('first-contentful-paint').length > 0", timeout=30_000
        )
        fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
        verschiebung = float(page.evaluate("window.__verschiebung"))
        return float(fcp), sum(empfangen.values()), len(empfangen), verschiebung
    finally:
        context.close()


def messen() -> list[Messung]:
    if not CHROMIUM.exists():
        raise RuntimeError(f"Chromium fehlt unter {CHROMIUM} (Debian-Paket `chromium`).")
    from playwright.sync_api import sync_playwright

    messungen = []
    with (
        tempfile.TemporaryDirectory(prefix="erste-ansicht-") as ordner,
        produktion(versatz=3) as server,
    ):
        server.starten(BENCH_BODEN_ORDNER=ordner)
        basis = f"http://127.0.0.1:{server.port}"
        adressen = {}
        for nummer, (name, pfad) in enumerate(seiten(server.daten).items()):
            antwort = Client(server.port).get(pfad)  # also fills the reader cache
            if antwort.status != 200:
                raise RuntimeError(f"{pfad}: {antwort.status}")
            (Path(ordner) / f"seite-{nummer}.html").write_text(boden_html(antwort.text))
            adressen[name] = (basis + pfad, f"{basis}/bench/boden/seite-{nummer}/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for name, (url, boden_url) in adressen.items():
                    laden(browser, url)  # once to warm the server (templates, connections)
                    seite, boden = [], []
                    # Page and floor in turns: others' load on the machine falls on both alike.
                    for _ladung in range(LADUNGEN):
                        seite.append(laden(browser, url))
                        boden.append(laden(browser, boden_url))
                    messungen += _auswerten(name, seite, boden)
            finally:
                browser.close()
    return messungen


def _auswerten(name, seite, boden) -> list[Messung]:
    fcp = statistics.median(s[0] for s in seite)
    kb = statistics.median(s[1] for s in seite) / 1024
    anfragen = statistics.median(s[2] for s in seite)
    verschiebung = statistics.median(s[3] for s in seite)
    boden_fcp = statistics.median(b[0] for b in boden)
    verhaeltnis = statistics.median(s[0] / b[0] for s, b in zip(seite, boden, strict=True))
    return [
        Messung(
            f"{name}: übertragen ({anfragen:.0f} Anfragen)",
            kb,
            "KB",
            f"≤ {ZIEL_KB}",
            kb <= ZIEL_KB,
        ),
        Messung(
            f"{name}: First Contentful Paint", fcp, "ms", f"≤ {ZIEL_FCP_MS}", fcp <= ZIEL_FCP_MS
        ),
        Messung(
            f"{name}: FCP ÷ Boden ({boden_fcp:.0f} ms)",
            verhaeltnis,
            "×",
            f"≤ {ZIEL_BODEN}",
            verhaeltnis <= ZIEL_BODEN,
        ),
        Messung(f"{name}: Layout-Verschiebung (CLS)", verschiebung),
    ]
