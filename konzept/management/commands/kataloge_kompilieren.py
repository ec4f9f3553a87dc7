from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Übersetzt die .po-Kataloge in .mo-Dateien, ohne dass GNU gettext installiert sein muss "
        "(`make run` und `make test` rufen das auf)."
    )

    def handle(self, *args, **options):
        for ordner in settings.LOCALE_PATHS:
            for po_datei in sorted(Path(ordner).glob("*/LC_MESSAGES/*.po")):
                mo_datei = po_datei.with_suffix(".mo")
                if mo_datei.exists() and mo_datei.stat().st_mtime >= po_datei.stat().st_mtime:
                    continue
                polib.pofile(str(po_datei)).save_as_mofile(str(mo_datei))
                self.stdout.write(f"{po_datei} → {mo_datei.name}")
