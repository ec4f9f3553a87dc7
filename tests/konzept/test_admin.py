"""Issue 2: every model of the domain is in the Django admin, and its pages work."""

import pytest
from django.apps import apps
from django.contrib import admin

APPS = ["konzept", "themenfelder", "massnahmen", "beteiligung"]


def domaenenmodelle():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


@pytest.mark.parametrize("model", list(domaenenmodelle()), ids=lambda model: model.__name__)
def test_modell_im_admin(admin_client, inhalt, model):
    assert admin.site.is_registered(model)
    meta = model._meta
    assert admin_client.get(f"/admin/{meta.app_label}/{meta.model_name}/").status_code == 200
    objekt = model.objects.first()
    if objekt is not None:
        url = f"/admin/{meta.app_label}/{meta.model_name}/{objekt.pk}/change/"
        assert admin_client.get(url).status_code == 200
