"""Content in the reader's language, and honest about where it is not translated."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from konzept.models import Uebersetzbar, Uebersetzungsstatus

register = template.Library()


@dataclass
class Text:
    wert: str
    # German shown because there is no translation: marked lang="de" dir="ltr".
    fallback: bool = False
    hinweis: str = ""
    # A mark instead of the note, as plain text: in the PDF an element per item would cost
    # layout time on every page.
    zeichen: str = ""

    def __str__(self):
        return self.wert

    def zeilen(self):
        return [zeile.strip() for zeile in self.wert.splitlines() if zeile.strip()]

    def __html__(self):
        if self.fallback:
            text = format_html(
                '<span lang="{}" dir="ltr">{}</span>', settings.LANGUAGE_CODE, self.wert
            )
        else:
            text = format_html("{}", self.wert)
        if self.hinweis:
            return format_html(
                '{} <small class="uebersetzung-hinweis">{}</small>', text, self.hinweis
            )
        if self.zeichen:
            return format_html("{}\u00a0{}", text, self.zeichen)
        return text


# In the PDF, where every machine-translated line would carry the full note, a mark stands
# in for it and the document's legend explains the marks (konzept/pdf/edition.html).
ZEICHEN = {Uebersetzungsstatus.MASCHINELL: "*", Uebersetzungsstatus.VERALTET: "**"}


@register.simple_tag(takes_context=True)
def uebersetzt(context, objekt, feld):
    """`{% uebersetzt massnahme "titel" %}`, or `... as text` for lists and blocks."""
    sprache = get_language() or settings.LANGUAGE_CODE
    deutsch = getattr(objekt, build_localized_fieldname(feld, settings.LANGUAGE_CODE)) or ""
    if sprache == settings.LANGUAGE_CODE or not deutsch:
        return Text(deutsch)
    uebersetzung = getattr(objekt, build_localized_fieldname(feld, sprache)) or ""
    if not uebersetzung:
        return Text(deutsch, fallback=True, hinweis=_("noch nicht übersetzt"))
    status = (
        objekt.uebersetzungsstatus(sprache)
        if isinstance(objekt, Uebersetzbar)
        else Uebersetzungsstatus.GEPRUEFT
    )
    if context.get("uebersetzung_zeichen"):
        return Text(uebersetzung, zeichen=ZEICHEN.get(status, ""))
    hinweise = {
        Uebersetzungsstatus.MASCHINELL: _("maschinell übersetzt, ungeprüft"),
        Uebersetzungsstatus.VERALTET: _("Übersetzung veraltet"),
    }
    return Text(uebersetzung, hinweis=hinweise.get(status, ""))
