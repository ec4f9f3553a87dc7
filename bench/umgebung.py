"""What every benchmark needs: Django with a fresh test database holding the shipped content,
and one way to print results."""

import os
from dataclasses import dataclass


@dataclass
class Messung:
    """One measured number and, where the issue sets one, whether it meets its goal."""

    was: str
    wert: float
    einheit: str = ""
    ziel: str = ""
    erreicht: bool | None = None


def abfragen_gleich(name: str, einfach: int, zehnfach: int) -> list[Messung]:
    """The queries of a page at 1× and 10× content; goal: as many."""
    return [
        Messung(f"{name}: Abfragen 1×", einfach),
        Messung(
            f"{name}: Abfragen 10×", zehnfach, ziel=f"= {einfach}", erreicht=zehnfach == einfach
        ),
    ]


def verhaeltnis(
    name: str, was: str, einfach: float, zehnfach: float, einheit: str, ziel: float
) -> list[Messung]:
    """`was` at 1× and 10× content and their ratio; goal: at most `ziel`."""
    faktor = zehnfach / einfach
    return [
        Messung(f"{name}: {was} 1×", einfach, einheit),
        Messung(f"{name}: {was} 10×", zehnfach, einheit),
        Messung(
            f"{name}: {was} 10× / 1×", faktor, "×", ziel=f"≤ {ziel:g}", erreicht=faktor <= ziel
        ),
    ]


def tabelle(titel: str, messungen: list[Messung]) -> str:
    zeilen = [
        (m.was, f"{m.wert:,.3f} {m.einheit}".strip(), m.ziel, _urteil(m.erreicht))
        for m in messungen
    ]
    kopf = ("Messung", "Wert", "Ziel", "")
    breiten = [max(len(str(z[i])) for z in [kopf, *zeilen]) for i in range(4)]
    linie = "  ".join("-" * breite for breite in breiten)
    ausgabe = [f"\n== {titel}", _zeile(kopf, breiten), linie]
    ausgabe += [_zeile(zeile, breiten) for zeile in zeilen]
    return "\n".join(ausgabe)


def _zeile(werte, breiten) -> str:
    return "  ".join(str(wert).ljust(breite) for wert, breite in zip(werte, breiten, strict=True))


def _urteil(erreicht: bool | None) -> str:
    return {True: "erreicht", False: "VERFEHLT", None: ""}[erreicht]


_bereit = False


def django_mit_inhalt():
    """Django with a new test database (SQLite in memory, or `test_…` on DATABASE_URL)
    with generated content of a realistic size (tests/fabrik.py). Called once per process."""
    global _bereit
    if _bereit:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konzept.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_databases, setup_test_environment

    from tests import fabrik

    call_command("kataloge_kompilieren", verbosity=0)
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    fabrik.erzeugen()
    _bereit = True
