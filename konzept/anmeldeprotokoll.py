"""The sign-in log django-axes keeps: user name, address, browser and time of each sign-in and
failed attempt. It serves the lockout and the investigation of attacks, so it is kept for
ANMELDEPROTOKOLL_TAGE days and no longer; it goes with the account and is part of the data
export (issue 14.4)."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

PROTOKOLLE = (AccessLog, AccessFailureLog, AccessAttempt)


def bereinigen(zeitpunkt=None) -> int:
    """Deletes what is older than the retention period; returns how many rows went."""
    grenze = (zeitpunkt or timezone.now()) - timedelta(days=settings.ANMELDEPROTOKOLL_TAGE)
    with transaction.atomic():
        return sum(
            model.objects.filter(attempt_time__lt=grenze).delete()[1].get(model._meta.label, 0)
            for model in PROTOKOLLE
        )


def von(user) -> list[dict]:
    """A person's entries, oldest first, for the data export."""
    eintraege = []
    for model in PROTOKOLLE:
        for zeile in model.objects.filter(username=user.get_username()):
            eintraege.append(
                {
                    "art": {
                        AccessLog: "anmeldung",
                        AccessFailureLog: "fehlversuch",
                        AccessAttempt: "fehlversuche_zaehler",
                    }[model],
                    "zeitpunkt": zeile.attempt_time.isoformat(),
                    "ip_adresse": zeile.ip_address,
                    "browser": zeile.user_agent,
                    "pfad": zeile.path_info,
                }
            )
    return sorted(eintraege, key=lambda eintrag: eintrag["zeitpunkt"])


def loeschen(user):
    """Deletes a person's entries, with their account."""
    for model in PROTOKOLLE:
        model.objects.filter(username=user.get_username()).delete()
