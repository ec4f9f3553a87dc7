"""What the application stores about a person, as one description: the data export
(Art. 15 DSGVO) and the deletion of the account (Art. 17) read the same places, so nothing is
exported that is not deleted, and nothing is kept that the export leaves out (issue 14.4).

Where it lives:
- the account (name, e-mail, groups, dates), the profile (language, daily summary), the link
  to the authority's provider (Dienstkonto), the second-factor devices, invitations and
  reminders sent: deleted with the account;
- comments: they stay in the public record of the consultation, without the person; earlier
  versions of their text and withdrawn comments, which only the history still holds, are
  deleted;
- every history table: the person as the one who made a change (history_user) and in the
  columns that copy a link to them (a comment's author, a note's author): emptied;
- the sign-in log (konzept/anmeldeprotokoll.py): deleted with the account, else after
  ANMELDEPROTOKOLL_TAGE days.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from konzept import anmeldeprotokoll
from konzept.models import Dienstkonto, Profil
from konzept.rollen import gruppen

from .models import Kommentar


def _historienmodelle():
    """The history tables (django-simple-history): each knows the model it records."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "instance_type")
        and any(feld.name == "history_user" for feld in model._meta.concrete_fields)
    ]


def _personenspalten(model):
    """The columns of a history table that copy a link to a person (not history_user, which
    the database empties itself when the account goes)."""
    return [
        feld.attname
        for feld in model._meta.concrete_fields
        if feld.is_relation
        and feld.related_model is get_user_model()
        and feld.name != "history_user"
    ]


def _datum(wert):
    return wert.isoformat() if wert else None


def _kommentar_stand(eintrag) -> dict:
    return {
        "kommentar": eintrag.id,
        "zeitpunkt": eintrag.history_date.isoformat(),
        "art": {"+": "geschrieben", "~": "geaendert", "-": "geloescht"}[eintrag.history_type],
        "text": eintrag.text,
        "name_zeigen": eintrag.name_zeigen,
        "status": eintrag.status,
    }


def personendaten(user) -> dict:
    """Everything stored about the person, for the download under "Meine Daten"."""
    profil = Profil.objects.filter(user=user).first()
    vorhandene = set(user.kommentare.values_list("pk", flat=True))
    kommentar_historie = Kommentar.history.filter(autor_id=user.pk).order_by("history_date")
    return {
        "benutzername": user.get_username(),
        "vorname": user.first_name,
        "nachname": user.last_name,
        "email": user.email,
        "gruppen": sorted(gruppen(user)),
        "angemeldet_seit": user.date_joined.isoformat(),
        "letzte_anmeldung": _datum(user.last_login),
        "sprache": profil.sprache if profil else None,
        "tageszusammenfassung": profil.tageszusammenfassung if profil else False,
        "letzte_zusammenfassung": _datum(profil.letzte_zusammenfassung) if profil else None,
        # The link to the authority's provider: all that single sign-on keeps (issue 19.1).
        "dienstkonten": [
            {"aussteller": konto.aussteller, "subjekt": konto.subjekt}
            for konto in Dienstkonto.objects.filter(user=user)
        ],
        # The devices, not their secrets: a file on someone's disk must not sign them in.
        "zweiter_faktor": [
            {
                "art": "authenticator_app",
                "name": geraet.name,
                "bestaetigt": geraet.confirmed,
                "angelegt_am": _datum(geraet.created_at),
                "zuletzt_benutzt": _datum(geraet.last_used_at),
            }
            for geraet in TOTPDevice.objects.filter(user=user)
        ]
        + [
            {
                "art": "wiederherstellungscodes",
                "name": geraet.name,
                "unbenutzte_codes": geraet.token_set.count(),
                "angelegt_am": _datum(geraet.created_at),
                "zuletzt_benutzt": _datum(geraet.last_used_at),
            }
            for geraet in StaticDevice.objects.filter(user=user)
        ],
        "kommentare": [
            {
                "kommentar": kommentar.pk,
                "ausgabe": kommentar.edition.jahr,
                "element": f"{kommentar.element_art}:{kommentar.element.key}",
                "text": kommentar.text,
                "sprache": kommentar.sprache,
                "name_zeigen": kommentar.name_zeigen,
                "geschrieben_am": kommentar.erstellt_am.isoformat(),
                "status": kommentar.status,
                "einstufung": kommentar.einstufung,
                "antwort": kommentar.antwort,
            }
            for kommentar in user.kommentare.mit_element()
        ],
        # Each saved state of the person's comments, earlier texts included.
        "kommentar_versionen": [
            _kommentar_stand(eintrag) for eintrag in kommentar_historie if eintrag.id in vorhandene
        ],
        "zurueckgezogene_kommentare": [
            _kommentar_stand(eintrag)
            for eintrag in kommentar_historie
            if eintrag.id not in vorhandene
        ],
        "organisationen": sorted(str(organisation) for organisation in user.organisationen.all()),
        "einladungen": [
            {
                "erstellt_am": _datum(einladung.erstellt_am),
                "gueltig_bis": _datum(einladung.gueltig_bis),
                "angenommen_am": _datum(einladung.angenommen_am),
            }
            for einladung in user.einladungen.all()
        ],
        # Changes the person made to the plan and its state, as the history records them.
        "aenderungen": sorted(
            (
                {
                    "art": model.instance_type._meta.model_name,
                    "id": eintrag.id,
                    "zeitpunkt": eintrag.history_date.isoformat(),
                    "typ": eintrag.history_type,
                }
                for model in _historienmodelle()
                for eintrag in model.objects.filter(history_user=user)
            ),
            key=lambda eintrag: eintrag["zeitpunkt"],
        ),
        "anmeldeprotokoll": anmeldeprotokoll.von(user),
        # The tokens themselves are never stored, only their hash: the export names them.
        "api_tokens": [
            {
                "name": token.name,
                "anfang": token.anfang,
                "bereich": token.bereich,
                "erstellt_am": _datum(token.erstellt_am),
                "gueltig_bis": _datum(token.gueltig_bis),
                "widerrufen_am": _datum(token.widerrufen_am),
                "zuletzt_benutzt_am": _datum(token.zuletzt_benutzt_am),
            }
            for token in user.api_tokens.order_by("erstellt_am")
        ],
    }


def konto_loeschen(*, user):
    """Deletes a person's account and what is stored about them.

    Their comments stay in the public record of the consultation, anonymous: no link to the
    person, no name shown, in the comment and in every state of its history.
    """
    with transaction.atomic():
        kommentare = list(user.kommentare.select_for_update())
        for kommentar in kommentare:
            # Saved one by one, not with QuerySet.update(): the history records the change.
            kommentar.autor, kommentar.name_zeigen = None, False
            kommentar._change_reason = _("Konto gelöscht")
            kommentar.save(update_fields=["autor", "name_zeigen"])
        texte = {kommentar.pk: kommentar.text for kommentar in kommentare}
        historie = Kommentar.history.filter(autor_id=user.pk)
        # Withdrawn comments and earlier texts exist only in the history: they go.
        historie.exclude(id__in=texte).delete()
        for kommentar_id, text in texte.items():
            Kommentar.history.filter(id=kommentar_id).exclude(text=text).delete()
        for model in _historienmodelle():
            for spalte in _personenspalten(model):
                model.objects.filter(**{spalte: user.pk}).update(**{spalte: None})
        Kommentar.history.filter(id__in=texte).update(name_zeigen=False)
        anmeldeprotokoll.loeschen(user)
        # Cascades to profile, provider link, second-factor devices, invitations, reminders;
        # the database empties history_user in every history table.
        user.delete()
