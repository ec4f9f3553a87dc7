from django.urls import path

from . import views

app_name = "themenfelder"

urlpatterns = [
    path(
        "<int:jahr>/themenfelder/<slug:key>/",
        views.themenfeld_detail,
        name="themenfeld_detail",
    ),
]
