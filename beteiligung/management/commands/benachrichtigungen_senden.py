from django.core.management.base import BaseCommand

from beteiligung.services import benachrichtigungen_faellig, tageszusammenfassungen
from konzept.anmeldeprotokoll import bereinigen
from konzept.bearbeitung import einreichungen_bereinigen


class Command(BaseCommand):
    help = (
        "Meldet begonnene Beteiligungsphasen, erinnert zwei Tage vor ihrem Ende und verschickt "
        "die täglichen Zusammenfassungen; löscht abgelaufene Einträge des Anmeldeprotokolls und "
        "der Formular-Kennungen. "
        "Regelmäßig aufrufen, z. B. alle 15 Minuten per cron."
    )

    def handle(self, *args, **options):
        benachrichtigungen_faellig()
        tageszusammenfassungen()
        # The regular job every installation already runs: the retention period holds
        # without a schedule entry of its own.
        bereinigen()
        einreichungen_bereinigen()
