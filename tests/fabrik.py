"""Content for the tests, built here, independent of any district's shipped content.

Two fictional sample districts, written for the tests and marked as such:

- "Musterland" (built by the factories below): the classic shape — fields with overarching
  goals and sub-goals, measures under the sub-goals, a cross-cutting field, a migrant council
  ("Integrationsbeirat"), the built-in words for the levels.
- "Beispielkreis" (loaded from tests/daten/zweiter-landkreis/, the district's own files):
  "Bereiche" with "strategische Ziele" and numbered measures under the goals, a Bereich with
  measures straight under it, no sub-goals, a "Beirat für Migration und Integration", a
  Lenkungsgruppe and a Kreistag, numbers shown.

The suite runs on Musterland; CI runs its content-independent part a second time on
Beispielkreis (`TEST_LANDKREIS=zweiter`, tests/conftest.py). Tests reach the items they need
through `rolle()`, never by a title.
"""

import datetime
import os
from decimal import Decimal
from pathlib import Path

from django.conf import settings

ZWEITER_LANDKREIS = Path(__file__).parent / "daten" / "zweiter-landkreis"


def beispiel() -> str:
    """Which sample district this run uses: "musterland" (default) or "zweiter"."""
    return os.environ.get("TEST_LANDKREIS", "musterland").strip().lower() or "musterland"


# Items with a part to play in the tests, by their key in each sample district.
ROLLEN = {
    "musterland": {
        # A measure with a lead, a partner, a budget and provenance.
        "massnahme": "sprache.arbeit.jobmessen",
        # Another measure of another field.
        "andere_massnahme": "gesundheit.versorgung.sprachmittlung",
        # A measure the migrant council brought in.
        "kmv_massnahme": "sprache.foerderung.weiterfuehrende-kurse",
        "themenfeld": "sprache",
        "leitziel": "sprache.kurse",
        "ziel_mit_massnahmen": "sprache.arbeit",
        "format_kmv": "beirat",
        "organisation": "Jobcenter Musterland",
    },
    "zweiter": {
        "massnahme": "b1.z1.m1",
        "andere_massnahme": "b2.z1.m1",
        "kmv_massnahme": "b1.z1.m2",
        "themenfeld": "b1",
        "leitziel": "b1.z1",
        "ziel_mit_massnahmen": "b1.z1",
        "format_kmv": "beirat",
        "organisation": "Jobcenter Beispielkreis",
    },
}


def rolle(name: str) -> str:
    return ROLLEN[beispiel()][name]


def laden():
    """Builds this run's sample district and its adopted 2024 edition; returns the edition."""
    if beispiel() == "zweiter":
        from konzept.laden import dateien_aus, inhalte_laden
        from konzept.models import Edition

        inhalte_laden(dateien=dateien_aus(ZWEITER_LANDKREIS))
        return Edition.objects.get(jahr=2024)
    return musterland()


# The factories.


def landkreis_anlegen(**werte):
    from konzept.models import Landkreis

    werte = {
        "name": "Landkreis Musterland",
        "koordinierungsstelle": "Stabsstelle Integration",
        "kontakt_email": "integration@musterland.example",
        "kontakt_telefon": "01234 567-0",
        "anschrift": "Kreishaus\nMusterstraße 1\n12345 Musterstadt",
        **werte,
    }
    return Landkreis.objects.create(**werte)


def beteiligungsarten_anlegen() -> dict:
    """The kinds of participation of Musterland, by key."""
    from beteiligung.models import Beteiligungsart

    arten = [
        ("verwaltung", "Verwaltung – Umfrage", "", False, ""),
        ("akteure", "Träger und Vereine – Workshops", "", False, ""),
        ("beirat", "Integrationsbeirat", "IB", True, "Vorschlag des Integrationsbeirats"),
        ("politik", "Politik", "", False, ""),
    ]
    return {
        key: Beteiligungsart.objects.create(
            key=key,
            position=position,
            name=name,
            kurzname=kurzname,
            migrationsvertretung=vertretung,
            kennzeichen=kennzeichen,
        )
        for position, (key, name, kurzname, vertretung, kennzeichen) in enumerate(arten, 1)
    }


def gremien_anlegen() -> dict:
    from beteiligung.models import Gremium

    gremien = [
        ("sozialausschuss", "Sozialausschuss", False),
        ("kreistag", "Kreistag", True),
    ]
    return {
        key: Gremium.objects.create(key=key, position=position, name=name, beschliesst=beschliesst)
        for position, (key, name, beschliesst) in enumerate(gremien, 1)
    }


# Musterland's accessibility statement: its parts as data (issue 17.12) and its known barriers
# (text, reason, alternative); the first one is machine-translated into English.
MUSTERLAND_ERKLAERUNG = {
    "vereinbarkeit": "teilweise",
    "erstellt_am": datetime.date(2024, 3, 1),
    "geprueft_am": datetime.date(2025, 2, 3),
    "methode": "selbstbewertung",
    "schlichtungsstelle": "Schlichtungsstelle Musterland (fiktiv)",
    "schlichtungsstelle_url": "https://schlichtung.musterland.example/",
}
MUSTERLAND_BARRIEREN = [
    (
        "Übersetzungen sind maschinell und ungeprüft.",
        "Die Stabsstelle prüft sie nach und nach.",
        "Der deutsche Text ist verbindlich.",
    ),
    ("Die PDF-Fassung ist nicht mit Screenreadern geprüft.", "Die Prüfung steht aus.", ""),
]
MUSTERLAND_BARRIERE_EN = {
    "text": "Translations are machine-made and unchecked.",
    "grund": "The office checks them step by step.",
    "alternative": "The German text is binding.",
}


def seiten_anlegen():
    from konzept.models import Seite, Uebersetzungsstatus

    for art, titel in (
        ("impressum", "Impressum"),
        ("datenschutz", "Datenschutz"),
        ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ):
        erklaerung = MUSTERLAND_ERKLAERUNG if art == "barrierefreiheit" else {}
        seite = Seite.objects.create(
            art=art, titel=titel, einleitung=f"{titel} von Musterland.", **erklaerung
        )
        seite.abschnitte.create(position=1, ueberschrift="Kontakt", text="Stabsstelle Integration")
    seite = Seite.objects.get(art="barrierefreiheit")
    for position, (text, grund, alternative) in enumerate(MUSTERLAND_BARRIEREN, 1):
        seite.barrieren.create(position=position, text=text, grund=grund, alternative=alternative)
    erste = seite.barrieren.get(position=1)
    erste.uebersetzung_setzen("en", MUSTERLAND_BARRIERE_EN, Uebersetzungsstatus.MASCHINELL)
    erste.save()


# Musterland's concept: (field key, title, cross-cutting, goals, sub-goals with their measures).
# A measure: (key, title, provenance keys, lead, partners, budget).
MUSTERLAND_FELDER = [
    (
        "sprache",
        "Sprache, Bildung und Arbeit",
        False,
        [("kurse", "Ausreichende Sprachkurse schaffen."), ("arbeit", "Arbeit ermöglichen.")],
        [
            (
                "foerderung",
                "Sprachförderung ausbauen",
                ["verwaltung"],
                [
                    ("integrationskurse", "Integrationskurse", ["verwaltung"], None, [], None),
                    ("sprachcafes", "Sprachcafés", ["akteure"], None, [], None),
                    (
                        "weiterfuehrende-kurse",
                        "Weiterführende Sprachkurse",
                        ["beirat"],
                        "Volkshochschule Musterland",
                        [],
                        None,
                    ),
                ],
            ),
            (
                "arbeit",
                "Den Zugang zu Arbeit erleichtern",
                ["akteure"],
                [
                    (
                        "jobmessen",
                        "Jobmessen",
                        ["akteure"],
                        "Jobcenter Musterland",
                        ["Volkshochschule Musterland"],
                        Decimal("2500.50"),
                    ),
                    ("anerkennung", "Anerkennung von Abschlüssen", ["verwaltung"], None, [], None),
                ],
            ),
        ],
    ),
    (
        "gesundheit",
        "Gesundheit",
        False,
        [("zugang", "Gleicher Zugang zur Gesundheitsversorgung.")],
        [
            (
                "versorgung",
                "Gesundheitsversorgung verbessern",
                ["beirat"],
                [
                    (
                        "sprachmittlung",
                        "Sprachmittlung in Arztpraxen",
                        ["beirat"],
                        "Gesundheitsamt Musterland",
                        [],
                        Decimal("10000"),
                    ),
                ],
            ),
        ],
    ),
    (
        "uebergreifend",
        "Themenunabhängige Maßnahmen",
        True,
        [],
        [
            (
                "vernetzung",
                "Vernetzung",
                [],
                [("netzwerktreffen", "Netzwerktreffen", ["verwaltung"], None, [], None)],
            ),
        ],
    ),
]

# Machine translations of a few items, so that pages show translated, fallback and marked text.
MUSTERLAND_UEBERSETZUNGEN = {
    "en": {
        "edition": {"titel": "Integration Plan 2024"},
        "themenfeld:sprache": {"titel": "Language, education and work"},
        "massnahme:sprache.arbeit.jobmessen": {"titel": "Job fairs"},
    },
    "ar": {
        "edition": {"titel": "خطة الاندماج 2024"},
        "themenfeld:sprache": {"titel": "اللغة والتعليم والعمل"},
        "massnahme:sprache.arbeit.jobmessen": {"titel": "معارض التوظيف"},
    },
}


def musterland(*, jahr: int = 2024):
    """Musterland with its adopted edition `jahr`: the suite's default content."""
    from konzept.models import Edition, Uebersetzungsstatus

    landkreis_anlegen()
    arten = beteiligungsarten_anlegen()
    gremien_anlegen()
    seiten_anlegen()
    edition = Edition.objects.create(
        jahr=jahr,
        titel=f"Integrationskonzept {jahr}",
        status=Edition.Status.BESCHLOSSEN,
        stichtag=datetime.date(jahr - 1, 12, 31),
        ausgangssituation="Im Landkreis leben viele Menschen ohne deutschen Pass.\n"
        "Die Herausforderungen sind vielfältig.",
        hintergrund="Der Kreistag hat das Konzept in Auftrag gegeben.\n"
        "Fortschreibung alle zwei Jahre.",
        leitgedanke="Integration als gemeinsame Aufgabe.",
    )
    edition.kennzahlen.create(
        key="auslaendische-staatsangehoerigkeit",
        position=1,
        bezeichnung="Menschen mit ausländischer Staatsangehörigkeit",
        wert=Decimal("8000"),
        einheit="Personen",
        stichtag=datetime.date(jahr - 1, 12, 31),
        quelle="AZR",
    )
    edition.kennzahlen.create(
        key="anteil",
        position=2,
        bezeichnung="Anteil an der Bevölkerung",
        wert=Decimal("9"),
        einheit="%",
        quelle="AZR",
    )
    edition.rechtsgrundlagen.create(
        key="aufenthg", position=1, kuerzel="AufenthG", titel="Aufenthaltsgesetz"
    )
    edition.rechtsgrundlagen.create(key="asylg", position=2, kuerzel="AsylG", titel="Asylgesetz")
    formate = {
        key: edition.beteiligungsformate.create(
            key=key, position=position, art=art, titel=f"Beteiligung: {art.name}"
        )
        for position, (key, art) in enumerate(arten.items(), 1)
    }
    felder_anlegen(edition, MUSTERLAND_FELDER, formate)
    uebersetzungen_setzen(edition, MUSTERLAND_UEBERSETZUNGEN, Uebersetzungsstatus.MASCHINELL)
    return edition


def organisation(name: str):
    from massnahmen.models import Organisation

    return Organisation.objects.get_or_create(name=name)[0]


def felder_anlegen(edition, felder, formate):
    from massnahmen.models import Massnahme

    for position, (key, titel, uebergreifend, leitziele, teilziele) in enumerate(felder, 1):
        themenfeld = edition.themenfelder.create(
            key=key, position=position, titel=titel, themenunabhaengig=uebergreifend
        )
        for ziel_position, (ziel_key, text) in enumerate(leitziele, 1):
            themenfeld.leitziele.create(key=f"{key}.{ziel_key}", position=ziel_position, text=text)
        for teil_position, (teil_key, teil_titel, herkunft, massnahmen) in enumerate(teilziele, 1):
            teilziel = themenfeld.teilziele.create(
                key=f"{key}.{teil_key}", position=teil_position, titel=teil_titel
            )
            teilziel.herkunft.set([formate[name] for name in herkunft])
            for m_position, (m_key, m_titel, m_herkunft, lead, partner, budget) in enumerate(
                massnahmen, 1
            ):
                massnahme = Massnahme.objects.create(
                    themenfeld=themenfeld,
                    teilziel=teilziel,
                    key=f"{teilziel.key}.{m_key}",
                    position=m_position,
                    titel=m_titel,
                    beschreibung=f"{m_titel} im ganzen Landkreis.",
                    federfuehrung=organisation(lead) if lead else None,
                    budget=budget,
                    zeitraum="2024–2025",
                )
                massnahme.herkunft.set([formate[name] for name in m_herkunft])
                massnahme.partner.set([organisation(name) for name in partner])


def uebersetzungen_setzen(edition, uebersetzungen: dict, status: str):
    """Sets translations by "kind:key" (or "edition") with a state, as the translation
    workspace or a content file would."""
    from konzept import uebersetzung

    elemente = {f"{e.art}:{e.key}": e.objekt for e in uebersetzung.elemente(edition)}
    elemente["edition"] = edition
    for sprache, eintraege in uebersetzungen.items():
        for kennung, werte in eintraege.items():
            objekt = elemente[kennung]
            objekt.uebersetzung_speichern(sprache, werte, status)


def vollstaendig_uebersetzen(objekt, sprachen, status: str = "maschinell"):
    """Gives an item a translation of every text it has into `sprachen` (marked with the
    language, so that a test can find it), so that its state is `status` and not "fehlt"."""
    for sprache in sprachen:
        objekt.uebersetzung_speichern(
            sprache,
            {
                feld: f"{objekt.quelltext(feld)} [{sprache}]"
                for feld in objekt.uebersetzbare_felder()
                if objekt.quelltext(feld)
            },
            status,
        )
    return objekt


def ausgabe_von(edition, sprache: str = settings.LANGUAGE_CODE):
    """The edition's title in a language (a small helper for assertions)."""
    return edition.uebersetzung("titel", sprache) or edition.titel


def verzehnfachen(edition):
    """Adds nine copies of every field with its whole tree (10× content)."""
    from themenfelder.models import Leitziel, Teilziel, Themenfeld

    originale = list(
        edition.themenfelder.prefetch_related(
            "leitziele__herkunft", "teilziele__herkunft", "massnahmen__herkunft"
        )
    )
    position = len(originale)
    for kopie in range(1, 10):
        for original in originale:
            position += 1
            themenfeld = Themenfeld.objects.create(
                edition=edition,
                key=f"{original.key}-{kopie}",
                position=position,
                titel=f"{original.titel} {kopie}",
                themenunabhaengig=original.themenunabhaengig,
            )
            ziele = {}
            for model, ziel in [
                *((Leitziel, ziel) for ziel in original.leitziele.all()),
                *((Teilziel, ziel) for ziel in original.teilziele.all()),
            ]:
                herkunft = list(ziel.herkunft.all())
                alte_pk = ziel.pk
                ziel.pk, ziel.id = None, None
                ziel.themenfeld = themenfeld
                ziel.key = f"{ziel.key}-{kopie}"
                ziel.save()
                ziel.herkunft.set(herkunft)
                ziele[(model, alte_pk)] = ziel
            for massnahme in original.massnahmen.all():
                herkunft = list(massnahme.herkunft.all())
                massnahme.pk, massnahme.id = None, None
                massnahme.themenfeld = themenfeld
                massnahme.leitziel = ziele.get((Leitziel, massnahme.leitziel_id))
                massnahme.teilziel = ziele.get((Teilziel, massnahme.teilziel_id))
                massnahme.key = f"{massnahme.key}-{kopie}"
                massnahme.save()
                massnahme.herkunft.set(herkunft)
    return edition


def kommentieren(edition, autoren) -> list:
    """One comment on every item of the edition's tree that has none yet, by `autoren` in
    turn: in turn new, answered and hidden, every other one in Arabic, every fourth with its
    author's name shown. Called again after verzehnfachen(), it comments the copies: the
    comments grow with the content. Returns the new comments, oldest first."""
    import uuid

    from beteiligung.models import Beteiligungsphase, Kommentar
    from konzept import baum

    phase = edition.phasen.first() or Beteiligungsphase.objects.create(
        edition=edition,
        beginn=datetime.datetime(edition.jahr - 1, 10, 1, tzinfo=datetime.UTC),
        ende=datetime.datetime(edition.jahr - 1, 11, 1, tzinfo=datetime.UTC),
    )
    neu = []
    for ebene in baum.EBENEN:
        elemente = ebene.model.objects.filter(
            **{ebene.edition_pfad: edition, "kommentare__isnull": True}
        ).order_by("pk")
        for element in elemente:
            nummer = len(neu)
            status = Kommentar.Status.values[nummer % 3]
            neu.append(
                Kommentar(
                    edition=edition,
                    phase=phase,
                    **{ebene.name: element},
                    autor=autoren[nummer % len(autoren)],
                    gruppe=Kommentar.Gruppe.MIGRATIONSVERTRETUNG,
                    name_zeigen=nummer % 4 == 0,
                    text=f"Kommentar {nummer} zu {element}",
                    sprache="ar" if nummer % 2 else "de",
                    einreichung=uuid.uuid4(),
                    status=status,
                    einstufung="kenntnis" if status == Kommentar.Status.BEANTWORTET else "",
                    antwort="Danke." if status == Kommentar.Status.BEANTWORTET else "",
                    verborgen_grund="Beleidigung" if status == Kommentar.Status.VERBORGEN else "",
                )
            )
    return Kommentar.objects.bulk_create(neu)


# Generated content of a realistic size, for the benchmarks (bench/): fields with goals,
# sub-goals and measures in the classic shape, machine-translated into every language.
SAETZE = {
    "de": ("Sprachkurse am Abend für Berufstätige", "Ziel", "Feld"),
    "en": ("Evening language courses for working people", "Goal", "Field"),
    "ar": ("دورات لغة مسائية للعاملين", "هدف", "مجال"),
    "fa": ("کلاس‌های زبان عصرگاهی برای شاغلان", "هدف", "حوزه"),
    "uk": ("Вечірні мовні курси для працюючих", "Ціль", "Напрям"),
    "ru": ("Вечерние языковые курсы для работающих", "Цель", "Направление"),
    "tr": ("Çalışanlar için akşam dil kursları", "Hedef", "Alan"),
}


def erzeugen(*, jahr: int = 2024, felder: int = 7, teilziele: int = 4, massnahmen: int = 2):
    """A generated district with its adopted edition `jahr`: `felder` fields, each with two
    goals and `teilziele` sub-goals of `massnahmen` measures; every text in every language."""
    from konzept.models import Edition, Uebersetzungsstatus
    from massnahmen.models import Massnahme

    landkreis_anlegen(name="Landkreis Messdaten (generiert)")
    arten = beteiligungsarten_anlegen()
    gremien_anlegen()
    seiten_anlegen()
    edition = Edition.objects.create(
        jahr=jahr,
        titel=f"Integrationskonzept {jahr}",
        status=Edition.Status.BESCHLOSSEN,
        ausgangssituation="\n".join(
            f"Aussage {nummer} zur Ausgangssituation." for nummer in range(4)
        ),
        hintergrund="\n".join(f"Aussage {nummer} zum Hintergrund." for nummer in range(4)),
        leitgedanke="Integration als gemeinsame Aufgabe.",
    )
    formate = {
        key: edition.beteiligungsformate.create(
            key=key, position=position, art=art, titel=f"Beteiligung: {art.name}"
        )
        for position, (key, art) in enumerate(arten.items(), 1)
    }
    lead = organisation("Jobcenter")
    uebersetzungen: dict[str, dict] = {sprache: {} for sprache in SAETZE if sprache != "de"}
    zaehler = 0
    for f in range(1, felder + 1):
        themenfeld = edition.themenfelder.create(
            key=f"feld-{f}", position=f, nummer=str(f), titel=f"Feld {f}: Sprache und Arbeit"
        )
        for z in range(1, 3):
            themenfeld.leitziele.create(
                key=f"feld-{f}.ziel-{z}", position=z, nummer=f"{f}.{z}", text=f"Ziel {f}.{z}"
            )
        for t in range(1, teilziele + 1):
            teilziel = themenfeld.teilziele.create(
                key=f"feld-{f}.teilziel-{t}", position=t, titel=f"Teilziel {f}.{t}"
            )
            teilziel.herkunft.set([formate["akteure"]])
            for m in range(1, massnahmen + 1):
                zaehler += 1
                nummer = f"{f}.{t}.{m}"
                massnahme = Massnahme.objects.create(
                    themenfeld=themenfeld,
                    teilziel=teilziel,
                    key=f"{teilziel.key}.massnahme-{m}",
                    position=m,
                    nummer=nummer,
                    titel=f"{SAETZE['de'][0]} {nummer}",
                    beschreibung=f"Beschreibung der Maßnahme {nummer} mit einigen Worten mehr.",
                    federfuehrung=lead,
                    zeitraum="2024–2025",
                )
                massnahme.herkunft.set([formate["beirat" if zaehler % 7 == 0 else "verwaltung"]])
                for sprache, eintraege in uebersetzungen.items():
                    satz = SAETZE[sprache][0]
                    eintraege[f"massnahme:{massnahme.key}"] = {
                        "titel": f"{satz} {nummer}",
                        "beschreibung": f"{satz} ({nummer}).",
                        "zeitraum": "2024–2025",
                    }
            for sprache, eintraege in uebersetzungen.items():
                eintraege[f"teilziel:{teilziel.key}"] = {"titel": f"{SAETZE[sprache][1]} {f}.{t}"}
        for sprache, eintraege in uebersetzungen.items():
            eintraege[f"themenfeld:{themenfeld.key}"] = {"titel": f"{SAETZE[sprache][2]} {f}"}
            for z in range(1, 3):
                eintraege[f"leitziel:feld-{f}.ziel-{z}"] = {"text": f"{SAETZE[sprache][1]} {f}.{z}"}
    uebersetzungen_setzen(edition, uebersetzungen, Uebersetzungsstatus.MASCHINELL)
    return edition


def datenbank_abzug() -> dict:
    """The content as comparable values, to show that something changed nothing."""
    from beteiligung.models import Beteiligungsformat
    from konzept.models import Edition, Kennzahl, Landkreis, Rechtsgrundlage, Seite
    from massnahmen.models import Massnahme, Organisation, Umsetzungsnotiz
    from themenfelder.models import Leitziel, Teilziel, Themenfeld

    return {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (
            Landkreis,
            Seite,
            Edition,
            Kennzahl,
            Rechtsgrundlage,
            Beteiligungsformat,
            Themenfeld,
            Leitziel,
            Teilziel,
            Massnahme,
            Organisation,
            Umsetzungsnotiz,
        )
    } | {
        "herkunft": sorted(
            Massnahme.herkunft.through.objects.values_list(
                "massnahme__key", "beteiligungsformat__key"
            )
        )
    }
