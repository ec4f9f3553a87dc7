"""How an e-mail of the application is built and sent (issue 18.6).

Every e-mail has a plain-text part and an HTML part of the same content, in the recipient's
language, with absolute links to the page concerned (SEITEN_ADRESSE: the worker sends outside
any request). Each kind of e-mail has two templates: `<vorlage>.txt`, whose first line is the
subject (autoescape off: it is plain text), and `<vorlage>.html`, which extends
`mail/basis.html` (autoescape on: whatever users wrote arrives as text, never as markup).

Whether and when an e-mail is sent again after a failure is konzept/zustellung.py's business.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from .models import Landkreis

# RFC 3834: the e-mails are sent by the application itself, so that auto-replies
# (out-of-office notices) are not sent back to it.
KOPFZEILEN = {"Auto-Submitted": "auto-generated"}


def adresse(
    name: str, sprache: str, *, anker: str = "", parameter: dict | None = None, **kwargs
) -> str:
    """An absolute link to a page, in the recipient's language, optionally with parameters
    and at an anchor."""
    with translation.override(sprache):
        pfad = reverse(name, kwargs=kwargs or None)
    return (
        absolut(pfad)
        + (f"?{urlencode(parameter)}" if parameter else "")
        + (f"#{anker}" if anker else "")
    )


def absolut(pfad: str) -> str:
    return settings.SEITEN_ADRESSE + pfad


def mail_senden(*, user, vorlage: str, sprache: str, kontext: dict) -> None:
    """Renders `<vorlage>.txt` and `<vorlage>.html` in `sprache` and sends both, as one
    e-mail, to `user`."""
    with translation.override(sprache):
        kontext = {
            **kontext,
            "user": user,
            "landkreis": Landkreis.aktuell(),
            "sprache": sprache,
            "richtung": "rtl" if translation.get_language_bidi() else "ltr",
            "seiten_adresse": settings.SEITEN_ADRESSE,
        }
        text = render_to_string(f"{vorlage}.txt", kontext)
        betreff, _leer, inhalt = text.strip().partition("\n")
        betreff = betreff.strip()
        html = render_to_string(f"{vorlage}.html", {**kontext, "betreff": betreff})
    nachricht = EmailMultiAlternatives(
        betreff,
        inhalt.strip(),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={**KOPFZEILEN, "Content-Language": sprache},
    )
    nachricht.attach_alternative(html, "text/html")
    nachricht.send()
