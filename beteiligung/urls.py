from django.urls import path

from . import views

app_name = "beteiligung"

urlpatterns = [
    path("<int:jahr>/beteiligung/", views.beteiligung_detail, name="beteiligung_detail"),
    path(
        "<int:jahr>/beteiligung/<slug:key>/",
        views.beteiligungsformat_detail,
        name="beteiligungsformat_detail",
    ),
    path("<int:jahr>/beschluesse/neu/", views.beschluss_anlegen, name="beschluss_anlegen"),
    path(
        "<int:jahr>/stellungnahmen/neu/",
        views.stellungnahme_anlegen,
        name="stellungnahme_anlegen",
    ),
]

urlpatterns += [
    path("kommentare/neu/<str:art>/<int:pk>/", views.kommentar_anlegen, name="kommentar_anlegen"),
    path("kommentare/meine/", views.meine_kommentare, name="meine_kommentare"),
    path(
        "kommentare/<int:pk>/bearbeiten/", views.kommentar_bearbeiten, name="kommentar_bearbeiten"
    ),
    path(
        "kommentare/<int:pk>/zurueckziehen/",
        views.kommentar_zurueckziehen,
        name="kommentar_zurueckziehen",
    ),
    path(
        "kommentare/<int:pk>/beantworten/",
        views.kommentar_beantworten_view,
        name="kommentar_beantworten",
    ),
    path(
        "kommentare/<int:pk>/verbergen/", views.kommentar_verbergen_view, name="kommentar_verbergen"
    ),
    path("kommentare/<int:pk>/deutsch/", views.kommentar_deutsch_view, name="kommentar_deutsch"),
    path("<int:jahr>/kommentare/", views.moderation, name="moderation"),
    path("<int:jahr>/kommentare/export.xlsx", views.kommentare_export, name="kommentare_export"),
    path("<int:jahr>/abwaegung/", views.abwaegung, name="abwaegung"),
    path("<int:jahr>/phasen/neu/", views.phase_anlegen_view, name="phase_anlegen"),
    path("meine-daten/", views.meine_daten, name="meine_daten"),
    path("meine-daten/export.json", views.meine_daten_json, name="meine_daten_json"),
    path("meine-daten/konto-loeschen/", views.konto_loeschen, name="konto_loeschen"),
]
