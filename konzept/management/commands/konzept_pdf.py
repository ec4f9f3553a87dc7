import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from konzept.models import Edition
from konzept.pdf import PdfFehler, dateiname, pdf_holen


class Command(BaseCommand):
    help = (
        "Erstellt das PDF einer Ausgabe: `konzept_pdf --jahr 2024 --sprache de -o datei.pdf`, "
        "oder mit --alle-sprachen eines je Sprache in den Ordner hinter -o."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jahr", type=int, required=True, help="Jahr der Ausgabe")
        sprachen = [code for code, _name in settings.LANGUAGES]
        parser.add_argument("--sprache", choices=sprachen, default=settings.LANGUAGE_CODE)
        parser.add_argument(
            "--alle-sprachen", action="store_true", help="ein PDF je Sprache (mit Fortschritt)"
        )
        parser.add_argument(
            "-o",
            "--ausgabe",
            type=Path,
            help="Zieldatei; mit --alle-sprachen ein Ordner (Vorgabe: der aktuelle)",
        )

    def handle(self, *args, jahr, sprache, alle_sprachen, ausgabe, **options):
        edition = Edition.objects.filter(jahr=jahr).first()
        if edition is None:
            vorhanden = ", ".join(str(j) for j in Edition.objects.values_list("jahr", flat=True))
            raise CommandError(f"Keine Ausgabe {jahr}. Vorhanden: {vorhanden or 'keine'}.")
        if not alle_sprachen:
            ziel = ausgabe or Path(dateiname(edition, sprache))
            self._erstellen(edition, sprache, ziel)
            self.stdout.write(f"{ziel} geschrieben.")
            return
        ordner = ausgabe or Path()
        if ordner.exists() and not ordner.is_dir():
            raise CommandError(f"{ordner} ist kein Ordner; mit --alle-sprachen nennt -o einen.")
        ordner.mkdir(parents=True, exist_ok=True)
        sprachen = [code for code, _name in settings.LANGUAGES]
        for nummer, code in enumerate(sprachen, 1):
            self._fortschritt(nummer - 1, len(sprachen), code)
            self._erstellen(edition, code, ordner / dateiname(edition, code))
        self._fortschritt(len(sprachen), len(sprachen), "")
        self.stdout.write(f"{len(sprachen)} PDFs in {ordner.resolve()} geschrieben.")

    def _erstellen(self, edition, sprache, ziel: Path):
        try:
            pdf = pdf_holen(edition=edition, sprache=sprache, frisch=True)
        except PdfFehler as fehler:
            raise CommandError(f"{sprache}: {fehler} (Einzelheiten im Protokoll)") from fehler
        shutil.copyfile(pdf.pfad, ziel)

    def _fortschritt(self, fertig: int, gesamt: int, sprache: str):
        breite = 28
        voll = breite * fertig // gesamt
        balken = "█" * voll + "░" * (breite - voll)
        zeile = f"\r{balken} {fertig}/{gesamt} {sprache:<3}"
        self.stderr.write(zeile, ending="\n" if fertig == gesamt else "")
        sys.stderr.flush()
