"""What makes the PDF accessible beyond WeasyPrint's own tagging (PDF/UA-1, issue 19.5).

Two steps. While WeasyPrint builds the structure tree, each element gets what only the HTML
knows: the language of a passage in another language (/Lang), the scope of a header cell
(/Scope), and for each link a description that names its target instead of an anchor name.
After rendering, pikepdf mends the file itself: the running header and footer become
artifacts, and ligatures of right-to-left scripts are split so that every character has a
code of its own.
"""

import functools
import io
import re
import unicodedata
from pathlib import Path

import pikepdf
import pydyf
from fontTools import agl
from fontTools.ttLib import TTFont
from weasyprint.pdf import tags as weasyprint_tags

# ---------------------------------------------------------------------------------------------
# While the structure tree is built


_SCOPE = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def _sprache(struktur: pydyf.Dictionary, pdf) -> str:
    """The language a structure element speaks: its own, else the document's."""
    return getattr(struktur, "_sprache", None) or getattr(pdf.catalog.get("Lang"), "string", "")


def _ergaenzen(element: pydyf.Dictionary, box, eltern: pydyf.Dictionary, pdf):
    html = getattr(box, "element", None)
    if html is None or getattr(box, "style", None) is None:
        return
    sprache = box.style["lang"] or ""
    if sprache and sprache != _sprache(eltern, pdf):
        element["Lang"] = pydyf.String(sprache)
    element._sprache = sprache or _sprache(eltern, pdf)
    if element["S"] == "/TH" and box.element_tag == "th":
        # Without a scope a header cell that no data cell names (the corner cell of a table
        # with row headers) is associated with nothing; HTML's default is the column.
        element["A"]["Scope"] = _SCOPE.get(html.get("scope", "col"), "/Column")
    annotation = getattr(box, "link_annotation", None)
    if annotation is not None and element["S"] == "/Link":
        # WeasyPrint describes an internal link by its anchor name ("anhang-abwaegung");
        # a reader needs the words of the link, which name where it leads.
        text = " ".join("".join(html.itertext()).split())
        for teil in [annotation, *getattr(element, "_weitere_annotationen", [])]:
            if text:
                teil["Contents"] = pydyf.String(text)
            teil["F"] = 4  # printed like the page it sits on


def _in_den_link(element: pydyf.Dictionary, box, pdf, annotations: list):
    """Hangs the link area of a passage inside a link into the link's element.

    WeasyPrint gives every inline box of a link an area of its own: a German title inside an
    Arabic link (`<a><span lang="de">…</span></a>`) gets a second one, which it tags as a
    child of the Span. PDF/UA wants each link area inside a Link element.
    """
    annotation = getattr(box, "link_annotation", None)
    if annotation is None or element["S"] == "/Link":
        return
    link = element
    while link["S"] != "/Link":
        nummer = int(link["P"].split()[0])
        if nummer >= len(pdf.objects) or "P" not in pdf.objects[nummer]:
            return
        link = pdf.objects[nummer]
    verweis = next(
        kind
        for kind in element["K"]
        if not isinstance(kind, int)
        and pdf.objects[int(kind.split()[0])].get("Obj") == annotation.reference
    )
    element["K"].remove(verweis)
    link["K"].append(verweis)
    stelle = annotations.index((element.reference, annotation))
    annotations[stelle] = (link.reference, annotation)
    link._weitere_annotationen = [*getattr(link, "_weitere_annotationen", []), annotation]


class _SeitenEinmal:
    """The PDF as the tagging sees it, with the references of its pages read once.

    pydyf builds the tuple of all page references anew on each access, and WeasyPrint reads
    it for every structure element: time that grows with pages × elements, a tenth of the
    rendering at 120 pages. The pages are all there when the tree is built.
    """

    def __init__(self, pdf):
        self._pdf = pdf
        self.page_references = pdf.page_references

    def __getattr__(self, name):
        return getattr(self._pdf, name)


def _mit_barrierefreiheit(baum_bauen):
    def bauen(box, parent, pdf, page_number, nums, annotations, tags):
        if not isinstance(pdf, _SeitenEinmal):
            pdf = _SeitenEinmal(pdf)
        for element in baum_bauen(box, parent, pdf, page_number, nums, annotations, tags):
            _in_den_link(element, box, pdf, annotations)
            _ergaenzen(element, box, parent, pdf)
            yield element

    bauen.barrierefrei = True
    return bauen


def tagging_ergaenzen():
    """Wraps WeasyPrint's structure tree builder once per process.

    The builder calls itself through the module for every box, so each structure element
    passes through the wrapper with the box it stands for.
    """
    if not getattr(weasyprint_tags._build_box_tree, "barrierefrei", False):
        weasyprint_tags._build_box_tree = _mit_barrierefreiheit(weasyprint_tags._build_box_tree)


# ---------------------------------------------------------------------------------------------
# After rendering


def nachbearbeiten(pfad: Path):
    """Mends the rendered file in place."""
    with pikepdf.open(pfad, allow_overwriting_input=True) as pdf:
        artefakte = _kopf_und_fuss(pdf)
        ligaturen = _ligaturen_aufteilen(pdf)
        for nummer, seite in enumerate(pdf.pages):
            _inhalt_umschreiben(pdf, seite, artefakte.get(nummer, set()), ligaturen)
        pdf.save(pfad)


def _kopf_und_fuss(pdf: pikepdf.Pdf) -> dict[int, set[int]]:
    """The marked contents of the running header and footer, per page.

    WeasyPrint marks the text of margin boxes as content and builds structure elements for
    it that it never hangs into the tree (PDF/UA-1 has no artifact elements): a screen reader
    would read "Seite 3 von 40" on every page. Such text becomes an artifact of pagination.
    Margin boxes are painted last, so theirs are the last MCIDs of a page: from the end of
    the page's parent tree, every element whose top ancestor the document does not hold.
    """
    wurzel = pdf.Root.StructTreeRoot
    dokument = wurzel.K[0] if isinstance(wurzel.K, pikepdf.Array) else wurzel.K
    oben = {kind.objgen for kind in dokument.K if isinstance(kind, pikepdf.Dictionary)}

    def eingehaengt(element: pikepdf.Dictionary) -> bool:
        while (eltern := element.get("/P")) is not None:
            if eltern.objgen == dokument.objgen:
                return element.objgen in oben
            element = eltern
        return False

    artefakte = {}
    zahlen = wurzel.ParentTree.Nums
    for i in range(0, len(zahlen), 2):
        wert = zahlen[i + 1]
        if not isinstance(wert, pikepdf.Array):
            continue
        bleiben = len(wert)
        while bleiben and not eingehaengt(wert[bleiben - 1]):
            bleiben -= 1
        if bleiben < len(wert):
            artefakte[int(zahlen[i])] = set(range(bleiben, len(wert)))
            zahlen[i + 1] = pikepdf.Array(list(wert)[:bleiben])
    return artefakte


def _ligatur(text: str) -> bool:
    """A ligature of two or more right-to-left letters (marks aside)."""
    arten = [unicodedata.bidirectional(zeichen) for zeichen in text]
    return sum(art in ("R", "AL") for art in arten) >= 2 and all(
        art in ("R", "AL", "NSM") for art in arten
    )


def _nur_zeichen(text: str) -> str:
    """The marks of a mapping that also names letters."""
    zeichen = "".join(z for z in text if unicodedata.category(z).startswith("M"))
    return zeichen if zeichen and len(zeichen) < len(text) else text


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>")


def _hex(text: str) -> bytes:
    return text.encode("utf-16-be").hex().upper().encode()


def _ligaturen_aufteilen(pdf: pikepdf.Pdf) -> dict[tuple[int, int], dict[bytes, bytes]]:
    """Gives each character of a right-to-left ligature a code of its own.

    A ligature glyph (lam-alef) maps to several characters. Extractors disagree on their
    order in right-to-left text: pypdf keeps them as mapped, poppler reverses them, so one
    of the two always gets "االندماج" for "الاندماج". With the ligature mapped to its first
    character and each further one drawn as an empty glyph of no width just before it (to
    its left, where it is read later), every character stands on its own and all extractors
    agree.

    A vowel mark that WeasyPrint first met in a cluster with its letter ("أُ") is mapped to
    the letter and the mark; the letter has a glyph of its own, so the mark (a glyph of no
    width) is mapped to the mark alone, or every later "نُقل" would read "نأُقل".

    Per font (by object): code of the ligature (4 hex digits) → the codes that replace it.
    """
    ersetzungen = {}
    for schrift in _schriften(pdf):
        nachfolger = schrift.DescendantFonts[0]
        abbildung = schrift.ToUnicode.read_bytes()
        mehrere = {}
        for code, ziel in _BFCHAR.findall(abbildung):
            text = bytes.fromhex(ziel.decode()).decode("utf-16-be", errors="replace")
            if len(text) > 1:
                mehrere[code.upper()] = text
        if not mehrere and not _LEER.search(abbildung):
            continue
        abbildung = _leere_benennen(abbildung, nachfolger)
        breiten = _breiten(nachfolger)
        for code, text in mehrere.items():
            if breiten.get(int(code, 16)) == 0 and _nur_zeichen(text) != text:
                abbildung = _zuordnen(abbildung, code, _nur_zeichen(text))
        ligaturen = {code: text for code, text in mehrere.items() if _ligatur(text)}
        benutzt = {int(code, 16) for code, _ziel in _BFCHAR.findall(abbildung)}
        weitere = sorted({zeichen for text in ligaturen.values() for zeichen in text[1:]})
        frei = _leere_glyphen(nachfolger, benutzt) if ligaturen else []
        if len(frei) < len(weitere):
            ligaturen = {}
        codes = {zeichen: f"{frei[i]:04X}".encode() for i, zeichen in enumerate(weitere)}
        for code, text in ligaturen.items():
            abbildung = _zuordnen(abbildung, code, text[0])
        if ligaturen:
            eintraege = b"".join(b"<%s> <%s>\n" % (c, _hex(z)) for z, c in codes.items())
            abbildung = abbildung.replace(
                b"endbfchar",
                b"endbfchar\n%d beginbfchar\n%sendbfchar" % (len(codes), eintraege),
                1,
            )
            w = nachfolger.get("/W", pikepdf.Array())
            for code in codes.values():
                w.extend([int(code, 16), pikepdf.Array([0])])
            nachfolger.W = w
            ersetzungen[schrift.objgen] = {
                code: b"".join(codes[zeichen] for zeichen in reversed(text[1:])) + code
                for code, text in ligaturen.items()
            }
        schrift.ToUnicode.write(abbildung)
    return ersetzungen


_LEER = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<>")


def _leere_benennen(abbildung: bytes, nachfolger: pikepdf.Dictionary) -> bytes:
    """The ToUnicode map with a character for each glyph that WeasyPrint mapped to nothing.

    In a right-to-left cluster of a letter and its vowel mark ("أُ") WeasyPrint gives the
    whole cluster to the mark's glyph and nothing to the letter's: an empty mapping, which
    PDF/UA forbids. The letter's glyph names its character (uni0623); the mark keeps only
    itself further on.
    """
    leer = _LEER.findall(abbildung)
    if not leer:
        return abbildung
    schrift = TTFont(io.BytesIO(nachfolger.FontDescriptor.FontFile2.read_bytes()), lazy=True)
    namen = schrift.getGlyphOrder()
    for code in leer:
        gid = int(code, 16)
        text = agl.toUnicode(namen[gid]) if gid < len(namen) else ""
        if text:
            abbildung = re.sub(
                rb"<" + code + rb">\s*<>", b"<%s> <%s>" % (code, _hex(text)), abbildung
            )
    return abbildung


def _zuordnen(abbildung: bytes, code: bytes, text: str) -> bytes:
    """The ToUnicode map with the code mapped to the text."""
    return re.sub(
        rb"<" + code + rb">\s*<[0-9A-Fa-f]+>",
        b"<%s> <%s>" % (code, _hex(text)),
        abbildung,
        flags=re.IGNORECASE,
    )


def _breiten(nachfolger: pikepdf.Dictionary) -> dict[int, float]:
    """The widths of a CID font by code, from its /W array."""
    w = list(nachfolger.get("/W", []))
    breiten = {}
    i = 0
    while i < len(w):
        erster = int(w[i])
        if isinstance(w[i + 1], pikepdf.Array):
            breiten.update({erster + j: float(b) for j, b in enumerate(w[i + 1])})
            i += 2
        else:
            breiten.update(dict.fromkeys(range(erster, int(w[i + 1]) + 1), float(w[i + 2])))
            i += 3
    return breiten


def _schriften(pdf: pikepdf.Pdf):
    gesehen = set()
    for seite in pdf.pages:
        for schrift in seite.Resources.get("/Font", {}).values():
            if schrift.objgen in gesehen or schrift.get("/Subtype") != "/Type0":
                continue
            gesehen.add(schrift.objgen)
            if "/ToUnicode" in schrift:
                yield schrift


def _leere_glyphen(nachfolger: pikepdf.Dictionary, benutzt: set[int]) -> list[int]:
    """Glyphs of the embedded font that draw nothing and advance nothing, and are unused.

    WeasyPrint subsets fonts keeping glyph ids, so the glyphs it dropped are such glyphs.
    """
    if nachfolger.get("/CIDToGIDMap") != "/Identity":
        return []
    schrift = TTFont(io.BytesIO(nachfolger.FontDescriptor.FontFile2.read_bytes()), lazy=True)
    glyf, hmtx = schrift["glyf"], schrift["hmtx"]
    frei = []
    for gid, name in enumerate(schrift.getGlyphOrder()):
        if gid == 0 or gid in benutzt:
            continue
        if hmtx[name][0] == 0 and glyf[name].numberOfContours == 0:
            frei.append(gid)
            if len(frei) == 64:
                break
    return frei


_SCHRIFT = re.compile(rb"/([^\s/\[\]<>()]+)\s+[-+\d.]+\s+Tf")


def _inhalt_umschreiben(
    pdf: pikepdf.Pdf, seite: pikepdf.Page, artefakte: set[int], ligaturen: dict
):
    """The page's content with artifacts for header and footer and ligatures split."""
    schriften = {
        name.encode().lstrip(b"/"): ligaturen[schrift.objgen]
        for name, schrift in seite.Resources.get("/Font", {}).items()
        if schrift.objgen in ligaturen
    }
    inhalt = seite.obj.get("/Contents")
    if inhalt is None or not (artefakte or schriften):
        return
    teile = inhalt if isinstance(inhalt, pikepdf.Array) else [inhalt]
    daten = b"\n".join(teil.read_bytes() for teil in teile)
    if schriften:
        # Only the runs set in a font with ligatures are read code by code.
        stuecke, anfang, ersetzung = [], 0, None
        for wechsel in _SCHRIFT.finditer(daten):
            stuecke.append(_ligaturen_ersetzen(daten[anfang : wechsel.start()], ersetzung))
            anfang, ersetzung = wechsel.start(), schriften.get(wechsel[1])
        stuecke.append(_ligaturen_ersetzen(daten[anfang:], ersetzung))
        daten = b"".join(stuecke)
    if artefakte:
        markiert = re.compile(
            rb"/Span\s*<<\s*/MCID\s+(?:%s)\s*>>\s*BDC"
            % b"|".join(str(mcid).encode() for mcid in sorted(artefakte))
        )
        daten = markiert.sub(b"/Artifact <</Type /Pagination>> BDC", daten)
    seite.obj.Contents = pdf.make_stream(daten)


def _ligaturen_ersetzen(stueck: bytes, ersetzung: dict[bytes, bytes] | None) -> bytes:
    """The run with each ligature code replaced, read in steps of four hex digits."""
    if not ersetzung:
        return stueck

    def codes_ersetzen(treffer: re.Match) -> bytes:
        codes = treffer[1].upper()
        return b"<%s>" % b"".join(
            ersetzung.get(codes[i : i + 4], codes[i : i + 4]) for i in range(0, len(codes), 4)
        )

    return _hex_mit(tuple(ersetzung)).sub(codes_ersetzen, stueck)


@functools.cache
def _hex_mit(codes: tuple[bytes, ...]) -> re.Pattern:
    """Hex strings (as WeasyPrint writes them: no spaces) that hold one of the codes at a
    code boundary; the others are left to the regular expression engine alone."""
    return re.compile(
        rb"(?<![<>])<((?:[0-9A-Fa-f]{4})*?(?:%s)(?:[0-9A-Fa-f]{4})*)>" % b"|".join(codes),
        re.IGNORECASE,
    )
