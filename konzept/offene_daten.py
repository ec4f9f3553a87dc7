"""Adopted editions as open data: one JSON document per edition with all languages and stable
keys, and DCAT-AP.de metadata (the catalogue, each edition's dataset and its distributions) that
open-data portals such as GovData harvest.

The schema is docs/offene-daten.schema.json (JSON Schema), described in docs/offene-daten.md.
It names every field, so any change of fields needs a new SCHEMA_VERSION and schema file.
Everything here is public: `offen_ausliefern` adds CORS, ETag and Last-Modified and answers
conditional requests with 304.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from modeltranslation.utils import build_localized_fieldname
from rdflib import DCAT, DCTERMS, FOAF, RDF, XSD, Graph, Literal, Namespace, URIRef

from beteiligung.models import Beteiligungsart
from massnahmen.models import Massnahme, Umsetzungsnotiz
from massnahmen.tabellen import XLSX_TYP

from .begriffe import VORGABEN, begriffe
from .models import Edition, Inhaltsstand, Landkreis

SCHEMA_VERSION = "2"
SCHEMA_NAME = f"integrationskonzept-offene-daten/{SCHEMA_VERSION}"
SCHEMA_DATEI = settings.BASE_DIR / "docs" / "offene-daten.schema.json"


def _texte(objekt, feld: str) -> dict[str, str | None]:
    """A text in every language; null where there is no translation."""
    return {
        code: getattr(objekt, build_localized_fieldname(feld, code)) or None
        for code, _name in settings.LANGUAGES
    }


def _uebersetzungsstand(objekt) -> dict[str, str]:
    return {
        code: objekt.uebersetzungsstatus(code)
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    }


def _zahl(wert: Decimal | None):
    if wert is None:
        return None
    return int(wert) if wert == wert.to_integral_value() else float(wert)


def _datum(wert):
    return wert.isoformat() if wert else None


def _keys(formate) -> list[str]:
    return [format.key for format in formate.all()]


def _messwerte(werte) -> list[dict]:
    return [
        {"datum": wert.datum.isoformat(), "wert": _zahl(wert.wert), "quelle": wert.quelle}
        for wert in sorted(werte, key=lambda wert: wert.datum)
    ]


def _indikatoren(indikatoren) -> list[dict]:
    """Indicators with baseline, target and dated values (issue 15)."""
    return [
        {
            "key": indikator.key,
            "name": _texte(indikator, "name"),
            "einheit": _texte(indikator, "einheit"),
            "richtung": indikator.richtung,
            "ausgangswert": _zahl(indikator.ausgangswert),
            "ausgangsdatum": _datum(indikator.ausgangsdatum),
            "zielwert": _zahl(indikator.zielwert),
            "zieldatum": _datum(indikator.zieldatum),
            "messwerte": _messwerte(indikator.messwerte.all()),
        }
        for indikator in indikatoren.all()
    ]


def _massnahme(massnahme, adresse) -> dict:
    return {
        "key": massnahme.key,
        "nummer": massnahme.nummer or None,
        "url": adresse(massnahme.get_absolute_url()),
        "titel": _texte(massnahme, "titel"),
        "beschreibung": _texte(massnahme, "beschreibung"),
        "status": massnahme.status,
        "federfuehrung": massnahme.federfuehrung.name if massnahme.federfuehrung else None,
        "partner": sorted(partner.name for partner in massnahme.partner.all()),
        "zeitraum": _texte(massnahme, "zeitraum"),
        "budget_euro": _zahl(massnahme.budget),
        "indikatoren": _texte(massnahme, "indikatoren"),
        "herkunft": _keys(massnahme.herkunft),
        "umsetzungsstand": [
            {"datum": notiz.datum.isoformat(), "text": notiz.text, "sprache": notiz.sprache}
            for notiz in massnahme.umsetzungsnotizen.all()
        ],
        "uebersetzungsstand": _uebersetzungsstand(massnahme),
        "beginn_geplant": _datum(massnahme.beginn_geplant),
        "ende_geplant": _datum(massnahme.ende_geplant),
        "beginn_tatsaechlich": _datum(massnahme.beginn_tatsaechlich),
        "ende_tatsaechlich": _datum(massnahme.ende_tatsaechlich),
        "bestaetigt_am": _datum(massnahme.bestaetigt_am),
        "indikatoren_mit_werten": _indikatoren(massnahme.indikatoren_liste),
    }


def offene_daten(edition: Edition, *, adresse: Callable[[str], str]) -> dict:
    """The whole edition; `adresse` turns a site path into an absolute URL."""
    landkreis = Landkreis.aktuell()
    massnahmen = Massnahme.objects.select_related(
        "federfuehrung", "themenfeld__edition"
    ).prefetch_related(
        "herkunft",
        "partner",
        Prefetch("umsetzungsnotizen", queryset=Umsetzungsnotiz.objects.order_by("datum", "pk")),
        "indikatoren_liste__messwerte",
    )
    themenfelder = edition.themenfelder.select_related("edition").prefetch_related(
        "leitziele__herkunft",
        "leitziele__indikatoren__messwerte",
        "teilziele__herkunft",
        Prefetch("teilziele__massnahmen", queryset=massnahmen),
        Prefetch("leitziele__massnahmen", queryset=massnahmen),
        # Measures straight under the field, where a district has no goal level for them.
        Prefetch(
            "massnahmen",
            queryset=massnahmen.filter(teilziel=None, leitziel=None),
            to_attr="direkte_massnahmen",
        ),
    )
    return {
        "schema": SCHEMA_NAME,
        "lizenz": settings.OFFENE_DATEN_LIZENZ,
        "herausgeber": {
            "name": landkreis.name if landkreis else None,
            "stelle": landkreis.koordinierungsstelle if landkreis else None,
            "email": (landkreis.kontakt_email or None) if landkreis else None,
        },
        "quelle": adresse(edition.get_absolute_url()),
        "sprachen": [code for code, _name in settings.LANGUAGES],
        "ausgangssprache": settings.LANGUAGE_CODE,
        # The district's words for the levels and its kinds of participation, so that a reuser
        # names them as the district does.
        "begriffe": {
            ebene: {
                code: {"einzahl": wort.einzahl, "mehrzahl": wort.mehrzahl}
                for code, _name in settings.LANGUAGES
                for wort in [begriffe(code)[ebene]]
            }
            for ebene in VORGABEN
        },
        "beteiligungsarten": [
            {
                "key": art.key,
                "name": _texte(art, "name"),
                "migrationsvertretung": art.migrationsvertretung,
            }
            for art in Beteiligungsart.objects.all()
        ],
        "ausgabe": {
            "jahr": edition.jahr,
            "titel": _texte(edition, "titel"),
            "status": edition.status,
            "beschlossen_am": _datum(edition.beschlossen_am),
            "stichtag": _datum(edition.stichtag),
            "vorgaenger": edition.vorgaenger.jahr if edition.vorgaenger else None,
            "ausgangssituation": _texte(edition, "ausgangssituation"),
            "hintergrund": _texte(edition, "hintergrund"),
            "leitgedanke": _texte(edition, "leitgedanke"),
            "methodik": _texte(edition, "methodik"),
        },
        "kennzahlen": [
            {
                "key": kennzahl.key,
                "bezeichnung": _texte(kennzahl, "bezeichnung"),
                "wert": _zahl(kennzahl.wert),
                "einheit": _texte(kennzahl, "einheit"),
                "stichtag": _datum(kennzahl.stichtag),
                "quelle": _texte(kennzahl, "quelle"),
                "zeitreihe": _messwerte(kennzahl.zeitreihe.all()),
            }
            for kennzahl in edition.kennzahlen.prefetch_related("zeitreihe")
        ],
        "rechtsgrundlagen": [
            {
                "key": grundlage.key,
                "kuerzel": grundlage.kuerzel,
                "titel": _texte(grundlage, "titel"),
            }
            for grundlage in edition.rechtsgrundlagen.all()
        ],
        "beteiligungsformate": [
            {
                "key": format.key,
                "art": format.art.key,
                "titel": _texte(format, "titel"),
                "methode": _texte(format, "methode"),
                "beteiligte": _texte(format, "beteiligte"),
                "beginn": _datum(format.beginn),
                "ende": _datum(format.ende),
                "teilnehmende": format.teilnehmende,
                "zusammenfassung": _texte(format, "zusammenfassung"),
            }
            for format in edition.beteiligungsformate.all()
        ],
        "themenfelder": [
            {
                "key": themenfeld.key,
                "url": adresse(themenfeld.get_absolute_url()),
                "titel": _texte(themenfeld, "titel"),
                "beschreibung": _texte(themenfeld, "beschreibung"),
                "nummer": themenfeld.nummer or None,
                "themenunabhaengig": themenfeld.themenunabhaengig,
                "massnahmen": [
                    _massnahme(massnahme, adresse) for massnahme in themenfeld.direkte_massnahmen
                ],
                "leitziele": [
                    {
                        "key": leitziel.key,
                        "nummer": leitziel.nummer or None,
                        "text": _texte(leitziel, "text"),
                        "herkunft": _keys(leitziel.herkunft),
                        "uebersetzungsstand": _uebersetzungsstand(leitziel),
                        "massnahmen": [
                            _massnahme(massnahme, adresse)
                            for massnahme in leitziel.massnahmen.all()
                        ],
                        "indikatoren_mit_werten": _indikatoren(leitziel.indikatoren),
                    }
                    for leitziel in themenfeld.leitziele.all()
                ],
                "teilziele": [
                    {
                        "key": teilziel.key,
                        "nummer": teilziel.nummer or None,
                        "titel": _texte(teilziel, "titel"),
                        "herkunft": _keys(teilziel.herkunft),
                        "uebersetzungsstand": _uebersetzungsstand(teilziel),
                        "massnahmen": [
                            _massnahme(massnahme, adresse)
                            for massnahme in teilziel.massnahmen.all()
                        ],
                    }
                    for teilziel in themenfeld.teilziele.all()
                ],
                "uebersetzungsstand": _uebersetzungsstand(themenfeld),
            }
            for themenfeld in themenfelder
        ],
    }


def schema(*, adresse: Callable[[str], str]) -> dict:
    """The JSON schema as served: its `$id` the absolute address it is served at."""
    inhalt = json.loads(SCHEMA_DATEI.read_text(encoding="utf-8"))
    # Only the installation knows the address it serves the schema at: an $id in the file
    # would be relative, and a reader could not resolve it.
    inhalt.pop("$id", None)
    return {
        "$schema": inhalt.pop("$schema"),
        "$id": adresse(reverse("konzept:offene_daten_schema")),
        **inhalt,
    }


# DCAT-AP.de (https://www.dcat-ap.de/def/dcatde/2.0/spec/): the catalogue, one dataset per
# adopted edition, its distributions. The required properties (catalogue: title, description,
# publisher, dataset; dataset: title, description; distribution: accessURL) and the conventions
# that portals check (contributorID, contactPoint with e-mail or URL, licence from the dl-de
# vocabulary, publisher) are all set where the district's data allow it.

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
EU_SPRACHE = Namespace(EU + "language/")
EU_DATEITYP = Namespace(EU + "file-type/")
EU_THEMA = Namespace(EU + "data-theme/")
IANA = "https://www.iana.org/assignments/media-types/"
GEO = "http://dcat-ap.de/def/politicalGeocoding/"
PRAEFIXE = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatde": DCATDE,
    "foaf": FOAF,
    "vcard": VCARD,
    "xsd": XSD,
}
# Integration and participation: population and society; a district's plan: government.
THEMEN = (EU_THEMA.SOCI, EU_THEMA.GOVE)
SCHLAGWORTE = ("Integration", "Migration", "Teilhabe", "Integrationskonzept")
RDF_FORMATE = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
}


def _sprachen() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _in_jeder_sprache(text, **werte) -> list[Literal]:
    """A text the interface translates (gettext_lazy), once in each language; a value that is
    a function is called in that language too."""
    texte = []
    for code in _sprachen():
        with translation.override(code):
            eingesetzt = {name: wert() if callable(wert) else wert for name, wert in werte.items()}
            texte.append(Literal(str(text) % eingesetzt, lang=code))
    return texte


KATALOG_TITEL = gettext_lazy("Offene Daten: Integrationskonzept – %(landkreis)s")
KATALOG_BESCHREIBUNG = gettext_lazy(
    "Die beschlossenen Ausgaben des Integrationskonzepts – %(landkreis)s: Themenfelder, Ziele, "
    "Teilziele und Maßnahmen mit ihrem Umsetzungsstand, in allen Sprachen der Anwendung."
)
DATENSATZ_BESCHREIBUNG = gettext_lazy(
    "%(landkreis)s, Integrationskonzept %(jahr)s: Themenfelder, übergeordnete Ziele, Teilziele "
    "und Maßnahmen mit Status, Federführung, Budget und Umsetzungsstand; Kennzahlen, "
    "Rechtsgrundlagen und Beteiligung."
)
JSON_TITEL = gettext_lazy("Die ganze Ausgabe in allen Sprachen (JSON)")
XLSX_TITEL = gettext_lazy("Maßnahmen als Tabelle (XLSX), Spaltenköpfe: %(sprache)s")
CSV_TITEL = gettext_lazy("Maßnahmen als Tabelle (CSV), Spaltenköpfe: %(sprache)s")
PDF_TITEL = gettext_lazy("Das Konzept als PDF: %(sprache)s")


def _sprachname(code: str) -> str:
    """The language's name in the active language ("Englisch", "الإنجليزية")."""
    return translation.get_language_info(code)["name_translated"]


def zuletzt_geaendert() -> datetime.datetime | None:
    """When the content last changed (any edition, any setting of the district)."""
    return Inhaltsstand.objects.filter(pk=1).values_list("geaendert_am", flat=True).first()


class _Dcat:
    """Builds the graph; `adresse` turns a site path into an absolute URL."""

    def __init__(self, adresse: Callable[[str], str]):
        self.adresse = adresse
        self.graph = Graph(bind_namespaces="core")
        for praefix, namespace in PRAEFIXE.items():
            self.graph.bind(praefix, namespace)
        self.landkreis = Landkreis.aktuell()
        geaendert = zuletzt_geaendert()
        # To the second, as Last-Modified.
        self.geaendert = geaendert.replace(microsecond=0) if geaendert else None
        self.lizenz = URIRef(settings.OFFENE_DATEN_LIZENZ["url"])
        with translation.override(settings.LANGUAGE_CODE):
            self.herausgeber = URIRef(self.adresse(reverse("konzept:impressum")) + "#herausgeber")
            self.kontakt = URIRef(self.adresse(reverse("konzept:impressum")) + "#kontakt")
            self.katalog = URIRef(self.adresse(reverse("konzept:edition_list")) + "#katalog")
            self.startseite = URIRef(self.adresse(reverse("konzept:startseite")))
            self.schema = URIRef(self.adresse(reverse("konzept:offene_daten_schema")))
        self._stelle_und_kontakt()

    def add(self, subjekt, praedikat, objekt):
        self.graph.add((subjekt, praedikat, objekt))

    def _landkreis_name(self) -> str:
        return self.landkreis.name if self.landkreis else _("Integrationskonzept")

    def _stelle_und_kontakt(self):
        """The district as publisher; its coordination office as the contact point, by e-mail
        where the district has given one and always with a page (Konvention 1: e-mail or URL)."""
        self.add(self.herausgeber, RDF.type, FOAF.Organization)
        self.add(self.herausgeber, RDF.type, FOAF.Agent)
        self.add(self.herausgeber, FOAF.name, Literal(self._landkreis_name()))
        self.add(self.kontakt, RDF.type, VCARD.Organization)
        stelle = self.landkreis and (self.landkreis.koordinierungsstelle or self.landkreis.name)
        self.add(self.kontakt, VCARD.fn, Literal(stelle or self._landkreis_name()))
        if self.landkreis and self.landkreis.kontakt_email:
            self.add(self.kontakt, VCARD.hasEmail, URIRef(f"mailto:{self.landkreis.kontakt_email}"))
        with translation.override(settings.LANGUAGE_CODE):
            self.add(self.kontakt, VCARD.hasURL, URIRef(self.adresse(reverse("konzept:impressum"))))

    def _sprachen_hinzufuegen(self, ressource, codes):
        # A language added to LANGUAGES but not yet to OFFENE_DATEN_SPRACHCODES is left out
        # here rather than breaking the metadata.
        for code in codes:
            if code in settings.OFFENE_DATEN_SPRACHCODES:
                sprache = EU_SPRACHE[settings.OFFENE_DATEN_SPRACHCODES[code]]
                self.add(ressource, DCTERMS.language, sprache)

    def _raum(self, ressource):
        """The district by its official key (Konventionen 8, 9, 11)."""
        if self.landkreis and self.landkreis.kreisschluessel:
            kreis = URIRef(f"{GEO}districtKey/{self.landkreis.kreisschluessel}")
            self.add(ressource, DCATDE.politicalGeocodingURI, kreis)
            ebene = URIRef(f"{GEO}Level/administrativeDistrict")
            self.add(ressource, DCATDE.politicalGeocodingLevelURI, ebene)
            self.add(ressource, DCTERMS.spatial, kreis)

    def _geaendert(self, ressource):
        if self.geaendert:
            self.add(ressource, DCTERMS.modified, Literal(self.geaendert, datatype=XSD.dateTime))

    def katalog_hinzufuegen(self, editionen):
        katalog = self.katalog
        self.add(katalog, RDF.type, DCAT.Catalog)
        name = self._landkreis_name()
        for titel in _in_jeder_sprache(KATALOG_TITEL, landkreis=name):
            self.add(katalog, DCTERMS.title, titel)
        for beschreibung in _in_jeder_sprache(KATALOG_BESCHREIBUNG, landkreis=name):
            self.add(katalog, DCTERMS.description, beschreibung)
        self.add(katalog, DCTERMS.publisher, self.herausgeber)
        self.add(katalog, FOAF.homepage, self.startseite)
        self.add(katalog, DCTERMS.license, self.lizenz)
        self.add(katalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme"))
        self._sprachen_hinzufuegen(katalog, _sprachen())
        self._raum(katalog)
        self._geaendert(katalog)
        for edition in editionen:
            self.add(katalog, DCAT.dataset, self.datensatz_hinzufuegen(edition))

    def datensatz_hinzufuegen(self, edition: Edition) -> URIRef:
        with translation.override(settings.LANGUAGE_CODE):
            seite = self.adresse(edition.get_absolute_url())
        datensatz = URIRef(seite + "#datensatz")
        self.add(datensatz, RDF.type, DCAT.Dataset)
        name = self._landkreis_name()
        for code in _sprachen():
            titel = getattr(edition, build_localized_fieldname("titel", code))
            if titel:
                self.add(datensatz, DCTERMS.title, Literal(f"{titel} – {name}", lang=code))
        for beschreibung in _in_jeder_sprache(
            DATENSATZ_BESCHREIBUNG, landkreis=name, jahr=edition.jahr
        ):
            self.add(datensatz, DCTERMS.description, beschreibung)
        self.add(datensatz, DCTERMS.identifier, Literal(str(datensatz)))
        self.add(datensatz, DCTERMS.publisher, self.herausgeber)
        self.add(datensatz, DCAT.contactPoint, self.kontakt)
        if self.landkreis and self.landkreis.datenbereitsteller_id:
            self.add(datensatz, DCATDE.contributorID, URIRef(self.landkreis.datenbereitsteller_id))
        self.add(datensatz, DCATDE.licenseAttributionByText, Literal(name))
        self.add(datensatz, DCAT.landingPage, URIRef(seite))
        self.add(datensatz, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC"))
        for thema in THEMEN:
            self.add(datensatz, DCAT.theme, thema)
        for wort in SCHLAGWORTE:
            self.add(datensatz, DCAT.keyword, Literal(wort, lang=settings.LANGUAGE_CODE))
        self._sprachen_hinzufuegen(datensatz, _sprachen())
        if edition.beschlossen_am:
            self.add(datensatz, DCTERMS.issued, Literal(edition.beschlossen_am, datatype=XSD.date))
        self._raum(datensatz)
        self._geaendert(datensatz)
        for distribution in self._distributionen(edition):
            self.add(datensatz, DCAT.distribution, distribution)
        return datensatz

    def _distributionen(self, edition: Edition):
        """JSON once (all languages); the measures as XLSX and CSV and the concept as PDF in
        each language (the tables have their headers in it, their texts in German)."""
        jahr = {"jahr": edition.jahr}
        with translation.override(settings.LANGUAGE_CODE):
            json_url = reverse("konzept:offene_daten", kwargs=jahr)
        yield self._distribution(
            json_url, "JSON", "application/json", _in_jeder_sprache(JSON_TITEL), _sprachen()
        )
        for code in _sprachen():
            with translation.override(code):
                xlsx_url = reverse("massnahmen:export_xlsx", kwargs=jahr)
                csv_url = reverse("massnahmen:export_csv", kwargs=jahr)
                pdf_url = reverse("konzept:edition_pdf", kwargs=jahr)
            tabellensprachen = sorted({code, settings.LANGUAGE_CODE})

            def sprache(code=code):
                return _sprachname(code)

            yield self._distribution(
                xlsx_url,
                "XLSX",
                XLSX_TYP,
                _in_jeder_sprache(XLSX_TITEL, sprache=sprache),
                tabellensprachen,
            )
            yield self._distribution(
                csv_url,
                "CSV",
                "text/csv",
                _in_jeder_sprache(CSV_TITEL, sprache=sprache),
                tabellensprachen,
            )
            yield self._distribution(
                pdf_url,
                "PDF",
                "application/pdf",
                _in_jeder_sprache(PDF_TITEL, sprache=sprache),
                [code],
            )

    def _distribution(self, pfad, format, medientyp, titel, sprachen) -> URIRef:
        url = URIRef(self.adresse(pfad))
        distribution = URIRef(f"{url}#distribution")
        self.add(distribution, RDF.type, DCAT.Distribution)
        self.add(distribution, DCAT.accessURL, url)
        self.add(distribution, DCAT.downloadURL, url)
        for text in titel:
            self.add(distribution, DCTERMS.title, text)
        self.add(distribution, DCTERMS.format, EU_DATEITYP[format])
        self.add(distribution, DCAT.mediaType, URIRef(IANA + medientyp))
        self.add(distribution, DCTERMS.license, self.lizenz)
        self.add(distribution, DCATDE.licenseAttributionByText, Literal(self._landkreis_name()))
        self._sprachen_hinzufuegen(distribution, sprachen)
        if format == "JSON":
            self.add(distribution, DCTERMS.conformsTo, self.schema)
        self._geaendert(distribution)
        return distribution

    def serialisieren(self, format: str) -> bytes:
        rdf_format, _typ = RDF_FORMATE[format]
        if rdf_format == "json-ld":
            kontext = {praefix: str(namespace) for praefix, namespace in PRAEFIXE.items()}
            dokument = json.loads(self.graph.serialize(format="json-ld", context=kontext))
            # rdflib's order follows the hash seed; sorted, every server and every restart
            # gives the same bytes, and so the same ETag. (No @list here: order is free.)
            return json.dumps(
                _sortiert(dokument), ensure_ascii=False, indent=2, sort_keys=True
            ).encode()
        return self.graph.serialize(format=rdf_format).encode()


def _sortiert(wert):
    if isinstance(wert, dict):
        return {schluessel: _sortiert(inhalt) for schluessel, inhalt in wert.items()}
    if isinstance(wert, list):
        return sorted(
            (_sortiert(eintrag) for eintrag in wert),
            key=lambda eintrag: json.dumps(eintrag, sort_keys=True, ensure_ascii=False),
        )
    return wert


def dcat_katalog(*, adresse: Callable[[str], str], format: str) -> bytes:
    """The catalogue with every adopted edition; drafts are not open data."""
    dcat = _Dcat(adresse)
    dcat.katalog_hinzufuegen(Edition.objects.beschlossen().order_by("-jahr"))
    return dcat.serialisieren(format)


def dcat_datensatz(edition: Edition, *, adresse: Callable[[str], str], format: str) -> bytes:
    """One adopted edition's dataset with its distributions, publisher and contact."""
    dcat = _Dcat(adresse)
    dcat.datensatz_hinzufuegen(edition)
    return dcat.serialisieren(format)


# HTTP: open data for every site and every program.

CORS_ERLAUBTE_KOEPFE = "If-None-Match, If-Modified-Since"


def offen_ausliefern(request, response: HttpResponse, *, geaendert=None) -> HttpResponse:
    """A public read with CORS for every origin, an ETag (of the body, unless the view set one),
    Last-Modified and, for a matching conditional GET, 304 Not Modified without a body."""
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    zeitpunkt = int(geaendert.timestamp()) if geaendert else None
    if zeitpunkt is not None:
        response["Last-Modified"] = http_date(zeitpunkt)
    if not response.has_header("Cache-Control"):
        # Stored by browsers and proxies, but asked again each time: the ETag makes that cheap.
        response["Cache-Control"] = "public, no-cache"
    antwort = get_conditional_response(
        request, etag=response["ETag"], last_modified=zeitpunkt, response=response
    )
    antwort["Access-Control-Allow-Origin"] = "*"
    antwort["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link, Content-Disposition"
    return antwort


def offen(view):
    """GET and HEAD for everyone, and the CORS preflight (OPTIONS) that a script on another site
    sends before a conditional GET of its own (If-None-Match is no "simple" header)."""

    @wraps(view)
    def mit_cors(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = CORS_ERLAUBTE_KOEPFE
            response["Access-Control-Max-Age"] = "86400"
            return response
        return view(request, *args, **kwargs)

    return require_http_methods(["GET", "HEAD", "OPTIONS"])(mit_cors)
