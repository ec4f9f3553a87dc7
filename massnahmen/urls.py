from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, views

app_name = "massnahmen"

urlpatterns = [
    path("<int:jahr>/massnahmen/", views.massnahme_list, name="massnahme_list"),
    path("<int:jahr>/umsetzungsstand/", views.umsetzungsstand, name="umsetzungsstand"),
    path("<int:jahr>/umsetzung.atom", require_safe(feeds.UmsetzungFeed()), name="feed_edition"),
    path(
        "<int:jahr>/themenfelder/<str:key>/umsetzung.atom",
        require_safe(feeds.UmsetzungFeed()),
        name="feed_themenfeld",
    ),
    path(
        "<int:jahr>/massnahmen/export.xlsx",
        views.massnahmen_export,
        {"format": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "<int:jahr>/massnahmen/export.csv",
        views.massnahmen_export,
        {"format": "csv"},
        name="export_csv",
    ),
    # Before the measure pages: "import" is no measure's key.
    path("<int:jahr>/massnahmen/import/", views.massnahmen_import, name="import"),
    path(
        "<int:jahr>/massnahmen/import/uebernehmen/",
        views.massnahmen_import_uebernehmen,
        name="import_uebernehmen",
    ),
    path("<int:jahr>/massnahmen/<str:key>/", views.massnahme_detail, name="massnahme_detail"),
    path("bearbeiten/massnahme/<int:pk>/status/", views.status_aendern, name="status_aendern"),
    path(
        "umsetzung/indikatoren/neu/<str:art>/<int:pk>/",
        views.indikator_anlegen,
        name="indikator_anlegen",
    ),
    path(
        "umsetzung/indikatoren/<int:pk>/", views.indikator_bearbeiten, name="indikator_bearbeiten"
    ),
    path(
        "umsetzung/messwerte/<str:art>/<int:pk>/",
        views.messwert_erfassen,
        name="messwert_erfassen",
    ),
    path("umsetzung/", views.umsetzung_uebersicht, name="umsetzung_uebersicht"),
    path("umsetzung/melden/", views.melden, name="melden"),
    path("umsetzung/sachstandsabfragen/<int:pk>/", views.abfrage_detail, name="abfrage_detail"),
    path(
        "umsetzung/sachstandsabfragen/<int:pk>/erinnern/<int:user_pk>/",
        views.abfrage_erinnern_view,
        name="abfrage_erinnern",
    ),
    path(
        "umsetzung/sachstandsabfragen/<int:pk>/schliessen/",
        views.abfrage_schliessen_view,
        name="abfrage_schliessen",
    ),
    path(
        "umsetzung/berichte/<int:pk>/pruefen/", views.bericht_pruefen_view, name="bericht_pruefen"
    ),
    path(
        "<int:jahr>/umsetzungsberichte/<int:pk>/",
        views.umsetzungsbericht,
        name="umsetzungsbericht",
    ),
    path(
        "<int:jahr>/umsetzungsberichte/<int:pk>/pdf/",
        views.umsetzungsbericht_pdf,
        name="umsetzungsbericht_pdf",
    ),
    path("umsetzung/ansprechpersonen/", views.ansprechpersonen, name="ansprechpersonen"),
    path(
        "umsetzung/ansprechpersonen/<int:pk>/einladen/",
        views.einladung_erneut,
        name="einladung_erneut",
    ),
    path("einladung/<str:token>/", views.einladung_annehmen_view, name="einladung_annehmen"),
    path(
        "bearbeiten/massnahme/<int:pk>/umsetzung/",
        views.umsetzung_bearbeiten,
        name="umsetzung_bearbeiten",
    ),
    path(
        "bearbeiten/massnahme/<int:pk>/umsetzungsstand/",
        views.umsetzungsstand_hinzufuegen,
        name="umsetzungsstand_hinzufuegen",
    ),
]
