"""The styles and the first font of a page, in its head (konzept/seitenstil.py)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi

from konzept import seitenstil as stile

register = template.Library()


@register.simple_tag(takes_context=True)
def seitenstil(context):
    """The preload of the font the page's running text needs, and the whole stylesheet as
    <style> with the response's CSP nonce: painting waits for no further request."""
    sprache = get_language()
    return format_html(
        '<link rel="preload" href="{}" as="font" type="font/woff2" crossorigin>\n'
        '  <style nonce="{}">{}</style>',
        stile.vorladen(sprache),
        context.get("csp_nonce", ""),
        # Our own files, checked for "</" (konzept/seitenstil.py).
        mark_safe(stile.stil(sprache, get_language_bidi())),
    )
