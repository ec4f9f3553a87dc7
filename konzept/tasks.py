"""Work of the plan's translation that must not block a request, as tasks."""

from django.tasks import task

from . import maschinell


@task
def maschinell_vorschlagen(edition_id: int, sprache: str, versuch: int = 1):
    """Machine suggestions for the missing and outdated texts of an edition in one language
    (konzept.uebersetzung.maschinell_vorschlagen); when the service fails in a way that may
    pass, asked again later (konzept.maschinell.ausfuehren), otherwise logged and left."""
    from .uebersetzung import maschinell_vorschlagen as vorschlagen

    maschinell.ausfuehren(maschinell_vorschlagen, vorschlagen, edition_id, sprache, versuch=versuch)
