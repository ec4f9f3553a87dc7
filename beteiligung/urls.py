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
