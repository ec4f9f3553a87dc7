"""The styles of a page, in its head (konzept/seitenstil.py)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi

from konzept import seitenstil as stile

register = template.Library()


@register.simple_tag(takes_context=True)
def seitenstil(context):
    """The whole stylesheet as <style> with the response's CSP nonce: painting waits for no
    further request.

    No font is preloaded: Chromium holds back the first paint while a preloaded font is
    loading, and the fonts are asked for right after this stylesheet anyway."""
    return format_html(
        '<style nonce="{}">{}</style>',
        context.get("csp_nonce", ""),
        # Our own files, checked for "</" (konzept/seitenstil.py).
        mark_safe(stile.stil(get_language(), get_language_bidi())),
    )
