from django.urls import path

from . import views

app_name = "suche"

urlpatterns = [
    path("suche/", views.suche, name="suche"),
    path("<int:jahr>/suche/", views.suche, name="suche_edition"),
]
