import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, token_hash

PRAEFIX = "ik_"


def token_anlegen(*, user, name: str, bereich: str, tage: int) -> tuple[ApiToken, str]:
    """A new token; its plain text is returned once and stored nowhere (only its hash)."""
    tage = max(1, min(tage, settings.API_TOKEN_MAX_TAGE))
    klartext = PRAEFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        bereich=bereich,
        token_hash=token_hash(klartext),
        anfang=klartext[: len(PRAEFIX) + 6],
        gueltig_bis=timezone.now() + datetime.timedelta(days=tage),
    )
    token.full_clean()
    token.save()
    return token, klartext


def token_widerrufen(*, token: ApiToken) -> ApiToken:
    """Revoked at once and for good; revoking twice keeps the first time."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.widerrufen_am is None:
            token.widerrufen_am = timezone.now()
            token.save(update_fields=["widerrufen_am"])
    return token
