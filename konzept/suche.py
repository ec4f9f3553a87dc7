"""Search over the fields, goals, sub-goals and measures of one edition, in the reader's language.

On PostgreSQL: full-text search with the stemming of the reader's language (German
"Sprachkursen" finds "Sprachkurse") combined with prefix matching ("Sprache" finds
"Sprachcafés"), ranked, with highlighted snippets, all through django.contrib.postgres.search.
On other databases (SQLite): every word of the query, cut back to its stem by the same
Snowball stemmers, as a case-insensitive substring, ranked by whether it occurs in the title.
Both answer with the same groups of hits, so the page does not know which database ran the
search.

Where an item has no translation into the reader's language, its German text is searched and
shown (and marked as German), as on every other page.
"""

import re
from dataclasses import dataclass, field

import snowballstemmer
from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Count, F, Func, IntegerField, Q, TextField, Value, When, Window
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from konzept import baum
from konzept.templatetags.uebersetzung import Text

# How many hits of each kind are shown, the best first; the total is counted all the same.
# One kind's hits go on in pages of as many (`art`, `seite`).
PRO_ART = 20
# The fallback search looks for at most this many words.
HOECHSTENS_WOERTER = 10
# Text search configurations of PostgreSQL by language; the others have no stemmer there.
PG_KONFIGURATION = {
    "de": "german",
    "en": "english",
    "ar": "arabic",
    "ru": "russian",
    "tr": "turkish",
}
# Stemmers (Snowball, as PostgreSQL uses them) for the fallback search, by language.
SNOWBALL = {
    "de": "german",
    "en": "english",
    "ar": "arabic",
    "fa": "persian",
    "ru": "russian",
    "tr": "turkish",
}
# A word is never cut shorter than this, so that a search stays specific.
MINDESTLAENGE = 4
# Private-use characters mark the highlighted words until the text is escaped.
START, ENDE = "\ue000", "\ue001"


@dataclass(frozen=True)
class Art:
    """One level of the plan the search finds (konzept/baum.py describes them)."""

    ebene: baum.Ebene

    @property
    def name(self) -> str:
        return self.ebene.name

    @property
    def bezeichnung(self) -> str:
        return self.ebene.begriff().mehrzahl

    @property
    def model(self):
        return self.ebene.model

    @property
    def edition(self) -> str:
        return self.ebene.edition_pfad

    @property
    def titel(self) -> str:
        return self.ebene.titel

    @property
    def text(self) -> tuple[str, ...]:
        """Further text fields, searched with less weight and shown as the snippet."""
        return self.ebene.texte

    def url(self, objekt) -> str:
        return self.ebene.adresse(objekt)

    def pfad(self, objekt) -> list:
        return self.ebene.pfad(objekt)

    @property
    def verbunden(self) -> list[str]:
        """What a hit's path and address read, fetched with it."""
        if self.name == "themenfeld":
            return ["edition"]
        return [
            "themenfeld__edition",
            *(name for name in self.ebene.eltern if name not in ("themenfeld", "edition")),
        ]


ARTEN = [Art(ebene) for ebene in baum.EBENEN]


@dataclass
class Treffer:
    objekt: object
    titel: SafeString
    ausschnitt: SafeString
    url: str
    pfad: list[Text] = field(default_factory=list)


@dataclass
class Gruppe:
    art: Art
    gesamt: int
    treffer: list[Treffer]
    # How many better hits of this kind come before the first one here (on earlier pages).
    beginn: int = 0


def suchen(*, edition, text: str, sprache: str, art: str | None = None, seite: int = 1):
    """The hits of each kind, best first; the same interface on every database. With `art`,
    only that kind's hits, page `seite` of them (issue 20.2)."""
    text = text.replace(START, "").replace(ENDE, "").strip()
    if sprache not in dict(settings.LANGUAGES):
        sprache = settings.LANGUAGE_CODE
    suche = _postgresql if connection.vendor == "postgresql" else _einfach
    beginn = (seite - 1) * PRO_ART if art else 0
    gruppen = []
    for eine in ARTEN:
        if art and eine.name != art:
            continue
        basis = eine.model.objects.filter(**{eine.edition: edition}).select_related(*eine.verbunden)
        gruppe = suche(eine, basis, text, sprache, beginn)
        gruppe.beginn = beginn
        gruppen.append(gruppe)
    return gruppen


ART_NAMEN = [art.name for art in ARTEN]


def _spalte(feld: str, sprache: str):
    """A text in the reader's language, or the German source where it is not translated."""
    deutsch = F(f"{feld}_{settings.LANGUAGE_CODE}")
    if sprache == settings.LANGUAGE_CODE:
        return Coalesce(deutsch, Value(""), output_field=TextField())
    return Coalesce(
        NullIf(F(f"{feld}_{sprache}"), Value("")), deutsch, Value(""), output_field=TextField()
    )


def _koerper(art: Art, sprache: str):
    teile = [_spalte(feld, sprache) for feld in art.text]
    if len(teile) == 1:
        return teile[0]
    getrennt = []
    for teil in teile:
        getrennt += [teil, Value(" ")]
    return Concat(*getrennt[:-1], output_field=TextField())


def _reihenfolge(art: Art) -> list[str]:
    if art.name == "themenfeld":
        return ["position", "pk"]
    return ["themenfeld__position", "position", "pk"]


def _postgresql(art: Art, basis, text: str, sprache: str, beginn: int) -> Gruppe:
    konfiguration = PG_KONFIGURATION.get(sprache, "simple")
    anfrage = SearchQuery(text, config=konfiguration, search_type="websearch")
    # Word beginnings too ("Sprach" finds "Sprachkurse"), as one types in a search box. The
    # words are reduced to letters and digits, so nothing of tsquery's syntax gets through.
    woerter = re.findall(r"\w+", text)[:HOECHSTENS_WOERTER]
    if woerter:
        anfang = " & ".join(f"'{wort}':*" for wort in woerter)
        anfrage |= SearchQuery(anfang, config=konfiguration, search_type="raw")
    titel = _spalte(art.titel, sprache)
    vektor = SearchVector(titel, config=konfiguration, weight="A")
    for feld, gewicht in zip(art.text, "BC", strict=False):
        vektor += SearchVector(_spalte(feld, sprache), config=konfiguration, weight=gewicht)
    markierung = {"config": konfiguration, "start_sel": START, "stop_sel": ENDE}
    treffer = (
        basis.annotate(dokument=vektor)
        .filter(dokument=anfrage)
        .annotate(
            rang=SearchRank(vektor, anfrage),
            titel_markiert=SearchHeadline(titel, anfrage, highlight_all=True, **markierung),
            ausschnitt_markiert=SearchHeadline(
                _koerper(art, sprache),
                anfrage,
                max_words=25,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **markierung,
            )
            if art.text
            else Value("", output_field=TextField()),
            gesamt=Window(Count("pk")),
        )
        .order_by("-rang", *_reihenfolge(art))[beginn : beginn + PRO_ART]
    )
    return _gruppe(
        art,
        treffer,
        sprache,
        titel=lambda objekt: objekt.titel_markiert,
        ausschnitt=lambda objekt: objekt.ausschnitt_markiert,
    )


class _Gefaltet(Func):
    """Case folded by Python (registered on every SQLite connection, see suche/apps.py)."""

    function = "suche_falten"
    output_field = TextField()


def wortanfaenge(text: str, sprache: str) -> list[str]:
    """The words of a query cut back to their stem, as PostgreSQL's stemming and prefix
    matching would find them: "Sprache" looks for "sprach…" and so finds Sprachcafés,
    Sprachkurse and Sprachförderung. Case-folded; at most HOECHSTENS_WOERTER words."""
    woerter = list(dict.fromkeys(wort.casefold() for wort in re.findall(r"\w+", text)))
    woerter = woerter[:HOECHSTENS_WOERTER]
    name = SNOWBALL.get(sprache)
    if name is None:
        return woerter
    staemme = snowballstemmer.stemmer(name).stemWords(woerter)
    # The stem only says how much of the word to keep: Snowball also writes "ö" as "o",
    # and the stored texts keep their umlauts.
    return [
        wort[: max(len(stamm), MINDESTLAENGE)] if len(wort) > MINDESTLAENGE else wort
        for wort, stamm in zip(woerter, staemme, strict=True)
    ]


def _einfach(art: Art, basis, text: str, sprache: str, beginn: int) -> Gruppe:
    woerter = wortanfaenge(text, sprache)
    if not woerter:
        return Gruppe(art=art, gesamt=0, treffer=[])
    treffer = basis.annotate(
        titel_gefaltet=_Gefaltet(_spalte(art.titel, sprache)),
        text_gefaltet=_Gefaltet(_koerper(art, sprache)) if art.text else Value(""),
    )
    rang = Value(0, output_field=IntegerField())
    for wort in woerter:
        im_titel, im_text = Q(titel_gefaltet__contains=wort), Q(text_gefaltet__contains=wort)
        treffer = treffer.filter(im_titel | im_text)
        rang = (
            rang
            + Case(When(im_titel, then=Value(2)), default=Value(0))
            + Case(When(im_text, then=Value(1)), default=Value(0))
        )
    treffer = treffer.annotate(rang=rang, gesamt=Window(Count("pk"))).order_by(
        "-rang", *_reihenfolge(art)
    )[beginn : beginn + PRO_ART]
    muster = re.compile("|".join(re.escape(wort) for wort in woerter), re.IGNORECASE)

    def ausschnitt(objekt):
        koerper = " ".join(_anzeigetext(objekt, feld, sprache) for feld in art.text)
        return _ausschneiden(koerper, muster)

    return _gruppe(
        art,
        treffer,
        sprache,
        titel=lambda objekt: _hervorheben(_anzeigetext(objekt, art.titel, sprache), muster),
        ausschnitt=ausschnitt,
    )


def _anzeigetext(objekt, feld: str, sprache: str) -> str:
    text = getattr(objekt, f"{feld}_{sprache}", "") or getattr(
        objekt, f"{feld}_{settings.LANGUAGE_CODE}", ""
    )
    return (text or "").replace(START, "").replace(ENDE, "")


def _hervorheben(text: str, muster: re.Pattern) -> str:
    return muster.sub(lambda treffer: f"{START}{treffer.group(0)}{ENDE}", text)


def _ausschneiden(text: str, muster: re.Pattern, laenge: int = 200) -> str:
    """About `laenge` characters around the first hit, at word boundaries."""
    text = " ".join(text.split())
    if not text:
        return ""
    erster = muster.search(text)
    anfang = max(0, (erster.start() if erster else 0) - laenge // 3)
    if anfang:
        anfang = text.find(" ", anfang) + 1 or anfang
    ende = min(len(text), anfang + laenge)
    if ende < len(text):
        ende = text.rfind(" ", anfang, ende) if " " in text[anfang:ende] else ende
    stueck = _hervorheben(text[anfang:ende], muster)
    return ("… " if anfang else "") + stueck + (" …" if ende < len(text) else "")


def _markieren(text: str) -> SafeString:
    """Escapes the text, then turns the marks into <mark> elements, always properly nested."""
    teile, offen = [], False
    for stueck in re.split(f"([{START}{ENDE}])", (text or "").strip()):
        if stueck == START:
            if not offen:
                teile.append("<mark>")
                offen = True
        elif stueck == ENDE:
            if offen:
                teile.append("</mark>")
                offen = False
        else:
            teile.append(str(escape(stueck)))
    if offen:
        teile.append("</mark>")
    # Every piece of text was escaped above.
    return mark_safe("".join(teile))


def _deutsch_gezeigt(objekt, felder, sprache: str) -> bool:
    """Whether the German source stands in for a missing translation."""
    if sprache == settings.LANGUAGE_CODE:
        return False
    return any(
        getattr(objekt, f"{feld}_{settings.LANGUAGE_CODE}", "")
        and not getattr(objekt, f"{feld}_{sprache}", "")
        for feld in felder
    )


def _sprachlich(html: SafeString, deutsch: bool) -> SafeString:
    if not deutsch or not html:
        return html
    return mark_safe(f'<span lang="{settings.LANGUAGE_CODE}" dir="ltr">{html}</span>')


def _pfad(objekt, sprache: str) -> Text:
    feld = objekt.ebene.titel
    deutsch = getattr(objekt, f"{feld}_{settings.LANGUAGE_CODE}", "") or ""
    uebersetzt = getattr(objekt, f"{feld}_{sprache}", "") or ""
    fallback = not uebersetzt and sprache != settings.LANGUAGE_CODE
    return Text(uebersetzt or deutsch, fallback=fallback)


def _gruppe(art: Art, treffer, sprache: str, *, titel, ausschnitt) -> Gruppe:
    liste = list(treffer)
    return Gruppe(
        art=art,
        gesamt=liste[0].gesamt if liste else 0,
        treffer=[
            Treffer(
                objekt=objekt,
                titel=_sprachlich(
                    _markieren(titel(objekt)), _deutsch_gezeigt(objekt, [art.titel], sprache)
                ),
                ausschnitt=_sprachlich(
                    _markieren(ausschnitt(objekt)), _deutsch_gezeigt(objekt, art.text, sprache)
                ),
                url=art.url(objekt),
                pfad=[_pfad(teil, sprache) for teil in art.pfad(objekt)],
            )
            for objekt in liste
        ],
    )
