"""Prepares a database for the server benchmarks (run as `python -m bench._vorbereiten`
with the production settings and DATABASE_URL): migrations, generated content, a 2026
draft in consultation, KMV members (with e-mail addresses) and a staff member with an
authenticator app. Prints what the benchmark needs as JSON."""

import json
import os
import sys
from datetime import timedelta

import django


def main(anzahl_kmv: int) -> dict:
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from beteiligung.models import Beteiligungsphase
    from konzept.services import edition_fortschreiben
    from massnahmen.models import Massnahme
    from tests import fabrik
    from themenfelder.models import Themenfeld

    call_command("migrate", verbosity=0)
    inhalt = fabrik.erzeugen()
    entwurf = edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)
    jetzt = timezone.now()
    Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=1), ende=jetzt + timedelta(days=30)
    )
    passwort = "bench-passwort-2026"
    kmv = Group.objects.get_or_create(name="KMV")[0]
    mitglieder = []
    for nummer in range(anzahl_kmv):
        name = f"kmv-{nummer:02d}"
        # An address: answers to their comments go out by e-mail (bench/last.py).
        user = User.objects.create_user(name, f"{name}@bench.example", passwort)
        user.groups.add(kmv)
        mitglieder.append(user.username)
    staff = User.objects.create_user("koordination", password=passwort)
    staff.groups.add(Group.objects.get_or_create(name="Koordinierungsstelle")[0])
    geraet = TOTPDevice.objects.create(user=staff, name="Bench", confirmed=True)
    massnahmen = Massnahme.objects.in_edition(entwurf)
    return {
        "passwort": passwort,
        "kmv": mitglieder,
        "staff": staff.username,
        "totp_schluessel": geraet.key,
        "massnahmen_entwurf": list(massnahmen.values_list("pk", flat=True)),
        "massnahme_2024": Massnahme.objects.in_edition(inhalt).first().get_absolute_url(),
        "themenfeld_2024": Themenfeld.objects.filter(edition=inhalt).first().get_absolute_url(),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench._einstellungen")
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0)))
