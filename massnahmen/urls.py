from django.urls import path

from . import views

app_name = "massnahmen"

urlpatterns = [
    path("<int:jahr>/massnahmen/", views.massnahme_list, name="massnahme_list"),
    path("<int:jahr>/umsetzungsstand/", views.umsetzungsstand, name="umsetzungsstand"),
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
