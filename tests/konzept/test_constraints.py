"""Issue 2: ordering per parent and the invariants that matter are database constraints."""

import pytest
from django.db import IntegrityError, transaction

from konzept.models import Edition, Kennzahl
from massnahmen.models import Massnahme
from themenfelder.models import Leitziel, Teilziel, Themenfeld


def verletzt(speichern):
    with pytest.raises(IntegrityError), transaction.atomic():
        speichern()


def test_position_je_elternteil_eindeutig(inhalt):
    themenfeld = inhalt.themenfelder.order_by("position").first()
    # Whatever this district's structure holds, the field gets a goal and two sub-goals with
    # a measure each, so every level has a taken position to collide with.
    Leitziel.objects.create(themenfeld=themenfeld, key="lz", position=90, text="Z")
    teilziel = Teilziel.objects.create(themenfeld=themenfeld, key="tz", position=90, titel="Z")
    anderes = Teilziel.objects.create(themenfeld=themenfeld, key="tz2", position=91, titel="Z")
    massnahme = Massnahme.objects.create(teilziel=teilziel, key="tz.m", position=1, titel="M")
    verletzt(
        lambda: Themenfeld.objects.create(
            edition=inhalt, key="neu", position=themenfeld.position, titel="X"
        )
    )
    verletzt(
        lambda: Teilziel.objects.create(themenfeld=themenfeld, key="neu", position=90, titel="X")
    )
    verletzt(
        lambda: Leitziel.objects.create(themenfeld=themenfeld, key="neu", position=90, text="X")
    )
    verletzt(lambda: Massnahme.objects.create(teilziel=teilziel, key="neu", position=1, titel="X"))
    kennzahl = Kennzahl.objects.create(edition=inhalt, key="kz", position=90, wert=1)
    verletzt(
        lambda: Kennzahl.objects.create(
            edition=inhalt, key="neu", position=kennzahl.position, wert=1
        )
    )
    # The same position under another parent is fine.
    Massnahme.objects.create(teilziel=anderes, key="neu", position=massnahme.position, titel="X")


def test_schluessel_je_elternteil_eindeutig(inhalt):
    themenfeld = inhalt.themenfelder.first()
    verletzt(
        lambda: Themenfeld.objects.create(
            edition=inhalt, key=themenfeld.key, position=99, titel="X"
        )
    )


def test_status_nur_aus_der_auswahl(inhalt):
    massnahme = Massnahme.objects.first()
    verletzt(lambda: Massnahme.objects.filter(pk=massnahme.pk).update(status="erledigt"))
    verletzt(lambda: Edition.objects.filter(pk=inhalt.pk).update(status="archiv"))


def test_budget_nicht_negativ(inhalt):
    verletzt(lambda: Massnahme.objects.filter(pk=Massnahme.objects.first().pk).update(budget=-1))


def test_jahr_eindeutig_und_plausibel(inhalt):
    verletzt(lambda: Edition.objects.create(jahr=2024, titel="Doppelt"))
    verletzt(lambda: Edition.objects.create(jahr=24, titel="Zweistellig"))
