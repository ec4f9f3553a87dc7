from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Demo sign-ins for trying the app locally. The passwords are published in the README,
# which is why only settings with DEMO_BENUTZER_ERLAUBT (development) may create them.
DEMO_BENUTZER = [
    # username, group (None: administrator), password
    ("koordination", "Koordinierungsstelle", "demo-koordination-2024"),
    ("ausschuss", "Ausschuss", "demo-ausschuss-2024"),
    ("kmv", "KMV", "demo-kmv-2024"),
    ("admin", None, "demo-admin-2024"),
]
GRUPPEN = ["Koordinierungsstelle", "Ausschuss", "KMV"]


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
                    user.save()
                if gruppe:
                    user.groups.add(gruppen[gruppe])
        self.stdout.write("Demo-Anmeldungen (nur zum Ausprobieren, nie in Produktion):")
        for username, gruppe, passwort in DEMO_BENUTZER:
            rolle = gruppe or "Administration"
            self.stdout.write(f"  {rolle:<22} Benutzername: {username:<14} Passwort: {passwort}")
