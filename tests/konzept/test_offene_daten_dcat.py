"""Issue 19.3: open data that portals can harvest.

DCAT-AP.de metadata (catalogue, one dataset per adopted edition, its distributions) parsed with
rdflib and checked for the properties DCAT-AP.de 2.0 requires (https://www.dcat-ap.de/def/dcatde/
2.0/spec/) and those its conventions make portals check (publisher, contributorID, contact point
with e-mail or URL, licence from the dl-de vocabulary); the JSON schema at a stable address with
an absolute $id; ETag, Last-Modified, CORS and 304 on every open-data response.
"""

import email.utils
import json
import re
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.conf import settings
from django.urls import resolve
from django.utils.translation import get_language_from_path
from rdflib import DCTERMS, FOAF, RDF, Graph, Literal, Namespace, URIRef

from konzept.models import Landkreis
from konzept.offene_daten import SCHEMA_VERSION
from massnahmen.models import Massnahme
from tests.conftest import benutzer_mit_rolle

# rdflib's DCAT warns on every attribute it does not know, and pytest looks for some.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DL_DE_BY_2_0 = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
CONTRIBUTOR = "http://dcat-ap.de/def/contributors/landkreisBeispiel"
RDF_TYPEN = {"ttl": ("turtle", "text/turtle"), "jsonld": ("json-ld", "application/ld+json")}

# DCAT-AP.de 2.0, "Pflicht" in the specification (and Konventionen 1, 12, 32, 36 that GovData
# checks): what every catalogue, dataset and distribution must carry.
PFLICHT = {
    DCAT.Catalog: [DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.dataset],
    DCAT.Dataset: [
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.publisher,
        DCATDE.contributorID,
        DCAT.contactPoint,
        DCAT.distribution,
    ],
    DCAT.Distribution: [DCAT.accessURL, DCTERMS.license, DCTERMS.format],
}


@pytest.fixture
def landkreis(inhalt):
    """The district's data as the open data name them; values of this test, not the shipped."""
    landkreis = Landkreis.aktuell()
    landkreis.name = "Landkreis Beispiel"
    landkreis.koordinierungsstelle = "Stabsstelle Teilhabe"
    landkreis.kontakt_email = "teilhabe@landkreis-beispiel.example"
    landkreis.kreisschluessel = "09999"
    landkreis.datenbereitsteller_id = CONTRIBUTOR
    landkreis.save()
    return landkreis


def rdf(client, url, format="ttl") -> Graph:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(RDF_TYPEN[format][1])
    return Graph().parse(data=response.content, format=RDF_TYPEN[format][0])


def einer(graph, subjekt, praedikat):
    werte = list(graph.objects(subjekt, praedikat))
    assert len(werte) == 1, (subjekt, praedikat, werte)
    return werte[0]


def pflichtangaben_pruefen(graph):
    for klasse, eigenschaften in PFLICHT.items():
        for ressource in graph.subjects(RDF.type, klasse):
            fehlend = [e for e in eigenschaften if (ressource, e, None) not in graph]
            assert not fehlend, f"{ressource} ({klasse}) ohne {fehlend}"
    for agent in graph.objects(None, DCTERMS.publisher):
        assert (agent, RDF.type, FOAF.Agent) in graph
        assert (agent, FOAF.name, None) in graph
    for kontakt in graph.objects(None, DCAT.contactPoint):
        assert (kontakt, VCARD.hasEmail, None) in graph or (kontakt, VCARD.hasURL, None) in graph


@pytest.mark.parametrize("format", ["ttl", "jsonld"])
def test_katalog_mit_allen_pflichtangaben(client, landkreis, inhalt, format):
    """Issue 19.3: catalogue, dataset and distributions parse with rdflib and carry what
    DCAT-AP.de requires; publisher, contact and contributor come from the district's data."""
    graph = rdf(client, f"/offene-daten/katalog.{format}", format)
    pflichtangaben_pruefen(graph)
    (katalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert Literal("Offene Daten: Integrationskonzept – Landkreis Beispiel", lang="de") in set(
        graph.objects(katalog, DCTERMS.title)
    )
    herausgeber = einer(graph, katalog, DCTERMS.publisher)
    assert einer(graph, herausgeber, FOAF.name) == Literal("Landkreis Beispiel")
    (datensatz,) = graph.objects(katalog, DCAT.dataset)
    assert datensatz == URIRef(f"http://testserver/{inhalt.jahr}/#datensatz")
    assert einer(graph, datensatz, DCTERMS.publisher) == herausgeber
    assert einer(graph, datensatz, DCATDE.contributorID) == URIRef(CONTRIBUTOR)
    kontakt = einer(graph, datensatz, DCAT.contactPoint)
    assert einer(graph, kontakt, VCARD.fn) == Literal("Stabsstelle Teilhabe")
    assert einer(graph, kontakt, VCARD.hasEmail) == URIRef(
        "mailto:teilhabe@landkreis-beispiel.example"
    )
    kreis = URIRef("http://dcat-ap.de/def/politicalGeocoding/districtKey/09999")
    assert einer(graph, datensatz, DCATDE.politicalGeocodingURI) == kreis
    assert einer(graph, datensatz, DCAT.landingPage) == URIRef(f"http://testserver/{inhalt.jahr}/")


def test_distributionen_json_xlsx_csv_pdf_je_sprache(client, landkreis, inhalt):
    """Issue 19.3: the JSON once, the measures as XLSX and CSV and the concept as PDF in each
    language; each with the dl-de licence URI, format, media type and language; each address
    answers (the PDFs are only resolved: rendering seven of them is the PDF tests' work)."""
    graph = rdf(client, f"/{inhalt.jahr}/offene-daten.ttl")
    pflichtangaben_pruefen(graph)
    datensatz = URIRef(f"http://testserver/{inhalt.jahr}/#datensatz")
    distributionen = list(graph.objects(datensatz, DCAT.distribution))
    sprachen = [code for code, _name in settings.LANGUAGES]
    nach_format = {}
    for distribution in distributionen:
        format = str(einer(graph, distribution, DCTERMS.format)).rsplit("/", 1)[1]
        nach_format.setdefault(format, []).append(distribution)
        assert einer(graph, distribution, DCTERMS.license) == DL_DE_BY_2_0
        assert (distribution, DCAT.mediaType, None) in graph
        assert (distribution, DCTERMS.language, None) in graph
        assert {t.language for t in graph.objects(distribution, DCTERMS.title)} == set(sprachen)
    assert {f: len(d) for f, d in nach_format.items()} == {
        "JSON": 1,
        "XLSX": len(sprachen),
        "CSV": len(sprachen),
        "PDF": len(sprachen),
    }
    pdf_sprachen = set()
    for distribution in distributionen:
        url = urlsplit(str(einer(graph, distribution, DCAT.accessURL)))
        assert url.netloc == "testserver"
        if distribution in nach_format["PDF"]:
            treffer = resolve(url.path)
            assert treffer.view_name == "konzept:edition_pdf"
            assert treffer.kwargs == {"jahr": inhalt.jahr}
            pdf_sprachen.add(get_language_from_path(url.path) or settings.LANGUAGE_CODE)
            continue
        response = client.get(url.path)
        assert response.status_code == 200, url.path
        assert response["Access-Control-Allow-Origin"] == "*"
    assert pdf_sprachen == set(sprachen)


def test_nur_beschlossene_ausgaben_sind_offene_daten(client, landkreis, inhalt, entwurf):
    """Issue 19.3: a draft appears in no catalogue and has no DCAT metadata, for anonymous
    readers and for staff alike (drafts are not open data)."""
    kmv = benutzer_mit_rolle("kmv-mitglied", "KMV")
    for leser in (None, kmv):
        if leser:
            client.force_login(leser)
        graph = rdf(client, "/offene-daten/katalog.ttl")
        datensaetze = set(graph.subjects(RDF.type, DCAT.Dataset))
        assert datensaetze == {URIRef(f"http://testserver/{inhalt.jahr}/#datensatz")}
        assert f"/{entwurf.jahr}/" not in graph.serialize(format="nt")
        for format in ("ttl", "jsonld"):
            assert client.get(f"/{entwurf.jahr}/offene-daten.{format}").status_code == 404


def test_ohne_eintraege_nichts_erfunden(client, inhalt):
    """Issue 19.3: without an e-mail address the contact is the site's imprint (Konvention 1:
    e-mail or URL); without a contributor ID from GovData there is none, not an invented one."""
    Landkreis.objects.update(kontakt_email="", datenbereitsteller_id="", kreisschluessel="")
    graph = rdf(client, f"/{inhalt.jahr}/offene-daten.jsonld", "jsonld")
    datensatz = URIRef(f"http://testserver/{inhalt.jahr}/#datensatz")
    kontakt = einer(graph, datensatz, DCAT.contactPoint)
    assert (kontakt, VCARD.hasEmail, None) not in graph
    assert einer(graph, kontakt, VCARD.hasURL) == URIRef("http://testserver/impressum/")
    assert (datensatz, DCATDE.contributorID, None) not in graph
    assert (datensatz, DCATDE.politicalGeocodingURI, None) not in graph
    assert client.get(f"/{inhalt.jahr}/offene-daten.json").json()["herausgeber"]["email"] is None


def test_json_nennt_lizenz_uri_und_kontakt(client, landkreis, inhalt):
    """Issue 19.3: the JSON names the licence by its dl-de URI and the district's e-mail."""
    daten = client.get(f"/{inhalt.jahr}/offene-daten.json").json()
    assert daten["lizenz"]["url"] == str(DL_DE_BY_2_0)
    assert daten["herausgeber"] == {
        "name": "Landkreis Beispiel",
        "stelle": "Stabsstelle Teilhabe",
        "email": "teilhabe@landkreis-beispiel.example",
    }


@pytest.mark.parametrize("sprache", ["", "/ar"])
def test_ausgabenseite_verlinkt_ihre_dcat_metadaten(client, landkreis, inhalt, sprache):
    """Issue 19.3: each adopted edition's page links its DCAT metadata with their RDF media
    types; the links lead to metadata of that edition."""
    html = client.get(f"{sprache}/{inhalt.jahr}/").text
    for format, (_rdf_format, typ) in RDF_TYPEN.items():
        link = re.search(rf'<link rel="alternate" type="{re.escape(typ)}" href="([^"]+)"', html)
        assert link, typ
        url = urlsplit(link.group(1))
        assert url.path == f"{sprache}/{inhalt.jahr}/offene-daten.{format}"
        graph = rdf(client, url.path, format)
        assert (URIRef(f"http://testserver/{inhalt.jahr}/#datensatz"), RDF.type, DCAT.Dataset) in (
            graph
        )


def test_entwurfsseite_verlinkt_keine_dcat_metadaten(staff_client, entwurf):
    html = staff_client.get(f"/{entwurf.jahr}/").text
    assert "text/turtle" not in html and "application/ld+json" not in html


def test_ausgabenliste_verlinkt_den_katalog(client, inhalt):
    html = client.get("/ausgaben/").text
    assert re.search(
        r'<link rel="alternate" type="text/turtle" href="[^"]+/offene-daten/katalog.ttl"', html
    )
    assert 'href="/offene-daten/katalog.jsonld"' in html


def test_schema_unter_fester_adresse_mit_absoluter_id(client, inhalt):
    """Issue 19.3: the JSON schema is served (it was a 404) with its own absolute address as
    `$id`; the JSON names it (Link: describedby) and validates against it; the JSON
    distribution conforms to it."""
    response = client.get(f"/offene-daten/schema/{SCHEMA_VERSION}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    schema = response.json()
    assert schema["$id"] == f"http://testserver/offene-daten/schema/{SCHEMA_VERSION}.json"
    assert urlsplit(schema["$id"]).scheme and urlsplit(schema["$id"]).netloc
    jsonschema.Draft202012Validator.check_schema(schema)
    daten = client.get(f"/{inhalt.jahr}/offene-daten.json")
    assert daten["Link"] == f'<{schema["$id"]}>; rel="describedby"'
    jsonschema.validate(daten.json(), schema, format_checker=jsonschema.FormatChecker())
    graph = rdf(client, f"/{inhalt.jahr}/offene-daten.ttl")
    json_distribution = URIRef(f"http://testserver/{inhalt.jahr}/offene-daten.json#distribution")
    assert einer(graph, json_distribution, DCTERMS.conformsTo) == URIRef(schema["$id"])


OFFENE_ADRESSEN = [
    "/{jahr}/offene-daten.json",
    "/{jahr}/offene-daten.ttl",
    "/{jahr}/offene-daten.jsonld",
    "/offene-daten/katalog.ttl",
    "/offene-daten/katalog.jsonld",
    "/{jahr}/massnahmen/export.csv",
]


@pytest.mark.parametrize("adresse", OFFENE_ADRESSEN)
def test_etag_last_modified_cors_und_304(
    client, inhalt, adresse, django_capture_on_commit_callbacks
):
    """Issue 19.3: every open-data response carries ETag, Last-Modified and CORS for all
    origins; a conditional GET with either validator gets 304 without a body, until the content
    changes."""
    url = adresse.format(jahr=inhalt.jahr)
    erste = client.get(url)
    assert erste.status_code == 200
    assert erste["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in erste["Access-Control-Expose-Headers"]
    etag, geaendert = erste["ETag"], erste["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)
    assert email.utils.parsedate_to_datetime(geaendert)

    for kopf in ({"If-None-Match": etag}, {"If-Modified-Since": geaendert}):
        nicht_geaendert = client.get(url, headers=kopf)
        assert nicht_geaendert.status_code == 304, kopf
        assert nicht_geaendert.content == b""
        assert nicht_geaendert["ETag"] == etag
        assert nicht_geaendert["Access-Control-Allow-Origin"] == "*"

    # A change of content, committed: new body, new ETag, later Last-Modified.
    with django_capture_on_commit_callbacks(execute=True):
        massnahme = Massnahme.objects.in_edition(inhalt).first()
        massnahme.titel_de = f"{massnahme.titel_de} (neu)"
        massnahme.save()
        Landkreis.objects.update(name="Landkreis Neu")
        Landkreis.aktuell().save()
    neu = client.get(url, headers={"If-None-Match": etag})
    assert neu.status_code == 200
    assert neu["ETag"] != etag
    assert email.utils.parsedate_to_datetime(neu["Last-Modified"]) >= (
        email.utils.parsedate_to_datetime(geaendert)
    )


def test_schema_mit_etag_last_modified_cors_und_304(client, inhalt):
    erste = client.get(f"/offene-daten/schema/{SCHEMA_VERSION}.json")
    assert erste["Access-Control-Allow-Origin"] == "*" and erste["Last-Modified"]
    zweite = client.get(
        f"/offene-daten/schema/{SCHEMA_VERSION}.json", headers={"If-None-Match": erste["ETag"]}
    )
    assert zweite.status_code == 304


def test_cors_vorabanfrage(client, inhalt):
    """Issue 19.3: a script on another site may send its own If-None-Match: the preflight
    (OPTIONS) allows it."""
    response = client.options(
        f"/{inhalt.jahr}/offene-daten.json",
        headers={
            "Origin": "https://daten.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_entwurf_als_tabelle_ohne_cors(client, entwurf):
    """Issue 19.3: a draft's table is no open data: no CORS, no shared cache."""
    client.force_login(benutzer_mit_rolle("kmv-mitglied", "KMV"))
    response = client.get(f"/{entwurf.jahr}/massnahmen/export.csv")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert response["Cache-Control"] == "private"


@pytest.mark.parametrize(
    "url",
    [
        "/{jahr}/offene-daten.xml",
        "/{jahr}/offene-daten.rdf",
        "/offene-daten/katalog.json",
        "/offene-daten/schema/1.json",
        "/1999/offene-daten.ttl",
        "/{jahr}/offene-daten.ttl/",
    ],
)
def test_unbekannte_formate_und_ausgaben_ergeben_404(client, inhalt, url):
    """Issue 19.3, bad input: unknown formats, versions and years are not found."""
    assert client.get(url.format(jahr=inhalt.jahr)).status_code == 404


@pytest.mark.parametrize(
    "kopf",
    [
        {"If-None-Match": "kaputt"},
        {"If-None-Match": '"' + "x" * 5000 + '"'},
        {"If-Modified-Since": "gestern"},
        {"If-Modified-Since": "Mon, 99 Foo 99999 99:99:99 GMT"},
        {"If-Match": '"nicht-dieses"'},
    ],
)
def test_kaputte_bedingungen_geben_das_dokument_oder_412(client, inhalt, kopf):
    """Issue 19.3, bad input: malformed conditions never break the answer."""
    response = client.get(f"/{inhalt.jahr}/offene-daten.ttl", headers=kopf)
    assert response.status_code == (412 if "If-Match" in kopf else 200)


def test_schreiben_ist_nicht_erlaubt(client, inhalt):
    for url in (f"/{inhalt.jahr}/offene-daten.ttl", "/offene-daten/katalog.jsonld"):
        assert (
            client.post(url, data=json.dumps({}), content_type="application/json").status_code
            == 405
        )


def test_jede_sprache_hat_ihren_eu_code():
    """Issue 19.3: each language of the site is named in the EU language vocabulary."""
    assert set(settings.OFFENE_DATEN_SPRACHCODES) == {code for code, _ in settings.LANGUAGES}
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in settings.OFFENE_DATEN_SPRACHCODES.values())


def test_pdf_einer_beschlossenen_ausgabe_mit_etag_und_cors(client, inhalt, settings, tmp_path):
    """Issue 19.3: the PDF, a distribution too, carries CORS, an ETag (the fingerprint its
    cached file is named after) and Last-Modified, and answers a conditional GET with 304."""
    settings.PDF_CACHE_ORDNER = tmp_path
    erste = client.get(f"/{inhalt.jahr}/pdf/")
    b"".join(erste.streaming_content)
    assert erste["Access-Control-Allow-Origin"] == "*"
    assert erste["Cache-Control"] == "public, max-age=300"
    assert re.fullmatch(rf'"integrationskonzept-{inhalt.jahr}-de-[0-9a-f]+"', erste["ETag"])
    for kopf in ({"If-None-Match": erste["ETag"]}, {"If-Modified-Since": erste["Last-Modified"]}):
        zweite = client.get(f"/{inhalt.jahr}/pdf/", headers=kopf)
        assert zweite.status_code == 304
        assert zweite["Access-Control-Allow-Origin"] == "*"
