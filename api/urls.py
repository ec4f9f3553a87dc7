from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("api/", views.api_seite, name="seite"),
    path("meine-daten/api-tokens/", views.token_list, name="token_list"),
    path(
        "meine-daten/api-tokens/<int:pk>/widerrufen/",
        views.token_widerrufen_view,
        name="token_widerrufen",
    ),
]
