import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from konzept.rollen import braucht_zweiten_faktor

# Demo sign-ins for trying the app locally. The passwords are published in the README,
# which is why only settings with DEMO_BENUTZER_ERLAUBT (development) may create them. Each has
# an e-mail address (of the reserved domain .example), so that the demo sends its e-mails; in
# development they appear on the console.
DEMO_BENUTZER = [
    # username, group (None: administrator), password
    ("koordination", "Koordinierungsstelle", "demo-koordination-2024"),
    ("ausschuss", "Ausschuss", "demo-ausschuss-2024"),
    ("kmv", "KMV", "demo-kmv-2024"),
    ("admin", None, "demo-admin-2024"),
]
DEMO_DOMAIN = "landkreis.example"
GRUPPEN = ["Koordinierungsstelle", "Ausschuss", "KMV"]
# Staff and administrators sign in with a second factor. The demo accounts share a published
# authenticator key (for an app) and recovery codes that every run restores.
DEMO_TOTP_SCHLUESSEL = b"demo-integrationskon"  # 20 bytes; Base32 in the README
DEMO_WIEDERHERSTELLUNGSCODES = [f"demo-code-{nummer}" for nummer in range(1, 6)]


class Command(BaseCommand):
    help = "Legt die Gruppen und je eine Demo-Anmeldung pro Gruppe sowie einen Admin an."

    def handle(self, *args, **options):
        if not settings.DEMO_BENUTZER_ERLAUBT:
            raise CommandError(
                "Demo-Anmeldungen sind in dieser Umgebung nicht erlaubt "
                "(DEMO_BENUTZER_ERLAUBT ist aus)."
            )
        User = get_user_model()
        with transaction.atomic():
            gruppen = {name: Group.objects.get_or_create(name=name)[0] for name in GRUPPEN}
            for username, gruppe, passwort in DEMO_BENUTZER:
                user, angelegt = User.objects.get_or_create(username=username)
                if angelegt:
                    user.set_password(passwort)
                    user.is_staff = user.is_superuser = gruppe is None
                # Accounts of an earlier run get their address too; one set by hand stays.
                if angelegt or not user.email:
                    user.email = f"{username}@{DEMO_DOMAIN}"
                    user.save()
                if gruppe:
                    user.groups.add(gruppen[gruppe])
                if braucht_zweiten_faktor(user):
                    zweiten_faktor_einrichten(user)
        self.stdout.write("Demo-Anmeldungen (nur zum Ausprobieren, nie in Produktion):")
        for username, gruppe, passwort in DEMO_BENUTZER:
            rolle = gruppe or "Administration"
            self.stdout.write(
                f"  {rolle:<22} Benutzername: {username:<14} Passwort: {passwort:<24} "
                f"E-Mail: {username}@{DEMO_DOMAIN}"
            )
        self.stdout.write(
            "Zweiter Faktor für koordination und admin: Authenticator-App mit dem Schlüssel "
            f"{base64.b32encode(DEMO_TOTP_SCHLUESSEL).decode()} oder einer der "
            f"Wiederherstellungscodes {', '.join(DEMO_WIEDERHERSTELLUNGSCODES)}."
        )


def zweiten_faktor_einrichten(user):
    TOTPDevice.objects.update_or_create(
        user=user,
        name="Demo",
        defaults={"key": DEMO_TOTP_SCHLUESSEL.hex(), "confirmed": True},
    )
    codes, _angelegt = StaticDevice.objects.get_or_create(user=user, name="Wiederherstellungscodes")
    codes.token_set.all().delete()
    for code in DEMO_WIEDERHERSTELLUNGSCODES:
        codes.token_set.create(token=code)
