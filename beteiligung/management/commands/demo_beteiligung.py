import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from beteiligung.models import Beteiligungsphase, Kommentar
from beteiligung.services import kommentar_abgeben, kommentar_beantworten
from konzept.models import Edition, Landkreis
from konzept.services import edition_fortschreiben
from massnahmen.models import Massnahme

# Comments on the first measures of the draft, whatever the district's content: (language,
# text, answer or None).
DEMO_KOMMENTARE = [
    (
        "ar",
        "نحتاج إلى مواعيد مسائية للعاملين.",
        ("teilweise", "Abendtermine werden mit den Beteiligten geprüft."),
    ),
    (
        "uk",
        "Будь ласка, розкажіть про це також українською мовою.",
        None,
    ),
    (
        "tr",
        "Tercüman desteği çok önemli.",
        ("beruecksichtigt", "Die Sprachmittlung wird in die Maßnahme aufgenommen."),
    ),
    ("de", "Bitte auch am Wochenende anbieten.", None),
]


class Command(BaseCommand):
    help = (
        "Nur zum Ausprobieren: der nächste Entwurf der neuesten beschlossenen Ausgabe mit "
        "offener Beteiligung der Migrationsvertretung und einigen Kommentaren in mehreren "
        "Sprachen, teils beantwortet."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_BENUTZER_ERLAUBT:
            raise CommandError("Demo-Daten sind in dieser Umgebung nicht erlaubt.")
        User = get_user_model()
        koordination = User.objects.filter(username="koordination").first()
        kmv = User.objects.filter(username="kmv").first()
        if not (koordination and kmv):
            raise CommandError("Zuerst `python manage.py demo_benutzer` ausführen.")
        vorgaenger = Edition.objects.beschlossen().order_by("-jahr").first()
        if vorgaenger is None:
            # Any district's content works: without an adopted edition there is nothing to
            # start the next one from, and the demo is simply left out.
            self.stdout.write(
                "Keine beschlossene Ausgabe geladen: Die Demo-Beteiligung (ein Entwurf der "
                "nächsten Ausgabe mit Kommentaren) wird übersprungen."
            )
            return
        if Edition.objects.exclude(status=Edition.Status.BESCHLOSSEN).exists():
            self.stdout.write(
                "Es gibt bereits einen Entwurf; die Demo-Beteiligung bleibt, wie sie ist."
            )
            return
        landkreis = Landkreis.aktuell()
        jahr = vorgaenger.jahr + (landkreis.fortschreibung_jahre if landkreis else 2)
        with transaction.atomic():
            entwurf = edition_fortschreiben(vorgaenger=vorgaenger, jahr=jahr, user=koordination)
            Edition.objects.filter(pk=entwurf.pk).update(status=Edition.Status.BETEILIGUNG)
            jetzt = timezone.now()
            # Announced already: the demo sends no mail.
            Beteiligungsphase.objects.create(
                edition=entwurf,
                beginn=jetzt - timedelta(days=3),
                ende=jetzt + timedelta(days=28),
                eroeffnung_gemeldet=True,
            )
            massnahmen = Massnahme.objects.in_edition(entwurf).in_lesereihenfolge()
            for massnahme, (sprache, text, antwort) in zip(
                massnahmen, DEMO_KOMMENTARE, strict=False
            ):
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
            f"Demo: Entwurf {jahr} mit offener Beteiligung und "
            f"{Kommentar.objects.filter(edition=entwurf).count()} Kommentaren angelegt."
        )
