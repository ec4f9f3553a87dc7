from django.urls import path

from . import views

app_name = "massnahmen"

urlpatterns = [
    path("<int:jahr>/massnahmen/", views.massnahme_list, name="massnahme_list"),
    path("<int:jahr>/massnahmen/<str:key>/", views.massnahme_detail, name="massnahme_detail"),
    path("bearbeiten/massnahme/<int:pk>/status/", views.status_aendern, name="status_aendern"),
    path(
        "bearbeiten/massnahme/<int:pk>/umsetzungsstand/",
        views.umsetzungsstand_hinzufuegen,
        name="umsetzungsstand_hinzufuegen",
    ),
]
