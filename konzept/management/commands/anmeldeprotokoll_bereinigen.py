from django.conf import settings
from django.core.management.base import BaseCommand

from konzept.anmeldeprotokoll import bereinigen


class Command(BaseCommand):
    help = (
        "Löscht Einträge des Anmeldeprotokolls (Benutzername, IP-Adresse, Browser), die älter "
        "als ANMELDEPROTOKOLL_TAGE Tage sind. Läuft auch mit benachrichtigungen_senden."
    )

    def handle(self, *args, **options):
        anzahl = bereinigen()
        if options["verbosity"] > 1:
            self.stdout.write(
                f"{anzahl} Einträge älter als {settings.ANMELDEPROTOKOLL_TAGE} Tage gelöscht."
            )
