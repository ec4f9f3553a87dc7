"""Issue 17.12: Persian pages write numbers with Persian digits and signs.

Persian is read with its own digits (۰ to ۹), its own decimal and thousands separators (in
konzept/formate/fa/formats.py) and its own percent sign; Latin digits in a Persian sentence
look like a foreign passage. Numbers reach a page from many places (counts in translated
sentences, dates, the bars of the implementation status, titles with a year), so the digits
are exchanged once, in the finished page: in its text, never in attributes (links, form values,
`datetime`), never in what a reader types or copies as code (textarea, pre, code), and never
in a passage marked as another language (the German original, a fallback), which keeps its
own digits.

Which languages write their own digits is the setting EIGENE_ZIFFERN. Arabic is not among
them: the Arabic texts of the concept, written by translators in Germany, use the digits the
German source uses, and Arabic readers in Germany read both.
"""

import re

from django.conf import settings

LATEIN = "0123456789"
# Chromium and the validator treat the content of these as raw text: a "<" in it opens no tag.
ROHTEXT = {"script", "style", "textarea", "title"}
# What a reader copies as written, or what a script reads: left as it is.
WOERTLICH = {"pre", "code", "kbd", "samp", "template", "math"}
LEERE_ELEMENTE = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
MARKE = re.compile(
    r"<!--.*?-->|<!.*?>|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S
)
SPRACHE = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
PROZENT = re.compile(r"(?<=\d)(\s?)%")


def eigene_ziffern(sprache: str | None) -> str | None:
    """The ten digits of a language that writes its own, else None."""
    return settings.EIGENE_ZIFFERN.get((sprache or "").split("-")[0].lower())


def ziffern_tauschen(html: str, sprache: str) -> str:
    """The page with the digits of its own language in every passage of that language."""
    ziffern = eigene_ziffern(sprache)
    if not ziffern:
        return html
    tabelle = str.maketrans(LATEIN, ziffern)
    prozent = "\u066a" if sprache.startswith("fa") else "%"

    def text(abschnitt: str) -> str:
        return PROZENT.sub(prozent, abschnitt).translate(tabelle)

    teile = []
    # Open elements and whether their text is in the page's language.
    offen: list[tuple[str, bool]] = []
    eigene = True
    position = 0
    while (marke := MARKE.search(html, position)) is not None:
        vorher = html[position : marke.start()]
        teile.append(text(vorher) if eigene and vorher else vorher)
        teile.append(marke.group(0))
        position = marke.end()
        ende, name, attribute = marke.group(1), (marke.group(2) or "").lower(), marke.group(3)
        if not name:
            continue
        if ende:
            # Closing an element closes those left open inside it; a stray end tag changes nothing.
            if any(offenes == name for offenes, _ in offen):
                while offen:
                    offenes, _ = offen.pop()
                    if offenes == name:
                        break
            eigene = offen[-1][1] if offen else True
            continue
        if name in ROHTEXT:
            schluss = re.compile(rf"</{name}\s*>", re.I).search(html, position)
            inhalt_ende = schluss.start() if schluss else len(html)
            inhalt = html[position:inhalt_ende]
            # A title is text the reader sees; scripts, styles and typed text are not touched.
            teile.append(text(inhalt) if name == "title" and eigene else inhalt)
            position = inhalt_ende
            continue
        if name in LEERE_ELEMENTE or (attribute or "").rstrip().endswith("/"):
            continue
        if name in WOERTLICH:
            eigene = False
        elif sprache_angabe := SPRACHE.search(attribute or ""):
            angegeben = next(wert for wert in sprache_angabe.groups() if wert is not None)
            eigene = angegeben.lower().split("-")[0] == sprache.split("-")[0]
        offen.append((name, eigene))
    rest = html[position:]
    teile.append(text(rest) if eigene and rest else rest)
    return "".join(teile)


class ZiffernMiddleware:
    """Exchanges the digits of finished HTML pages in the languages of EIGENE_ZIFFERN."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        sprache = response.get("Content-Language", "")
        if (
            not eigene_ziffern(sprache)
            or response.streaming
            or response.has_header("Content-Encoding")
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        zeichensatz = response.charset or "utf-8"
        response.content = ziffern_tauschen(response.content.decode(zeichensatz), sprache).encode(
            zeichensatz
        )
        if response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response
