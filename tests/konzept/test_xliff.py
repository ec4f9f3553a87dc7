"""Issue 18.4: XLIFF that survives real translation tools.

Line breaks stored as LF whatever the browser sends (and mended where they were stored with
CRLF), `xml:space="preserve"` on every unit, the state of each translation in XLIFF 1.2's own
attributes and respected on import, segmented and marked targets read completely, round trips
through translate-toolkit (`xliff2po` → `pomerge`/`po2xliff`, `podebug`), and bad files refused
with a report, nothing half-applied.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from konzept.models import Uebersetzungsstatus
from konzept.texte import gespeichertes_vereinheitlichen
from massnahmen.models import Massnahme
from tests.konzept.test_bearbeiten import formulardaten

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SPRACHE = "ar"
MEHRZEILIG = "Erste Zeile\nZweite Zeile\n- ein Punkt\n- noch ein Punkt"


def mehrzeilig(nummer: int) -> str:
    # Distinct German texts: pomerge matches units whose ids it cannot match by their text.
    return f"{MEHRZEILIG} ({nummer})"


ZIEL_MEHRZEILIG = "السطر الأول\nالسطر الثاني\n- نقطة\n- نقطة أخرى"


def quelle_setzen(massnahme, **felder):
    """Sets German source texts as stored (base column and the German column); a measure's
    timeframe and indicators are emptied, so that title and description are all there is to
    translate."""
    werte = {}
    for feld, text in {"zeitraum": "", "indikatoren": "", **felder}.items():
        werte |= {feld: text, f"{feld}_de": text}
    Massnahme.objects.filter(pk=massnahme.pk).update(**werte)
    massnahme.refresh_from_db()


@pytest.fixture
def vier(inhalt):
    """Four measures of the edition, one in each state of their Arabic translation, each with
    a German description of several lines: (maschinell, geprüft, veraltet, fehlt)."""
    massnahmen = list(Massnahme.objects.in_edition(inhalt)[:4])
    for nummer, massnahme in enumerate(massnahmen):
        quelle_setzen(massnahme, titel=f"Maßnahme {nummer}", beschreibung=mehrzeilig(nummer))
        massnahme.uebersetzung_speichern(
            SPRACHE,
            {"titel": f"الإجراء {nummer}", "beschreibung": ZIEL_MEHRZEILIG},
            Uebersetzungsstatus.GEPRUEFT if nummer == 1 else Uebersetzungsstatus.MASCHINELL,
        )
    quelle_setzen(massnahmen[2], titel="Maßnahme 2, neu gefasst")
    massnahmen[3].uebersetzung_speichern(SPRACHE, {"titel": ""}, Uebersetzungsstatus.MASCHINELL)
    erwartet = ["maschinell", "geprueft", "veraltet", "fehlt"]
    assert [m.uebersetzungsstatus(SPRACHE) for m in massnahmen] == erwartet
    return massnahmen


def export(client, jahr, sprache=SPRACHE) -> str:
    antwort = client.get(f"/uebersetzung/{jahr}/{sprache}/export.xlf")
    assert antwort.status_code == 200
    return antwort.content.decode()


def einlesen(client, jahr, inhalt: str | bytes, sprache=SPRACHE):
    daten = inhalt.encode() if isinstance(inhalt, str) else inhalt
    return client.post(
        f"/uebersetzung/{jahr}/{sprache}/import/",
        {"datei": SimpleUploadedFile("datei.xlf", daten)},
    )


def gespeichert():
    """Every measure's translations and their states, to show that nothing changed."""
    spalten = [f"{feld}_{code}" for feld in Massnahme.uebersetzbare_felder() for code in ("ar",)]
    return sorted(Massnahme.objects.values_list("pk", "uebersetzungsstand", *spalten))


def einheit(xml: str, kennung: str):
    wurzel = ElementTree.fromstring(xml.encode())
    return wurzel.find(f".//x:trans-unit[@id='{kennung}']", NS)


def kennung(massnahme, feld="titel"):
    return f"massnahme:{massnahme.key}:{feld}"


# Line breaks


def test_zeilenumbrueche_aus_dem_browser_werden_lf(staff_client, entwurf):
    """Issue 18.4: a textarea sends CRLF; the source is stored with LF, and its own export
    reads back unchanged ("keine Änderungen", not a refusal as the source "changed")."""
    massnahme = Massnahme.objects.in_edition(entwurf).first()
    antwort = staff_client.post(
        f"/bearbeiten/massnahme/{massnahme.pk}/",
        formulardaten(massnahme, beschreibung="Erste Zeile\r\nZweite Zeile\r\n- Punkt"),
    )
    assert antwort.status_code == 302
    massnahme.refresh_from_db()
    assert massnahme.beschreibung_de == "Erste Zeile\nZweite Zeile\n- Punkt"
    antwort = einlesen(staff_client, entwurf.jahr, export(staff_client, entwurf.jahr))
    assert antwort.status_code == 200
    assert "Keine Änderungen" in antwort.text


def test_zeilenumbrueche_im_uebersetzungsformular_werden_lf(staff_client, inhalt):
    """Issue 18.4: the translation form stores what the browser sent with LF; the length
    counts the characters the browser counted (a line break is one)."""
    massnahme = Massnahme.objects.in_edition(inhalt).first()
    quelle_setzen(massnahme, beschreibung=MEHRZEILIG)
    grenze = Massnahme._meta.get_field("beschreibung").max_length
    text = ("x" * 99 + "\r\n") * (grenze // 100)
    antwort = staff_client.post(
        f"/uebersetzung/{inhalt.jahr}/{SPRACHE}/massnahme/{massnahme.pk}/",
        {"titel": "عنوان", "beschreibung": text, "status": "maschinell"},
    )
    assert antwort.status_code == 302
    massnahme.refresh_from_db()
    assert massnahme.beschreibung_ar == text.replace("\r\n", "\n").strip()
    assert len(massnahme.beschreibung_ar) <= grenze < len(text)


def test_zeilenumbrueche_beim_speichern_ausserhalb_der_formulare(inhalt):
    """Issue 18.4: the admin, the shell and loaders save through the model: LF there too."""
    massnahme = Massnahme.objects.in_edition(inhalt).first()
    massnahme.beschreibung = "eins\r\nzwei\rdrei"
    massnahme.save()
    massnahme.refresh_from_db()
    assert massnahme.beschreibung == "eins\nzwei\ndrei"
    assert massnahme.history.latest().beschreibung == "eins\nzwei\ndrei"


def test_datenmigration_macht_gespeicherte_zeilenumbrueche_zu_lf(inhalt):
    """Issue 18.4: the data migration mends texts stored with CRLF (history included) and
    renews the fingerprint of the German source, so no translation becomes outdated."""
    massnahme = Massnahme.objects.in_edition(inhalt).first()
    quelle_setzen(massnahme, beschreibung="eins\r\nzwei")
    massnahme.uebersetzung_speichern(
        SPRACHE, {"titel": "عنوان", "beschreibung": "١\n٢"}, "geprueft"
    )
    Massnahme.objects.filter(pk=massnahme.pk).update(beschreibung_ar="١\r\n٢")
    massnahme.history.update(beschreibung="eins\r\nzwei")
    massnahme.refresh_from_db()
    zustaende = {c: massnahme.uebersetzungsstatus(c) for c in massnahme.uebersetzungsstand}
    assert massnahme.uebersetzungsstatus(SPRACHE) == "geprueft"

    # The models as the migration sees them (no methods, only fields).
    apps = MigrationLoader(connection).project_state(("massnahmen", "0003_zeilenenden_lf")).apps
    gespeichertes_vereinheitlichen(apps, "massnahmen")

    massnahme.refresh_from_db()
    assert (massnahme.beschreibung, massnahme.beschreibung_de) == ("eins\nzwei", "eins\nzwei")
    assert massnahme.beschreibung_ar == "١\n٢"
    assert {c: massnahme.uebersetzungsstatus(c) for c in zustaende} == zustaende
    assert not massnahme.history.filter(beschreibung__contains="\r").exists()


# Export


def test_export_nennt_den_stand_in_xliff_attributen(staff_client, inhalt, vier):
    """Issue 18.4: xml:space="preserve" on every unit; fehlt, maschinell, geprüft and veraltet
    in XLIFF 1.2's state, state-qualifier and approved; a note on outdated units; the length
    limit of the field as maxwidth."""
    xml = export(staff_client, inhalt.jahr)
    wurzel = ElementTree.fromstring(xml.encode())
    einheiten = wurzel.findall(".//x:trans-unit", NS)
    assert einheiten and all(e.get(XML_SPACE) == "preserve" for e in einheiten)
    erwartet = [
        ("needs-review-translation", "mt-suggestion", None),
        ("final", None, "yes"),
        ("needs-review-translation", "fuzzy-match", None),
        ("needs-translation", None, None),
    ]
    for massnahme, (state, qualifier, approved) in zip(vier, erwartet, strict=True):
        unit = einheit(xml, kennung(massnahme))
        ziel = unit.find("x:target", NS)
        assert (ziel.get("state"), ziel.get("state-qualifier"), unit.get("approved")) == (
            state,
            qualifier,
            approved,
        ), massnahme.uebersetzungsstatus(SPRACHE)
        assert unit.get("maxwidth") == "500" and unit.get("size-unit") == "char"
    notiz = einheit(xml, kennung(vier[2])).find("x:note", NS)
    assert "geändert" in notiz.text
    beschreibung = einheit(xml, kennung(vier[0], "beschreibung"))
    assert beschreibung.find("x:source", NS).text == mehrzeilig(0)
    assert beschreibung.find("x:target", NS).text == ZIEL_MEHRZEILIG


# Import: states


def test_unveraenderter_export_ergibt_keine_aenderungen(staff_client, inhalt, vier):
    """Issue 18.4: an unchanged export reads back with "keine Änderungen"; an outdated unit
    stays outdated, a machine translation stays one."""
    vorher = gespeichert()
    antwort = einlesen(staff_client, inhalt.jahr, export(staff_client, inhalt.jahr))
    assert antwort.status_code == 200
    assert "Keine Änderungen" in antwort.text
    assert gespeichert() == vorher
    assert [Massnahme.objects.get(pk=m.pk).uebersetzungsstatus(SPRACHE) for m in vier] == [
        "maschinell",
        "geprueft",
        "veraltet",
        "fehlt",
    ]


def _ziel_setzen(xml: str, kennung_: str, text=None, state=None, approved=None) -> str:
    ElementTree.register_namespace("", NS["x"])
    wurzel = ElementTree.fromstring(xml.encode())
    unit = wurzel.find(f".//x:trans-unit[@id='{kennung_}']", NS)
    ziel = unit.find("x:target", NS)
    if text is not None:
        ziel.text = text
    if state is not None:
        ziel.set("state", state)
        ziel.attrib.pop("state-qualifier", None)
    if approved is not None:
        unit.set("approved", approved)
    return ElementTree.tostring(wurzel, encoding="unicode")


def test_import_respektiert_den_stand(staff_client, inhalt, vier):
    """Issue 18.4: a changed text marked `translated` is reviewed; a machine translation
    confirmed unchanged (`translated`) becomes reviewed; a reviewed one set back to
    `needs-review-translation` becomes a machine translation again; an outdated item whose
    title is retranslated but whose description is untouched stays outdated."""
    maschinell, geprueft, veraltet, fehlt = vier
    xml = export(staff_client, inhalt.jahr)
    xml = _ziel_setzen(xml, kennung(maschinell), state="translated", approved="yes")
    xml = _ziel_setzen(xml, kennung(maschinell, "beschreibung"), state="translated")
    xml = _ziel_setzen(xml, kennung(geprueft), state="needs-review-translation", approved="no")
    xml = _ziel_setzen(xml, kennung(veraltet), text="الإجراء 2، صيغة جديدة", state="translated")
    xml = _ziel_setzen(xml, kennung(fehlt), text="الإجراء 3", state="translated")
    antwort = einlesen(staff_client, inhalt.jahr, xml)
    assert antwort.status_code == 200, antwort.text
    assert "4 Elemente übernommen" in antwort.text
    for massnahme in vier:
        massnahme.refresh_from_db()
    # The formerly missing item: its new title reviewed, its description still unreviewed.
    assert [m.uebersetzungsstatus(SPRACHE) for m in vier] == [
        "geprueft",
        "maschinell",
        "veraltet",
        "maschinell",
    ]
    assert veraltet.titel_ar == "الإجراء 2، صيغة جديدة"
    assert fehlt.titel_ar == "الإجراء 3"
    # The item is current once each of its texts is confirmed against the new German text.
    xml = export(staff_client, inhalt.jahr)
    for feld in ("titel", "beschreibung"):
        xml = _ziel_setzen(xml, kennung(veraltet, feld), state="final")
    assert einlesen(staff_client, inhalt.jahr, xml).status_code == 200
    veraltet.refresh_from_db()
    assert veraltet.uebersetzungsstatus(SPRACHE) == "geprueft"


def test_segmentierte_und_markierte_ziele_werden_ganz_gelesen(staff_client, inhalt, vier):
    """Issue 18.4: targets segmented with <mrk mtype="seg"> (Trados, memoQ, Okapi) and with
    inline <mrk> markers are read completely, line breaks included."""
    maschinell = vier[0]
    xml = export(staff_client, inhalt.jahr)
    segmentiert = (
        f'<trans-unit id="{kennung(maschinell, "beschreibung")}" xml:space="preserve">'
        '<source xml:lang="de">' + mehrzeilig(0) + "</source>"
        '<seg-source><mrk mtype="seg" mid="1">Erste Zeile</mrk>\n'
        '<mrk mtype="seg" mid="2">Zweite Zeile</mrk></seg-source>'
        '<target xml:lang="ar" state="translated"><mrk mtype="seg" mid="1">أولاً</mrk>\n'
        '<mrk mtype="seg" mid="2">ثانياً <mrk mtype="x-term">مصطلح</mrk> وبعده</mrk>\n'
        '<mrk mtype="protected">- ٣</mrk></target></trans-unit>'
    )
    # The unit replaced whole, as a tool writes it.
    start = xml.index(f'<trans-unit id="{kennung(maschinell, "beschreibung")}"')
    ende = xml.index("</trans-unit>", start) + len("</trans-unit>")
    xml = xml[:start] + segmentiert + xml[ende:]
    antwort = einlesen(staff_client, inhalt.jahr, xml)
    assert antwort.status_code == 200, antwort.text
    maschinell.refresh_from_db()
    assert maschinell.beschreibung_ar == "أولاً\nثانياً مصطلح وبعده\n- ٣"


@pytest.mark.parametrize(
    "inline",
    ['<ph id="1">{0}</ph>', '<g id="1">fett</g>', '<x id="1"/>', '<bpt id="1">&lt;b&gt;</bpt>'],
)
def test_inline_codes_werden_mit_der_einheit_abgelehnt(staff_client, inhalt, vier, inline):
    """Issue 18.4: inline codes have no place in plain text: refused, naming the unit."""
    xml = export(staff_client, inhalt.jahr)
    ziel = f"{vier[0].titel_ar}</target>"
    start = xml.index(f'<trans-unit id="{kennung(vier[0])}"')
    stelle = xml.index(ziel, start)
    xml = xml[:stelle] + inline + xml[stelle:]
    vorher = gespeichert()
    antwort = einlesen(staff_client, inhalt.jahr, xml)
    assert antwort.status_code == 422
    assert kennung(vier[0]) in antwort.text
    assert "reinem Text" in antwort.text
    assert gespeichert() == vorher


# Bad input

MILLIARDE_LACHER = (
    '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "haha">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">&c;</xliff>'
)
EXTERNE_ENTITAET = (
    '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">&e;</xliff>'
)


@pytest.mark.parametrize(
    ("aendern", "meldung", "mit_kennung"),
    [
        (
            lambda xml, v: xml.replace(kennung(v[0]), "massnahme:gibt.es.nicht:titel"),
            "unbekannte ID",
            False,
        ),
        (
            lambda xml, v: xml.replace('target-language="ar"', 'target-language="fa"'),
            "erwartet wird „ar“",
            False,
        ),
        (
            lambda xml, v: xml.replace(' target-language="ar"', ""),
            "keine Zielsprache",
            False,
        ),
        (lambda xml, v: xml[: len(xml) // 2], "kein gültiges XML (Zeile", False),
        (lambda xml, v: MILLIARDE_LACHER, "Entitäten", False),
        (lambda xml, v: EXTERNE_ENTITAET, "Entitäten", False),
        (lambda xml, v: _ziel_setzen(xml, kennung(v[0]), text="ب" * 501), "höchstens 500", True),
        (
            lambda xml, v: _ziel_setzen(xml, kennung(v[0]), text="\u202eتم\u202c"),
            "U+202E",
            True,
        ),
        (
            lambda xml, v: _ziel_setzen(xml, kennung(v[0]), text="\u2067تم"),
            "nicht schließen",
            True,
        ),
        (
            lambda xml, v: xml.replace(
                "</body>",
                ElementTree.tostring(einheit(xml, kennung(v[0])), encoding="unicode") + "</body>",
            ),
            "mehrfach",
            True,
        ),
        (
            lambda xml, v: xml.replace(f">{v[0].titel_de}</source>", ">Anderer Text</source>"),
            "Ausgangstext hat sich inzwischen geändert",
            True,
        ),
    ],
    ids=[
        "unbekannte-id",
        "falsche-sprache",
        "ohne-sprache",
        "kaputtes-xml",
        "entitaeten",
        "externe-entitaet",
        "zu-lang",
        "richtung-ueberschrieben",
        "einbettung-offen",
        "doppelt",
        "quelle-geaendert",
    ],
)
def test_schlechte_dateien_werden_mit_bericht_abgelehnt(
    staff_client, inhalt, vier, aendern, meldung, mit_kennung
):
    """Issue 18.4, bad input (and issue 14.8, lengths): a clear report, the unit named where
    one is at fault, nothing half-applied, never a server error. A valid change in the same
    file is not applied either."""
    xml = export(staff_client, inhalt.jahr)
    xml = _ziel_setzen(xml, kennung(vier[1]), text="تغيير صحيح")
    vorher = gespeichert()
    antwort = einlesen(staff_client, inhalt.jahr, aendern(xml, vier))
    assert antwort.status_code == 422
    assert meldung in antwort.text
    assert "nichts wurde geändert" in antwort.text
    if mit_kennung:
        assert kennung(vier[0]) in antwort.text
    assert gespeichert() == vorher


def test_ausgeglichene_richtungszeichen_sind_erlaubt(staff_client, inhalt, vier):
    """Issue 18.4: marks and closed isolates are ordinary Arabic typography, not refused."""
    text = "انظر \u2066Jobcenter Nordenham\u2069 \u200fهنا"
    xml = _ziel_setzen(export(staff_client, inhalt.jahr), kennung(vier[0]), text=text)
    assert einlesen(staff_client, inhalt.jahr, xml).status_code == 200
    vier[0].refresh_from_db()
    assert vier[0].titel_ar == text


# Round trips through translate-toolkit


def werkzeug(name: str) -> str:
    """A translate-toolkit command from the environment the tests run in."""
    pfad = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if pfad is None:
        grund = (
            f"translate-toolkit fehlt ({name}): die Rundreise-Tests brauchen das Python-Paket "
            "`translate-toolkit` (Testgruppe in pyproject.toml)."
        )
        if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no", "off"}:
            pytest.fail(f"{grund} In CI ist das ein Fehler.")
        pytest.skip(grund)
    return pfad


def ausfuehren(name: str, *argumente) -> None:
    subprocess.run(
        [werkzeug(name), "--progress=none", *map(str, argumente)],
        check=True,
        capture_output=True,
        timeout=120,
    )


def po_eintrag(katalog, kennung_: str):
    """The PO entry of a unit: xliff2po writes the unit's location as its reference."""
    return next(e for e in katalog if (kennung_, "") in e.occurrences)


def _po_uebersetzen(po: Path, vier, *, sprache_setzen=False) -> None:
    """What a translator does in a PO editor: retranslates the outdated title with a line
    break, confirms the machine translation (no longer fuzzy), leaves the rest."""
    katalog = polib.pofile(str(po))
    if sprache_setzen:
        katalog.metadata["Language"] = SPRACHE
    neu = po_eintrag(katalog, kennung(vier[2]))
    neu.msgstr = "الإجراء 2\nصيغة جديدة"
    neu.flags.remove("fuzzy")
    for feld in ("titel", "beschreibung"):
        po_eintrag(katalog, kennung(vier[0], feld)).flags.remove("fuzzy")
    katalog.save()


@pytest.mark.parametrize("zurueck", ["pomerge", "po2xliff"])
def test_rundreise_ueber_po(staff_client, inhalt, vier, tmp_path, zurueck):
    """Issue 18.4: xliff2po, a translator's edit in the PO file, back with pomerge (the export
    as template) or po2xliff: line breaks kept, states kept where untouched (the outdated
    description stays outdated, machine translations stay machine translations, the reviewed
    one stays reviewed), the confirmed title reviewed, nothing else changed."""
    xlf, po, zurueck_xlf = tmp_path / "ar.xlf", tmp_path / "ar.po", tmp_path / "zurueck.xlf"
    xlf.write_text(export(staff_client, inhalt.jahr), encoding="utf-8")
    ausfuehren("xliff2po", xlf, po)
    katalog = polib.pofile(str(po))
    beschreibung = po_eintrag(katalog, kennung(vier[0], "beschreibung"))
    assert (beschreibung.msgid, beschreibung.msgstr) == (mehrzeilig(0), ZIEL_MEHRZEILIG)
    assert "fuzzy" in beschreibung.flags
    geprueft = po_eintrag(katalog, kennung(vier[1]))
    assert "fuzzy" not in geprueft.flags

    # po2xliff takes the language from the PO header, which a PO editor fills in.
    _po_uebersetzen(po, vier, sprache_setzen=zurueck == "po2xliff")
    if zurueck == "pomerge":
        ausfuehren("pomerge", "-t", xlf, "-i", po, "-o", zurueck_xlf)
    else:
        ausfuehren("po2xliff", po, zurueck_xlf)
    vorher = {m.pk: m.uebersetzungsstatus(SPRACHE) for m in Massnahme.objects.in_edition(inhalt)}
    antwort = einlesen(staff_client, inhalt.jahr, zurueck_xlf.read_bytes())
    assert antwort.status_code == 200, antwort.text
    assert "2 Elemente übernommen" in antwort.text
    for massnahme in vier:
        massnahme.refresh_from_db()
    assert vier[2].titel_ar == "الإجراء 2\nصيغة جديدة"
    assert [m.uebersetzungsstatus(SPRACHE) for m in vier] == [
        "geprueft",
        "geprueft",
        "veraltet",  # the description was left untouched
        "fehlt",
    ]
    assert vier[0].beschreibung_ar == ZIEL_MEHRZEILIG
    nachher = {m.pk: m.uebersetzungsstatus(SPRACHE) for m in Massnahme.objects.in_edition(inhalt)}
    assert {pk for pk in vorher if vorher[pk] != nachher[pk]} == {vier[0].pk}


def test_rundreise_ueber_podebug(staff_client, inhalt, vier, tmp_path):
    """Issue 18.4: podebug's pseudo-translation of the export reads back in full: every text
    changed, line breaks kept, a reviewed unit stays reviewed, an unreviewed one is a machine
    translation."""
    xlf, debug = tmp_path / "ar.xlf", tmp_path / "debug.xlf"
    xlf.write_text(export(staff_client, inhalt.jahr), encoding="utf-8")
    ausfuehren("podebug", "--rewrite=xxx", xlf, debug)
    antwort = einlesen(staff_client, inhalt.jahr, debug.read_bytes())
    assert antwort.status_code == 200, antwort.text
    for massnahme in vier:
        massnahme.refresh_from_db()
    # Reviewed: its translation rewritten; unreviewed: the German source as a pseudo-translation.
    assert vier[1].beschreibung_ar == f"xxx{ZIEL_MEHRZEILIG}xxx"
    assert vier[0].beschreibung_ar == f"xxx{mehrzeilig(0)}xxx"
    assert vier[3].titel_ar == "xxxMaßnahme 3xxx"
    assert [m.uebersetzungsstatus(SPRACHE) for m in vier] == [
        "maschinell",
        "geprueft",
        "maschinell",
        "maschinell",
    ]


def test_abgelehnte_einheit_aus_po2xliff_heisst_wie_exportiert(
    staff_client, inhalt, vier, tmp_path
):
    """Issue 18.4: po2xliff numbers its units 1, 2, 3 …; a refused unit is still reported with
    the name it was exported under, so that staff can find it."""
    xlf, po, zurueck = tmp_path / "ar.xlf", tmp_path / "ar.po", tmp_path / "zurueck.xlf"
    xlf.write_text(export(staff_client, inhalt.jahr), encoding="utf-8")
    ausfuehren("xliff2po", xlf, po)
    katalog = polib.pofile(str(po))
    katalog.metadata["Language"] = SPRACHE
    zu_lang = po_eintrag(katalog, kennung(vier[0]))
    zu_lang.msgstr = "ب" * 501
    zu_lang.flags.remove("fuzzy")
    katalog.save()
    ausfuehren("po2xliff", po, zurueck)
    vorher = gespeichert()
    antwort = einlesen(staff_client, inhalt.jahr, zurueck.read_bytes())
    assert antwort.status_code == 422
    assert f'<td class="kern-table__cell">{kennung(vier[0])}</td>' in antwort.text
    assert "höchstens 500" in antwort.text
    assert gespeichert() == vorher
