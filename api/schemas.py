"""What the API reads and writes, as typed schemas: the OpenAPI description comes from these.

Texts are the German source texts (the language the concept is decided in); amounts and
measured values are decimal strings, so that no value loses a digit on the way."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from massnahmen import models as massnahmen_models

MassnahmeStatus = Literal[tuple(massnahmen_models.Massnahme.Status.values)]  # type: ignore[valid-type]


class Seite(Schema):
    anzahl: int = Field(description="Alle Einträge, über alle Seiten")
    limit: int
    offset: int


class Ausgabe(Schema):
    jahr: int
    titel: str
    status: str
    in_kraft: bool = Field(description="Die geltende Ausgabe: ihr Umsetzungsstand ist lebendig")
    beschlossen_am: datetime.date | None
    stichtag: datetime.date | None
    vorgaenger: int | None = Field(description="Das Jahr der vorigen Ausgabe")
    version: int
    url: str = Field(description="Die Seite der Ausgabe")


class AusgabeDetail(Ausgabe):
    ausgangssituation: str
    hintergrund: str
    leitgedanke: str
    methodik: str


class Themenfeld(Schema):
    key: str
    nummer: str
    position: int
    titel: str
    beschreibung: str
    themenunabhaengig: bool
    version: int
    url: str


class Leitziel(Schema):
    key: str
    themenfeld: str
    nummer: str
    position: int
    text: str
    version: int
    url: str


class Teilziel(Schema):
    key: str
    themenfeld: str
    nummer: str
    position: int
    titel: str
    version: int
    url: str


class Messwert(Schema):
    datum: datetime.date
    wert: str
    quelle: str


class Indikator(Schema):
    key: str
    massnahme: str | None
    leitziel: str | None
    name: str
    einheit: str
    ausgangswert: str | None
    ausgangsdatum: datetime.date | None
    zielwert: str | None
    zieldatum: datetime.date | None
    richtung: str
    messwerte: list[Messwert]


class Umsetzungsnotiz(Schema):
    id: int
    massnahme: str
    datum: datetime.date
    text: str
    sprache: str


class Massnahme(Schema):
    key: str
    themenfeld: str
    leitziel: str | None
    teilziel: str | None
    nummer: str
    position: int
    titel: str
    beschreibung: str
    status: str
    federfuehrung: str | None
    partner: list[str]
    zeitraum: str
    budget: str | None
    beginn_geplant: datetime.date | None
    ende_geplant: datetime.date | None
    beginn_tatsaechlich: datetime.date | None
    ende_tatsaechlich: datetime.date | None
    bestaetigt_am: datetime.date | None = Field(description="Noch aktuell, bestätigt am")
    version: int
    url: str


class MassnahmeDetail(Massnahme):
    indikatoren: list[Indikator]
    umsetzungsnotizen: list[Umsetzungsnotiz]


class AusgabenSeite(Seite):
    eintraege: list[Ausgabe]


class ThemenfelderSeite(Seite):
    eintraege: list[Themenfeld]


class LeitzieleSeite(Seite):
    eintraege: list[Leitziel]


class TeilzieleSeite(Seite):
    eintraege: list[Teilziel]


class MassnahmenSeite(Seite):
    eintraege: list[Massnahme]


class IndikatorenSeite(Seite):
    eintraege: list[Indikator]


class UmsetzungsnotizenSeite(Seite):
    eintraege: list[Umsetzungsnotiz]


# Writing the implementation state


class MesswertEingabe(Schema):
    model_config = ConfigDict(extra="forbid")

    indikator: str = Field(max_length=200, description="Schlüssel des Indikators der Maßnahme")
    wert: str = Field(
        pattern=r"^-?\d{1,12}([.,]\d{1,2})?$",
        description="Dezimalzahl, höchstens zwei Nachkommastellen (Punkt oder Komma)",
    )
    quelle: str = Field("", max_length=300)


class UmsetzungEingabe(Schema):
    """Only what is sent changes; `null` empties an actual date."""

    model_config = ConfigDict(extra="forbid")

    status: MassnahmeStatus | None = None
    beginn_tatsaechlich: datetime.date | None = None
    ende_tatsaechlich: datetime.date | None = None
    notiz: str = Field("", max_length=2000, description="Ein neuer, datierter Umsetzungsstand")
    datum: datetime.date | None = Field(
        None, description="Stand vom (für Notiz und Messwerte); ohne Angabe: heute"
    )
    noch_aktuell: bool = Field(False, description="Bestätigt den Stand ohne Änderung")
    messwerte: list[MesswertEingabe] = Field([], max_length=50)
    version: int | None = Field(
        None,
        ge=1,
        le=2_147_483_647,
        description="Die gelesene Version der Maßnahme; weicht sie ab, wird nichts geändert (409)",
    )


class UmsetzungErgebnis(Schema):
    bericht: Literal["freigegeben", "eingereicht"] = Field(
        description="freigegeben: sofort öffentlich; eingereicht: nach Prüfung durch die "
        "Koordinierungsstelle"
    )
    massnahme: MassnahmeDetail


class Problem(Schema):
    """Problem details (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    fehler: list[dict] | None = None
