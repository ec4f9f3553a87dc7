from django.core.management.base import BaseCommand

from beteiligung.services import benachrichtigungen_faellig, tageszusammenfassungen


class Command(BaseCommand):
    help = (
        "Meldet begonnene Beteiligungsphasen, erinnert zwei Tage vor ihrem Ende und verschickt "
        "die täglichen Zusammenfassungen. Regelmäßig aufrufen, z. B. alle 15 Minuten per cron."
    )

    def handle(self, *args, **options):
        benachrichtigungen_faellig()
        tageszusammenfassungen()
