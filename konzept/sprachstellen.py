"""Issue 17.12: the finished page in its language, in two respects a template cannot see.

Persian digits. Persian is read with its own digits (۰ to ۹), its own decimal and thousands
separators (in konzept/formate/fa/formats.py) and its own percent sign; Latin digits in a
Persian sentence look like a foreign passage. Numbers reach a page from many places (counts
in translated sentences, dates, the bars of the implementation status, titles with a year), so
the digits are exchanged once, in the finished page. Which languages write their own digits is
the setting EIGENE_ZIFFERN. Arabic is not among them: the Arabic texts of the concept, written
by translators in Germany, use the digits the German source uses, and Arabic readers in
Germany read both.

The district's own words in German. A district names its levels itself (Handlungsfelder,
Bereiche …; konzept/begriffe.py); where it has not translated a word into a language, the
German word stands in that language's sentences. A screen reader then has to be told to read
it as German: every such word in the page's own running text is marked `lang="de"`, as any
other German fallback is. (In a page title or an attribute no markup can go, and a passage of
content, marked with its language, stays as its author or translator wrote it.)

Both change only text in the page's own language: never attributes (links, form values,
`datetime`), never what a reader types or copies as code (textarea, pre, code), and never a
passage marked as another language (the German original, a fallback), which keeps its own.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.utils.html import escape

LATEIN = "0123456789"
# Chromium and the validator treat the content of these as raw text: a "<" in it opens no tag.
ROHTEXT = {"script", "style", "textarea", "title"}
# What a reader copies as written, or what a script reads: left as it is.
WOERTLICH = {"pre", "code", "kbd", "samp", "template", "math"}
# Text in these takes no element inside it.
OHNE_AUSZEICHNUNG = {"option", "optgroup", "select", "datalist", "svg", "title"}
LEERE_ELEMENTE = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
MARKE = re.compile(
    r"<!--.*?-->|<!.*?>|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S
)
SPRACHE = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
PROZENT = re.compile(r"(?<=\d)(\s?)%")
# A German word stands on its own where no Latin letter touches it (an Arabic letter may).
BUCHSTABE = "A-Za-zÄÖÜäöüßẞ"


def _grundsprache(sprache: str) -> str:
    return (sprache or "").split("-")[0].lower()


def texte_bearbeiten(
    html: str, sprache: str, bearbeiten: Callable[[str], str], *, auszeichnen: bool = False
) -> str:
    """The page with `bearbeiten` applied to every text in the page's language.

    With `auszeichnen` the result may carry markup; text where no element may go (a title, an
    option, SVG) is then left as it is, and so is a passage marked with its own language."""
    teile = []
    # Open elements: their name, whether their text is in the page's language, whether
    # markup may go into it.
    offen: list[tuple[str, bool, bool]] = []
    eigene, erlaubt = True, True
    position = 0

    def text(abschnitt: str, mit: bool = True) -> str:
        if not abschnitt or not eigene or (auszeichnen and not (erlaubt and mit)):
            return abschnitt
        return bearbeiten(abschnitt)

    while (marke := MARKE.search(html, position)) is not None:
        teile.append(text(html[position : marke.start()]))
        teile.append(marke.group(0))
        position = marke.end()
        ende, name, attribute = marke.group(1), (marke.group(2) or "").lower(), marke.group(3)
        if not name:
            continue
        if ende:
            # Closing an element closes those left open inside it; a stray end tag changes nothing.
            if any(offenes == name for offenes, _e, _a in offen):
                while offen:
                    offenes, _e, _a = offen.pop()
                    if offenes == name:
                        break
            eigene, erlaubt = (offen[-1][1], offen[-1][2]) if offen else (True, True)
            continue
        if name in ROHTEXT:
            schluss = re.compile(rf"</{name}\s*>", re.I).search(html, position)
            inhalt_ende = schluss.start() if schluss else len(html)
            inhalt = html[position:inhalt_ende]
            # A title is text the reader sees; scripts, styles and typed text are not touched.
            teile.append(text(inhalt, mit=False) if name == "title" else inhalt)
            position = inhalt_ende
            continue
        if name in LEERE_ELEMENTE or (attribute or "").rstrip().endswith("/"):
            continue
        if name in WOERTLICH:
            eigene = False
        elif sprache_angabe := SPRACHE.search(attribute or ""):
            angegeben = next(wert for wert in sprache_angabe.groups() if wert is not None)
            eigene = _grundsprache(angegeben) == _grundsprache(sprache)
            # A passage marked with its language is content as someone wrote or translated
            # it: markup goes only into the page's own text, whose language is the page's.
            if name != "html":
                erlaubt = False
        if name in OHNE_AUSZEICHNUNG:
            erlaubt = False
        offen.append((name, eigene, erlaubt))
    teile.append(text(html[position:]))
    return "".join(teile)


def eigene_ziffern(sprache: str | None) -> str | None:
    """The ten digits of a language that writes its own, else None."""
    return settings.EIGENE_ZIFFERN.get(_grundsprache(sprache))


def ziffern_im_text(text: str, sprache: str) -> str:
    """A plain text with the digits (and percent sign) of the language, where it has its own."""
    ziffern = eigene_ziffern(sprache)
    if not ziffern:
        return text
    prozent = "\u066a" if _grundsprache(sprache) == "fa" else "%"
    return PROZENT.sub(prozent, text).translate(str.maketrans(LATEIN, ziffern))


def ziffern_tauschen(html: str, sprache: str) -> str:
    """The page with the digits of its own language in every passage of that language."""
    if not eigene_ziffern(sprache):
        return html
    return texte_bearbeiten(html, sprache, lambda text: ziffern_im_text(text, sprache))


def deutsch_auszeichnen(html: str, sprache: str, woerter: list[str]) -> str:
    """The page with each of these German words in its running text marked as German."""
    if not woerter or _grundsprache(sprache) == _grundsprache(settings.LANGUAGE_CODE):
        return html
    # Longest first, so that "Handlungsfelder" is not taken for "Handlungsfeld" + "er". The
    # words are searched for as they stand in the HTML, escaped.
    muster = re.compile(
        rf"(?<![{BUCHSTABE}])("
        + "|".join(re.escape(escape(wort)) for wort in sorted(set(woerter), key=len, reverse=True))
        + rf")(?![{BUCHSTABE}])"
    )
    deutsch = settings.LANGUAGE_CODE
    return texte_bearbeiten(
        html,
        sprache,
        lambda text: muster.sub(rf'<span lang="{deutsch}" dir="ltr">\1</span>', text),
        auszeichnen=True,
    )


class SprachstellenMiddleware:
    """Persian digits and German district words in finished HTML pages (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        sprache = response.get("Content-Language", "")
        if (
            not sprache
            or _grundsprache(sprache) == _grundsprache(settings.LANGUAGE_CODE)
            or response.streaming
            or response.has_header("Content-Encoding")
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        from .begriffe import deutsche_rueckfaelle

        woerter = deutsche_rueckfaelle(sprache)
        if not woerter and not eigene_ziffern(sprache):
            return response
        zeichensatz = response.charset or "utf-8"
        html = response.content.decode(zeichensatz)
        html = ziffern_tauschen(deutsch_auszeichnen(html, sprache, woerter), sprache)
        response.content = html.encode(zeichensatz)
        if response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response
