"""Reads the free-text Zeitraum as planned start and end months where it can; text that is no
period ("fortlaufend") stays as it is and is shown beside the dates. Creates the group of the
contact persons."""

from django.conf import settings
from django.db import migrations

from massnahmen.zeitraum import lesen


def zeitraum_lesen(apps, schema_editor):
    Massnahme = apps.get_model("massnahmen", "Massnahme")
    sprachen = [code for code, _name in settings.LANGUAGES]
    for massnahme in Massnahme.objects.exclude(zeitraum=""):
        text = getattr(massnahme, f"zeitraum_{settings.LANGUAGE_CODE}", "") or massnahme.zeitraum
        gelesen = lesen(text)
        if gelesen is None:
            continue
        massnahme.beginn_geplant, massnahme.ende_geplant = gelesen
        # The dates say it all now, in every language.
        massnahme.zeitraum = ""
        for code in sprachen:
            setattr(massnahme, f"zeitraum_{code}", "")
        massnahme.save()


def gruppe_anlegen(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Umsetzung")


class Migration(migrations.Migration):
    dependencies = [("massnahmen", "0004_umsetzung"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(zeitraum_lesen, migrations.RunPython.noop),
        migrations.RunPython(gruppe_anlegen, migrations.RunPython.noop),
    ]
