"""Small helpers for templates that walk the plan's tree (konzept/baum.py)."""

from django import template

register = template.Library()


@register.filter
def artname(objekt) -> str:
    """The kind of an item as the editing URLs name it ("themenfeld", "massnahme" …)."""
    return objekt._meta.model_name


@register.simple_tag(takes_context=True)
def nummer(context, objekt) -> str:
    """`{% nummer massnahme %}`: an item's number ("6.1.2") and a space, where the district
    shows numbers. A tag, not an include: most districts show none, and a page names dozens of
    items (issue 20.3)."""
    from django.utils.html import format_html

    landkreis = context.get("landkreis")
    if not (landkreis and landkreis.nummern_zeigen and objekt.nummer):
        return ""
    return format_html('<span class="nummer">{}</span> ', objekt.nummer)


@register.filter
def begriff(ebene: str, form: str = "einzahl") -> str:
    """The district's word for a level by the level's name: `{{ art|begriff:"mehrzahl" }}`."""
    from konzept.begriffe import begriffe

    return getattr(begriffe()[ebene], form)


@register.filter
def anzeigename(user) -> str:
    """A person as others read them: name or role, never the user name (issue 14.9)."""
    from konzept.rollen import anzeigename as name_von

    return name_von(user)


@register.simple_tag(takes_context=True)
def einreichung(context) -> str:
    """The hidden id of a create form (konzept.bearbeitung.einmal_anlegen): a new one for a new
    form, the sent one again when the form comes back with errors."""
    import uuid

    from django.utils.html import format_html

    request = context.get("request")
    gesendet = request.POST.get("einreichung", "") if request is not None else ""
    try:
        kennung = uuid.UUID(gesendet)
    except ValueError:
        kennung = uuid.uuid4()
    return format_html('<input type="hidden" name="einreichung" value="{}">', kennung)
