"""Issue 14.4: deleting an account removes or anonymises the person's data everywhere it
lives, history tables included; the sign-in log expires and goes with the account; the export
holds everything stored about the person; and the README's data protection section says so,
claim by claim."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.services import token_anlegen
from beteiligung.models import Beteiligungsphase, Kommentar
from beteiligung.services import kommentar_abgeben, kommentar_aendern, kommentar_zurueckziehen
from konzept import anmeldeprotokoll
from konzept.models import Dienstkonto, Profil
from massnahmen.models import Massnahme
from tests import fabrik
from tests.conftest import benutzer_mit_rolle

README = Path(settings.BASE_DIR) / "README.md"


def _datenschutz() -> str:
    text = README.read_text(encoding="utf-8")
    anfang = text.index("- **Datenschutz**: Unter „Meine Daten“")
    return text[anfang : text.index("\n- **", anfang + 1)]


def _protokoll(username, alter_tage=0, ip="203.0.113.7"):
    eintrag = AccessLog.objects.create(
        username=username, ip_address=ip, user_agent="Firefox", path_info="/anmelden/"
    )
    AccessLog.objects.filter(pk=eintrag.pk).update(
        attempt_time=timezone.now() - timedelta(days=alter_tage)
    )
    return eintrag


@pytest.fixture
def person(entwurf):
    """A council member with everything the application can store about a person: comments
    (one edited, one withdrawn), profile, provider link, second factor, sign-in log."""
    user = benutzer_mit_rolle("amira", "KMV")
    user.first_name, user.last_name, user.email = "Amira", "Haddad", "amira@example.org"
    user.save()
    Profil.objects.create(user=user, sprache="ar", tageszusammenfassung=True)
    Dienstkonto.objects.create(user=user, aussteller="https://sso.example", subjekt="abc-123")
    TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    StaticDevice.objects.create(user=user, name="Codes").token_set.create(token="einmal123")
    token_anlegen(user=user, name="Mein Skript", bereich="lesen", tage=30)
    jetzt = timezone.now()
    Beteiligungsphase.objects.create(
        edition=entwurf, beginn=jetzt - timedelta(days=1), ende=jetzt + timedelta(days=10)
    )
    massnahme = Massnahme.objects.in_edition(entwurf).get(key=fabrik.rolle("massnahme"))

    def abgeben(text):
        import uuid

        return kommentar_abgeben(
            user=user,
            element=massnahme,
            text=text,
            sprache="de",
            name_zeigen=True,
            einreichung=uuid.uuid4(),
        )

    bleibt = abgeben("Erste Fassung mit meiner Adresse Hafenstraße 3")
    kommentar_aendern(
        kommentar=bleibt, user=user, text="Bitte auch auf Arabisch.", name_zeigen=True
    )
    kommentar_zurueckziehen(kommentar=abgeben("Zurückgezogen: meine Telefonnummer"), user=user)
    _protokoll("amira")
    AccessAttempt.objects.create(
        username="amira",
        ip_address="203.0.113.7",
        user_agent="Firefox",
        path_info="/anmelden/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    user.kommentar = bleibt
    return user


def test_export_enthaelt_alles_gespeicherte(person):
    client = Client()
    client.force_login(person)
    daten = json.loads(client.get("/meine-daten/export.json").content)
    assert daten["email"] == "amira@example.org"
    assert daten["dienstkonten"] == [{"aussteller": "https://sso.example", "subjekt": "abc-123"}]
    assert daten["tageszusammenfassung"] is True
    assert [k["text"] for k in daten["kommentare"]] == ["Bitte auch auf Arabisch."]
    versionen = [v["text"] for v in daten["kommentar_versionen"]]
    assert "Erste Fassung mit meiner Adresse Hafenstraße 3" in versionen
    assert "Zurückgezogen: meine Telefonnummer" in {
        k["text"] for k in daten["zurueckgezogene_kommentare"]
    }
    assert {g["art"] for g in daten["zweiter_faktor"]} == {
        "authenticator_app",
        "wiederherstellungscodes",
    }
    # The devices, never their secrets.
    assert "einmal123" not in json.dumps(daten)
    assert "203.0.113.7" in {e["ip_adresse"] for e in daten["anmeldeprotokoll"]}
    (token,) = daten["api_tokens"]
    assert token["name"] == "Mein Skript" and token["bereich"] == "lesen"
    assert person.api_tokens.get().token_hash not in json.dumps(daten)


def _spalten_mit_person(user_id) -> list[str]:
    """Every column in every table that links to a user and still holds this one's id."""
    User = get_user_model()
    treffer = []
    for model in apps.get_models():
        for feld in model._meta.concrete_fields:
            if (
                feld.is_relation
                and feld.related_model is User
                and model._base_manager.filter(**{feld.attname: user_id}).exists()
            ):
                treffer.append(f"{model._meta.label}.{feld.name}")
    return treffer


def test_konto_loeschen_entfernt_die_person_ueberall(person, staff_client):
    user_id = person.pk
    kommentar_id = person.kommentar.pk
    assert "beteiligung.HistoricalKommentar.autor" in _spalten_mit_person(user_id)
    client = Client()
    client.force_login(person)
    antwort = client.post("/meine-daten/konto-loeschen/", {"bestaetigung": "ja"})
    assert antwort.status_code == 302

    assert _spalten_mit_person(user_id) == []
    # The comment stays in the public record, without the person, in every state.
    kommentar = Kommentar.objects.get(pk=kommentar_id)
    assert kommentar.autor is None and not kommentar.name_zeigen
    assert kommentar.text == "Bitte auch auf Arabisch."
    historie = Kommentar.history.all()
    assert not historie.filter(name_zeigen=True).exists()
    texte = set(historie.values_list("text", flat=True))
    assert texte == {"Bitte auch auf Arabisch."}  # earlier text and withdrawn comment gone
    assert not AccessLog.objects.filter(username="amira").exists()
    assert not AccessAttempt.objects.filter(username="amira").exists()
    for model in (Profil, Dienstkonto, TOTPDevice, StaticDevice):
        assert not model.objects.filter(user_id=user_id).exists(), model
    # Public pages name no one: the table shows the council's label.
    assert "Amira" not in Client().get("/2026/abwaegung/").text


def test_anmeldeprotokoll_laeuft_ab(db, settings):
    """README: kept ANMELDEPROTOKOLL_TAGE (30) days, deleted by the regular job."""
    assert settings.ANMELDEPROTOKOLL_TAGE == 30
    alt = _protokoll("bert", alter_tage=31)
    frisch = _protokoll("bert", alter_tage=29)
    call_command("benachrichtigungen_senden")
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [frisch.pk]
    settings.ANMELDEPROTOKOLL_TAGE = 7
    call_command("anmeldeprotokoll_bereinigen")
    assert not AccessLog.objects.exists()
    assert alt.pk != frisch.pk
    assert anmeldeprotokoll.bereinigen() == 0


def test_readme_sagt_was_gilt(person):
    """Each claim of the README's data protection section, checked against the code."""
    abschnitt = _datenschutz()
    assert "`ANMELDEPROTOKOLL_TAGE` (30) Tage" in abschnitt
    # Addresses are stored, in the sign-in log only; the section no longer denies it.
    assert "Andere\n    IP-Adressen speichert die Anwendung nicht." in abschnitt
    genannte = re.search(r"Der Export enthält die Schlüssel (.*?)\. ", abschnitt, re.S).group(1)
    schluessel = set(re.findall(r"`([a-z_]+)`", genannte))
    client = Client()
    client.force_login(person)
    daten = json.loads(client.get("/meine-daten/export.json").content)
    assert schluessel == set(daten)
    for befehl in ("benachrichtigungen_senden", "anmeldeprotokoll_bereinigen"):
        assert befehl in abschnitt
    assert "no-store, private" in abschnitt


def test_gesendete_formulare_werden_nach_zwei_tagen_vergessen(db, settings):
    """README: which create forms a person sent is kept EINREICHUNG_TAGE (2) days, then the
    regular job deletes it."""
    import uuid

    from konzept.models import Einreichung

    assert settings.EINREICHUNG_TAGE == 2
    person = benutzer_mit_rolle("k.meier", "Koordinierungsstelle")
    alt = Einreichung.objects.create(kennung=uuid.uuid4(), user=person)
    Einreichung.objects.filter(pk=alt.pk).update(erstellt_am=timezone.now() - timedelta(days=3))
    neu = Einreichung.objects.create(kennung=uuid.uuid4(), user=person)

    call_command("benachrichtigungen_senden")

    assert list(Einreichung.objects.values_list("pk", flat=True)) == [neu.pk]
