from django.core.management.base import BaseCommand

from massnahmen.services import erinnerungen_faellig


class Command(BaseCommand):
    help = (
        "Erinnert die Ansprechpersonen vor und nach der Frist einer Sachstandsabfrage und bei "
        "Maßnahmen ohne aktuellen Umsetzungsstand. Regelmäßig aufrufen, z. B. neben "
        "benachrichtigungen_senden alle 15 Minuten per cron; jede Erinnerung geht einmal."
    )

    def handle(self, *args, **options):
        erinnerungen_faellig()
