import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from beteiligung.models import Beteiligungsphase, Kommentar
from beteiligung.services import kommentar_abgeben, kommentar_beantworten
from konzept.models import Edition
from konzept.services import edition_fortschreiben
from massnahmen.models import Massnahme

# (measure key, language, text, answer or None)
DEMO_KOMMENTARE = [
    (
        "partizipation.sprachfoerderung.weiterfuehrende-sprachkurse",
        "ar",
        "نحتاج إلى دورات لغة مسائية للعاملين.",
        ("teilweise", "Abendkurse werden mit der KVHS geprüft."),
    ),
    (
        "partizipation.zugang-arbeit.jobmessen",
        "uk",
        "Будь ласка, запросіть роботодавців, які шукають працівників без досконалої німецької.",
        None,
    ),
    (
        "gesundheit.behandlung.sprachmittlung",
        "tr",
        "Doktor randevularında tercüman desteği çok önemli.",
        ("beruecksichtigt", "Die Sprachmittlung in Praxen wird in die Maßnahme aufgenommen."),
    ),
    (
        "kinder-jugendliche.freizeit.jugendtreffs",
        "de",
        "Die Jugendtreffs sollten auch am Wochenende öffnen.",
        None,
    ),
]


class Command(BaseCommand):
    help = (
        "Nur zum Ausprobieren: ein Entwurf 2026 mit offener KMV-Beteiligung und einigen "
        "Kommentaren in mehreren Sprachen, teils beantwortet."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_BENUTZER_ERLAUBT:
            raise CommandError("Demo-Daten sind in dieser Umgebung nicht erlaubt.")
        User = get_user_model()
        koordination = User.objects.filter(username="koordination").first()
        kmv = User.objects.filter(username="kmv").first()
        if not (koordination and kmv):
            raise CommandError("Zuerst `python manage.py demo_benutzer` ausführen.")
        if Edition.objects.filter(jahr=2026).exists():
            self.stdout.write("Demo-Beteiligung 2026 ist bereits angelegt; unverändert.")
            return
        vorgaenger = Edition.objects.filter(jahr=2024).first()
        if vorgaenger is None:
            raise CommandError("Zuerst die Inhalte laden (`python manage.py inhalte_laden`).")
        with transaction.atomic():
            entwurf = edition_fortschreiben(vorgaenger=vorgaenger, jahr=2026, user=koordination)
            Edition.objects.filter(pk=entwurf.pk).update(status=Edition.Status.BETEILIGUNG)
            jetzt = timezone.now()
            # Announced already: the demo sends no mail.
            Beteiligungsphase.objects.create(
                edition=entwurf,
                beginn=jetzt - timedelta(days=3),
                ende=jetzt + timedelta(days=28),
                eroeffnung_gemeldet=True,
            )
            for key, sprache, text, antwort in DEMO_KOMMENTARE:
                massnahme = Massnahme.objects.in_edition(entwurf).filter(key=key).first()
                if massnahme is None:
                    continue
                kommentar = kommentar_abgeben(
                    user=kmv,
                    element=massnahme,
                    text=text,
                    sprache=sprache,
                    name_zeigen=False,
                    einreichung=uuid.uuid4(),
                )
                if antwort:
                    einstufung, text_antwort = antwort
                    kommentar_beantworten(
                        kommentar=kommentar,
                        user=koordination,
                        antwort=text_antwort,
                        einstufung=einstufung,
                        bezug="",
                        version=kommentar.version,
                    )
        self.stdout.write(
            f"Demo: Entwurf 2026 mit offener KMV-Beteiligung und "
            f"{Kommentar.objects.filter(edition__jahr=2026).count()} Kommentaren angelegt."
        )
