"""Implementation updates as Atom feeds: per edition and per field (status changes and notes,
as public; reports awaiting review are not in it). Announced on the pages with
<link rel="alternate" type="application/atom+xml">."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from konzept.begriffe import begriffe
from konzept.models import Edition, Landkreis
from konzept.rollen import edition_lesbar
from themenfelder.models import Themenfeld

from .models import Massnahme
from .verlauf import edition_verlauf


class UmsetzungFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, jahr, key=None):
        edition = get_object_or_404(Edition, jahr=jahr)
        edition_lesbar(edition, request.user)
        themenfeld = (
            get_object_or_404(Themenfeld, edition=edition, key=key) if key is not None else None
        )
        # The feed object serves every request: what depends on the request travels in `obj`.
        return edition, themenfeld, request.build_absolute_uri("/").rstrip("/")

    def title(self, obj):
        edition, themenfeld, _basis = obj
        return _("Umsetzung: %(titel)s") % {"titel": (themenfeld or edition).titel}

    def subtitle(self, obj):
        return _("Neue Umsetzungsnotizen und Statusänderungen der %(massnahmen)s.") % {
            "massnahmen": begriffe()["massnahme"].mehrzahl
        }

    def link(self, obj):
        edition, themenfeld, _basis = obj
        return (themenfeld or edition).get_absolute_url()

    def author_name(self):
        landkreis = Landkreis.aktuell()
        return landkreis.name if landkreis else _("Integrationskonzept")

    def items(self, obj):
        edition, themenfeld, basis = obj
        massnahmen = (
            Massnahme.objects.im_themenfeld(themenfeld)
            if themenfeld
            else Massnahme.objects.in_edition(edition)
        )
        ereignisse = edition_verlauf(massnahmen)
        for ereignis in ereignisse:
            ereignis.basis = basis
        return ereignisse

    def item_title(self, ereignis):
        if ereignis.art == "status":
            return _("%(massnahme)s: Status %(vorher)s → %(nachher)s") % {
                "massnahme": ereignis.massnahme.titel,
                "vorher": ereignis.status_vorher_bezeichnung,
                "nachher": ereignis.status_bezeichnung,
            }
        return _("%(massnahme)s: Umsetzungsnotiz vom %(datum)s") % {
            "massnahme": ereignis.massnahme.titel,
            "datum": ereignis.datum.strftime("%d.%m.%Y"),
        }

    def item_description(self, ereignis):
        if ereignis.art == "notiz":
            return ereignis.text
        return _("Neuer Status: %(status)s") % {"status": ereignis.status_bezeichnung}

    def item_link(self, ereignis):
        return f"{ereignis.massnahme.get_absolute_url()}#verlauf"

    def item_guid(self, ereignis):
        return f"{ereignis.basis}{ereignis.massnahme.get_absolute_url()}#{ereignis.kennung}"

    item_guid_is_permalink = False

    def item_pubdate(self, ereignis):
        return ereignis.zeitpunkt

    def item_updateddate(self, ereignis):
        return ereignis.zeitpunkt
