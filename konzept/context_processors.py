from .models import Landkreis


def landkreis(request):
    """The district's name and office appear in every page header, so they come from data."""
    return {"landkreis": Landkreis.aktuell()}
