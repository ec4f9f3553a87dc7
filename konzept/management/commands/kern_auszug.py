"""Writes static/css/kern-auszug.css: the part of KERN UX the pages use (konzept/seitenstil.py).

Run it after using a KERN class that no template used before; a test fails until then.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from konzept.seitenstil import KERN_AUSZUG, kern_auszug


class Command(BaseCommand):
    help = "Schreibt den Auszug aus KERN UX, den die Seiten brauchen (static/css/kern-auszug.css)."

    def handle(self, *args, **optionen):
        ziel = Path(settings.BASE_DIR) / "static" / KERN_AUSZUG
        text = kern_auszug()
        ziel.write_text(text)
        self.stdout.write(f"{ziel.relative_to(settings.BASE_DIR)}: {len(text.encode())} Bytes")
