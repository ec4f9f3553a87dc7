"""E-mails of the implementation loop, each in the language of the person who gets it, with
absolute links (SEITEN_ADRESSE: they are sent by the worker, outside any request); built and
sent by konzept/mails.py.

Each function serves one recipient, so that a failure stays with that recipient."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from beteiligung.benachrichtigungen import sprache_von
from konzept.begriffe import begriffe
from konzept.mails import adresse, mail_senden

from .models import Einladung, Erinnerung, Massnahme, Sachstandsabfrage


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def senden(user, vorlage: str, kontext: dict):
    """Renders `massnahmen/mail/<vorlage>.txt` and `.html` in the user's language and sends
    them as one e-mail."""
    if not user or not user.email:
        return
    sprache = sprache_von(user)
    with translation.override(sprache):
        woerter = begriffe(sprache)
    mail_senden(
        user=user,
        vorlage=f"massnahmen/mail/{vorlage}",
        sprache=sprache,
        kontext={**kontext, "begriffe": woerter},
    )


def einladung_senden(einladung_id: int):
    """Makes the one-time link (only its hash is stored) and sends it. Sending again makes a
    new link; the old one stops working."""
    einladung = Einladung.objects.select_related("user").get(pk=einladung_id)
    if einladung.angenommen_am:
        return
    token = secrets.token_urlsafe(32)
    einladung.token_hash = token_hash(token)
    einladung.gueltig_bis = timezone.now() + timedelta(days=settings.EINLADUNG_GUELTIG_TAGE)
    einladung.save(update_fields=["token_hash", "gueltig_bis"])
    user = einladung.user
    senden(
        user,
        "einladung",
        {
            "link": adresse("massnahmen:einladung_annehmen", sprache_von(user), token=token),
            "gueltig_bis": einladung.gueltig_bis,
            "organisationen": list(user.organisationen.all()),
        },
    )


def _eigene_massnahmen(user, edition):
    from konzept.rollen import organisationen_von

    return Massnahme.objects.in_edition(edition).geleitet_von(
        organisationen_von(user), partner=settings.UMSETZUNG_PARTNER_MELDEN
    )


def abfrage_eroeffnet(abfrage_id: int, user_id: int):
    abfrage = Sachstandsabfrage.objects.select_related("edition").get(pk=abfrage_id)
    user = get_user_model().objects.get(pk=user_id)
    senden(
        user,
        "abfrage_eroeffnet",
        {
            "abfrage": abfrage,
            "anzahl": _eigene_massnahmen(user, abfrage.edition).count(),
            "link": adresse("massnahmen:melden", sprache_von(user)) + f"?abfrage={abfrage.pk}",
        },
    )


def abfrage_erinnerung(abfrage_id: int, user_id: int):
    abfrage = Sachstandsabfrage.objects.select_related("edition").get(pk=abfrage_id)
    user = get_user_model().objects.get(pk=user_id)
    offen = _eigene_massnahmen(user, abfrage.edition).exclude(sachstandsberichte__abfrage=abfrage)
    senden(
        user,
        "abfrage_erinnerung",
        {
            "abfrage": abfrage,
            "offen": list(offen),
            "vorbei": abfrage.frist < timezone.localdate(),
            "link": adresse("massnahmen:melden", sprache_von(user)) + f"?abfrage={abfrage.pk}",
        },
    )
    Erinnerung.objects.create(user=user, art=Erinnerung.Art.ABFRAGE, abfrage=abfrage)


def veraltet_erinnerung(user_id: int, massnahme_ids: list[int]):
    user = get_user_model().objects.get(pk=user_id)
    massnahmen = list(Massnahme.objects.mit_edition().filter(pk__in=massnahme_ids))
    if not massnahmen:
        return
    senden(
        user,
        "veraltet_erinnerung",
        {
            "massnahmen": massnahmen,
            "monate": settings.UMSETZUNGSSTAND_VERALTET_MONATE,
            "link": adresse("massnahmen:melden", sprache_von(user)),
        },
    )
    Erinnerung.objects.create(user=user, art=Erinnerung.Art.VERALTET)
