"""Writes of the participation app that reach beyond one model."""

from django.db import transaction

from konzept.bearbeitung import historie_schreiben
from konzept.models import Edition

from .models import Beschluss


def beschluss_erfassen(*, beschluss: Beschluss, user) -> Beschluss:
    """Records a decision; a Kreistag that adopts the edition makes it the adopted one."""
    with transaction.atomic():
        beschluss.full_clean()
        beschluss._history_user = user
        beschluss.save()
        if beschluss.nimmt_an:
            edition = Edition.objects.select_for_update().get(pk=beschluss.edition_id)
            edition.status = Edition.Status.BESCHLOSSEN
            edition.beschlossen_am = beschluss.datum
            edition.version += 1
            edition._historie_gebuendelt = True
            edition.save(update_fields=["status", "beschlossen_am", "version"])
            del edition._historie_gebuendelt
            historie_schreiben(edition, "~", user, str(beschluss))
    return beschluss
