from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from konzept.services import InhaltFehler, inhalte_laden


class Command(BaseCommand):
    help = (
        "Lädt Landkreis, Pflichtseiten und Ausgaben des Integrationskonzepts aus TOML-Dateien. "
        "Alles oder nichts: Eine fehlerhafte Datei ändert nichts an der Datenbank."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dateien",
            nargs="*",
            type=Path,
            help="TOML-Dateien; ohne Angabe die in INHALTE_DATEIEN eingestellten.",
        )
        parser.add_argument(
            "--ersetzen",
            action="store_true",
            help="Bereits geladene Inhalte durch die der Dateien ersetzen.",
        )

    def handle(self, *args, dateien, ersetzen, **options):
        try:
            bericht = inhalte_laden(dateien=dateien or settings.INHALTE_DATEIEN, ersetzen=ersetzen)
        except InhaltFehler as fehler:
            raise CommandError(str(fehler)) from fehler
        for zeile in bericht:
            self.stdout.write(zeile)
