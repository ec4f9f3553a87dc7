from django.contrib import admin
from django.urls import include, path

from . import views

konzept_patterns = [
    path("", views.startseite, name="startseite"),
    path("<int:jahr>/", views.edition_detail, name="edition_detail"),
    path("impressum/", views.seite_detail, {"art": "impressum"}, name="impressum"),
    path("datenschutz/", views.seite_detail, {"art": "datenschutz"}, name="datenschutz"),
    path(
        "barrierefreiheit/",
        views.seite_detail,
        {"art": "barrierefreiheit"},
        name="barrierefreiheit",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((konzept_patterns, "konzept"))),
    path("", include("themenfelder.urls")),
    path("", include("massnahmen.urls")),
]
