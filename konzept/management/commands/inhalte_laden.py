from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from konzept.laden import InhaltFehler, dateien_aus, inhalte_laden


class Command(BaseCommand):
    help = (
        "Lädt Landkreis, Begriffe, Beteiligungsarten, Gremien, Pflichtseiten und Ausgaben des "
        "Integrationskonzepts aus TOML-Dateien (Format: docs/inhalte.md). Alles oder nichts: "
        "Eine fehlerhafte Datei ändert nichts an der Datenbank."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dateien",
            nargs="*",
            type=Path,
            help=(
                "TOML-Dateien oder Ordner (mit ihrem Unterordner uebersetzungen/); ohne Angabe "
                "die in INHALTE eingestellten."
            ),
        )
        parser.add_argument(
            "--ersetzen",
            action="store_true",
            help="Bereits geladene Inhalte durch die der Dateien ersetzen.",
        )

    def handle(self, *args, dateien, ersetzen, **options):
        angaben = dateien or settings.INHALTE
        try:
            bericht = inhalte_laden(
                dateien=[datei for angabe in angaben for datei in dateien_aus(angabe)],
                ersetzen=ersetzen,
            )
        except InhaltFehler as fehler:
            raise CommandError(str(fehler)) from fehler
        for zeile in bericht:
            self.stdout.write(zeile)
