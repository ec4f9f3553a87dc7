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
    # On a page: a small mark after an item's title, with its words for screen readers; the
    # page says once what the mark means (base.html).
    marke: str = ""

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
        if self.marke:
            return format_html(
                '{}<span class="uebersetzung-marke" title="{}"><span aria-hidden="true">'
                '\u00a0✱</span><span class="kern-sr-only"> ({})</span></span>',
                text,
                self.marke,
                self.marke,
            )
        return text


# In the PDF, where every machine-translated line would carry the full note, a mark stands
# in for it and the document's legend explains the marks (konzept/pdf/edition.html).
ZEICHEN = {Uebersetzungsstatus.MASCHINELL: "*", Uebersetzungsstatus.VERALTET: "**"}


def uebersetzt(objekt, feld, *, zeichen: bool = False) -> Text:
    """A content field in the reader's language, honest about its translation state.

    With `zeichen`, a machine translation carries a mark instead of the note (the PDF).
    """
    sprache = get_language() or settings.LANGUAGE_CODE
    deutsch = getattr(objekt, build_localized_fieldname(feld, settings.LANGUAGE_CODE)) or ""
    if sprache == settings.LANGUAGE_CODE or not deutsch:
        return Text(deutsch)
    uebersetzung = getattr(objekt, build_localized_fieldname(feld, sprache)) or ""
    if not uebersetzung:
        return Text(deutsch, fallback=True, hinweis=_("noch nicht übersetzt"))
    # The field's own state: a machine-translated title stays marked when the item's other
    # texts are not translated yet.
    status = (
        objekt.feldstatus(feld, sprache)
        if isinstance(objekt, Uebersetzbar)
        else Uebersetzungsstatus.GEPRUEFT
    )
    if zeichen:
        return Text(uebersetzung, zeichen=ZEICHEN.get(status, ""))
    # One quiet mark per item, after its title; never on numbers, units or inside its text
    # (issue 17.3).
    if feld != hauptfeld(objekt):
        return Text(uebersetzung)
    marken = {
        Uebersetzungsstatus.MASCHINELL: _("maschinell übersetzt, ungeprüft"),
        Uebersetzungsstatus.VERALTET: _("Übersetzung veraltet"),
    }
    return Text(uebersetzung, marke=marken.get(status, ""))


# The field that names an item of each kind outside the plan's tree (whose levels name theirs
# in konzept/baum.py).
HAUPTFELDER = {
    "kennzahl": "bezeichnung",
    "seitenabschnitt": "ueberschrift",
    "barriere": "text",
    "landkreis": "name",
    "beteiligungsart": "name",
    "gremium": "name",
}


def hauptfeld(objekt) -> str:
    ebene = getattr(objekt, "ebene", None)
    if ebene is not None:
        return ebene.titel
    return HAUPTFELDER.get(objekt._meta.model_name, "titel")


@register.simple_tag(takes_context=True, name="uebersetzt")
def uebersetzt_tag(context, objekt, feld):
    """`{% uebersetzt massnahme "titel" %}`, or `... as text` for lists and blocks."""
    return uebersetzt(objekt, feld, zeichen=bool(context.get("uebersetzung_zeichen")))
