from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import AnmeldeForm

konzept_patterns = [
    path("", views.startseite, name="startseite"),
    path("<int:jahr>/", views.edition_detail, name="edition_detail"),
    path(
        "<int:jahr>/fortschreiben/",
        views.edition_fortschreiben_view,
        name="edition_fortschreiben",
    ),
    path("<int:jahr>/geloescht/", views.geloescht_liste, name="geloescht_liste"),
    path("impressum/", views.seite_detail, {"art": "impressum"}, name="impressum"),
    path("datenschutz/", views.seite_detail, {"art": "datenschutz"}, name="datenschutz"),
    path(
        "barrierefreiheit/",
        views.seite_detail,
        {"art": "barrierefreiheit"},
        name="barrierefreiheit",
    ),
    path("bearbeiten/<str:art>/<int:pk>/", views.element_bearbeiten, name="element_bearbeiten"),
    path(
        "bearbeiten/<str:art>/neu/<int:eltern_pk>/",
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
    path(
        "anmelden/",
        auth_views.LoginView.as_view(
            authentication_form=AnmeldeForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((konzept_patterns, "konzept"))),
    path("", include("themenfelder.urls")),
    path("", include("massnahmen.urls")),
]
