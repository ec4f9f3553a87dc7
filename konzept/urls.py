from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from api.schnittstelle import api

from . import anmeldung, betrieb, oidc, views
from .offene_daten import RDF_FORMATE, SCHEMA_VERSION


class RdfFormat:
    """The RDF serialisations of the open-data metadata: Turtle and JSON-LD."""

    regex = "|".join(RDF_FORMATE)

    def to_python(self, wert):
        return wert

    def to_url(self, wert):
        return wert


register_converter(RdfFormat, "rdf")

konzept_patterns = [
    path("", views.startseite, name="startseite"),
    path("arbeitsplatz/", views.arbeitsplatz, name="arbeitsplatz"),
    path("<int:jahr>/", views.edition_detail, name="edition_detail"),
    path("ausgaben/", views.edition_list, name="edition_list"),
    path("ausgaben/vorlage.xlsx", views.vorlage_leer, name="vorlage_leer"),
    path("ausgaben/import/", views.edition_import, name="edition_import"),
    path(
        "ausgaben/import/uebernehmen/",
        views.edition_import_uebernehmen,
        name="edition_import_uebernehmen",
    ),
    path("<int:jahr>/vorlage.xlsx", views.vorlage_edition, name="vorlage_edition"),
    path("<int:jahr>/vergleich/", views.edition_vergleich, name="edition_vergleich"),
    path("<int:jahr>/pdf/", views.edition_pdf, name="edition_pdf"),
    path("suche/", views.suche, name="suche"),
    path("<int:jahr>/suche/", views.suche, name="suche_edition"),
    path("<int:jahr>/offene-daten.json", views.offene_daten_json, name="offene_daten"),
    path(
        "<int:jahr>/offene-daten.<rdf:format>",
        views.offene_daten_dcat,
        name="offene_daten_dcat",
    ),
    path(
        "offene-daten/katalog.<rdf:format>",
        views.offene_daten_katalog,
        name="offene_daten_katalog",
    ),
    path(
        f"offene-daten/schema/{SCHEMA_VERSION}.json",
        views.offene_daten_schema,
        name="offene_daten_schema",
    ),
    path(
        "<int:jahr>/fortschreiben/",
        views.edition_fortschreiben_view,
        name="edition_fortschreiben",
    ),
    path("<int:jahr>/geloescht/", views.geloescht_liste, name="geloescht_liste"),
    path("<int:jahr>/status/", views.edition_status, name="edition_status"),
    path("impressum/", views.seite_detail, {"art": "impressum"}, name="impressum"),
    path("datenschutz/", views.seite_detail, {"art": "datenschutz"}, name="datenschutz"),
    path(
        "barrierefreiheit/",
        views.seite_detail,
        {"art": "barrierefreiheit"},
        name="barrierefreiheit",
    ),
    path("uebersetzung/<int:jahr>/", views.uebersetzung_uebersicht, name="uebersetzung_uebersicht"),
    path(
        "uebersetzung/<int:jahr>/<str:sprache>/",
        views.uebersetzung_liste,
        name="uebersetzung_liste",
    ),
    path(
        "uebersetzung/<int:jahr>/<str:sprache>/export.xlf",
        views.uebersetzung_export,
        name="uebersetzung_export",
    ),
    path(
        "uebersetzung/<int:jahr>/<str:sprache>/import/",
        views.uebersetzung_import,
        name="uebersetzung_import",
    ),
    path(
        "uebersetzung/<int:jahr>/<str:sprache>/pruefen/",
        views.uebersetzung_pruefen,
        name="uebersetzung_pruefen",
    ),
    path(
        "uebersetzung/<int:jahr>/<str:sprache>/pruefen/bestaetigen/",
        views.uebersetzung_pruefen_bestaetigen,
        name="uebersetzung_pruefen_bestaetigen",
    ),
    path(
        "uebersetzung/<int:jahr>/<str:sprache>/vorschlagen/",
        views.uebersetzung_vorschlagen,
        name="uebersetzung_vorschlagen",
    ),
    path(
        "uebersetzung/<int:jahr>/<str:sprache>/<str:art>/<int:pk>/",
        views.uebersetzung_bearbeiten,
        name="uebersetzung_bearbeiten",
    ),
    path("bearbeiten/<str:art>/<int:pk>/", views.element_bearbeiten, name="element_bearbeiten"),
    path(
        "bearbeiten/<str:art>/neu/<str:eltern_art>/<int:eltern_pk>/",
        views.element_anlegen_view,
        name="element_anlegen",
    ),
    path(
        "bearbeiten/<str:art>/<int:pk>/loeschen/",
        views.element_loeschen_view,
        name="element_loeschen",
    ),
    path(
        "bearbeiten/<str:art>/<int:pk>/verschieben/<str:richtung>/",
        views.element_verschieben_view,
        name="element_verschieben",
    ),
    path(
        "bearbeiten/<str:art>/<int:pk>/historie/",
        views.element_historie,
        name="element_historie",
    ),
    path(
        "bearbeiten/<str:art>/<int:pk>/historie/<int:history_id>/wiederherstellen/",
        views.element_wiederherstellen_view,
        name="element_wiederherstellen",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", betrieb.healthz, name="healthz"),
    # The API speaks JSON in one language: no language prefix (api/schnittstelle.py).
    path("api/v1/", api.urls),
    path("sprache/", views.sprache_waehlen, name="sprache_waehlen"),
    # The provider sends everyone back to this one URL, whatever the language (konzept/oidc.py).
    path(
        "anmelden/dienstkonto/rueckkehr/",
        oidc.dienstkonto_rueckkehr,
        name="dienstkonto_rueckkehr",
    ),
    # German, the source language, needs no prefix: /2024/ and /ar/2024/.
    *i18n_patterns(
        path("anmelden/", views.AnmeldenView.as_view(), name="login"),
        path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
        path("anmelden/dienstkonto/", oidc.dienstkonto_anmelden, name="dienstkonto_anmelden"),
        path("anmelden/zweiter-faktor/", anmeldung.zweiter_faktor, name="zweiter_faktor"),
        path(
            "anmelden/zweiter-faktor/einrichten/",
            anmeldung.zweiter_faktor_einrichten,
            name="zweiter_faktor_einrichten",
        ),
        path("sitzung/", anmeldung.sitzung_status, name="sitzung_status"),
        path("sitzung/verlaengern/", anmeldung.sitzung_verlaengern, name="sitzung_verlaengern"),
        path(
            "anmelden/wiederherstellungscodes/",
            anmeldung.wiederherstellungscodes_neu,
            name="wiederherstellungscodes_neu",
        ),
        path("", include((konzept_patterns, "konzept"))),
        path("", include("themenfelder.urls")),
        path("", include("massnahmen.urls")),
        path("", include("beteiligung.urls")),
        path("", include("api.urls")),
        prefix_default_language=False,
    ),
]

handler500 = "konzept.betrieb.server_error"
