"""Issue 17.12: a district word without a translation stands in German in another language's
pages, and there it is marked as German wherever markup can go (konzept/sprachstellen.py).
The pages are read back with BeautifulSoup and lxml."""

from bs4 import BeautifulSoup

from konzept.begriffe import deutsche_rueckfaelle
from konzept.models import Begriff
from konzept.sprachstellen import deutsch_auszeichnen

WOERTER = ["Handlungsfeld", "Handlungsfelder"]


def test_nur_laufender_text_in_der_sprache_der_seite():
    html = (
        '<html lang="ar"><head><title>Handlungsfelder – خطة</title></head><body>'
        "<h2>Handlungsfelder</h2><p>عدد Handlungsfeld: 7</p>"
        '<a href="/x" aria-label="Handlungsfelder">Handlungsfeldern</a>'
        "<select><option>Handlungsfeld</option></select>"
        '<p lang="de" dir="ltr">Alle Handlungsfelder</p>'
        '<p lang="ar" dir="rtl">نص Handlungsfeld</p>'
        "<textarea>Handlungsfeld</textarea>"
        "</body></html>"
    )
    markiert = deutsch_auszeichnen(html, "ar", WOERTER)
    deutsch = '<span lang="de" dir="ltr">{}</span>'
    assert f"<h2>{deutsch.format('Handlungsfelder')}</h2>" in markiert
    assert f"<p>عدد {deutsch.format('Handlungsfeld')}: 7</p>" in markiert
    # Not in a title, an attribute, an option, German text, typed text, another word.
    assert "<title>Handlungsfelder – خطة</title>" in markiert
    assert 'aria-label="Handlungsfelder">Handlungsfeldern</a>' in markiert
    assert "<option>Handlungsfeld</option>" in markiert
    assert '<p lang="de" dir="ltr">Alle Handlungsfelder</p>' in markiert
    assert "<textarea>Handlungsfeld</textarea>" in markiert
    # Content marked with its language stays as written (here: as translated).
    assert '<p lang="ar" dir="rtl">نص Handlungsfeld</p>' in markiert
    assert deutsch_auszeichnen(html, "de", WOERTER) == html


def _begriff_nur_englisch():
    return Begriff.objects.update_or_create(
        ebene="themenfeld",
        defaults={
            "einzahl_de": "Handlungsfeld",
            "mehrzahl_de": "Handlungsfelder",
            "einzahl_en": "Field of action",
            "mehrzahl_en": "Fields of action",
            **{f"{form}_{sprache}": "" for form in ("einzahl", "mehrzahl") for sprache in ("ar",)},
        },
    )


def test_rueckfaelle_sind_die_unuebersetzten_woerter(inhalt):
    _begriff_nur_englisch()
    assert {"Handlungsfeld", "Handlungsfelder"} <= set(deutsche_rueckfaelle("ar"))
    assert not {"Handlungsfeld", "Handlungsfelder"} & set(deutsche_rueckfaelle("en"))


def test_seiten_zeichnen_das_deutsche_wort_aus(client, inhalt):
    _begriff_nur_englisch()
    html = client.get(f"/ar/{inhalt.jahr}/").text
    seite = BeautifulSoup(html, "lxml")
    stellen = [
        text
        for text in seite.body.find_all(string=lambda s: s and "Handlungsfeld" in s)
        if not text.find_parent(["script", "style", "textarea", "option"])
    ]
    assert stellen, "Das Wort steht auf der Seite."
    for text in stellen:
        assert text.find_parent(lang="de") is not None, str(text.parent)[:200]
    englisch = client.get(f"/en/{inhalt.jahr}/").text
    assert "Fields of action" in englisch and "Handlungsfeld" not in englisch
