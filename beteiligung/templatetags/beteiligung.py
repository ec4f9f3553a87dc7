"""What the consultation offers the reader of a page: comment here, or when they can."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def beteiligung_fuer(context, edition):
    """`{% beteiligung_fuer edition as beteiligung %}`: the phase notice for this reader."""
    request = context["request"]
    cache = request.__dict__.setdefault("_beteiligung", {})
    if edition.pk not in cache:
        user = request.user
        hinweis = edition.phasen.hinweis_fuer(user) if user.is_authenticated else None
        if hinweis is not None:
            # What the reader has written here so far (issue 17.2), with a link to it.
            hinweis["eigene"] = edition.kommentare.filter(autor=user).count()
        cache[edition.pk] = hinweis
    return cache[edition.pk]
