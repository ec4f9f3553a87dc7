"""Who may do what. Roles are Django groups; administrators may do everything."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

# The roles' groups. Their names are technical keys; what users read comes from
# rollennamen(), where the migrant council is named as the district names it.
KOORDINIERUNGSSTELLE = "Koordinierungsstelle"
AUSSCHUSS = "Ausschuss"
KMV = "KMV"
# Contact persons of organisations: they report on the measures their organisation leads.
UMSETZUNG = "Umsetzung"


def rollennamen() -> dict[str, str]:
    """The roles as users read them: the migrant council by the district's name for it."""
    from .begriffe import MIGRATIONSVERTRETUNG_VORGABE, migrationsvertretung

    vertretung = migrationsvertretung()
    return {
        KOORDINIERUNGSSTELLE: _("Koordinierungsstelle"),
        AUSSCHUSS: _("Mitglieder der Gremien"),
        KMV: _("Mitglieder: %(name)s")
        % {"name": vertretung.name if vertretung else MIGRATIONSVERTRETUNG_VORGABE},
    }


def anzeigename(user) -> str:
    """How a person is named to others (pages, PDFs, history): their name, else their role.

    Never the user name: it is half of what signing in takes (issue 14.9).
    """
    if user is None:
        return ""
    name = user.get_full_name().strip()
    if name:
        return name
    meine = gruppen(user)
    if KOORDINIERUNGSSTELLE in meine:
        from .begriffe import landkreis as gelesener_landkreis

        landkreis = gelesener_landkreis()
        return (landkreis.koordinierungsstelle if landkreis else "") or _("Koordinierungsstelle")
    if user.is_superuser:
        return _("Administration")
    if UMSETZUNG in meine:
        return _("Ansprechperson")
    if AUSSCHUSS in meine:
        return _("Mitglied eines Gremiums")
    if KMV in meine:
        from .begriffe import MIGRATIONSVERTRETUNG_VORGABE, migrationsvertretung

        vertretung = migrationsvertretung()
        return _("Mitglied: %(name)s") % {
            "name": vertretung.name if vertretung else MIGRATIONSVERTRETUNG_VORGABE
        }
    return _("Konto ohne Namen")


def gruppen(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    # Cached on the user object so that a page asks the database once; a list of people's
    # entries (comments and their authors) prefetches `groups` and asks once for all of them.
    if not hasattr(user, "_gruppen"):
        if "groups" in getattr(user, "_prefetched_objects_cache", {}):
            user._gruppen = {gruppe.name for gruppe in user.groups.all()}
        else:
            user._gruppen = set(user.groups.values_list("name", flat=True))
    return user._gruppen


def darf_bearbeiten(user) -> bool:
    return user.is_superuser or KOORDINIERUNGSSTELLE in gruppen(user)


def ist_ansprechperson(user) -> bool:
    return UMSETZUNG in gruppen(user)


def organisationen_von(user) -> set[int]:
    """The organisations a contact person speaks for (cached on the user object)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_organisationen"):
        user._organisationen = set(user.organisationen.values_list("pk", flat=True))
    return user._organisationen


def darf_umsetzung_melden(user, massnahme) -> bool:
    """Staff may update every measure's implementation state; a contact person only that of
    the measures their organisation leads (and partners in, if UMSETZUNG_PARTNER_MELDEN)."""
    if darf_bearbeiten(user):
        return True
    if not ist_ansprechperson(user):
        return False
    # Contact persons report on the plan in force; drafts are for staff.
    if not massnahme.themenfeld.edition.ist_beschlossen:
        return False
    eigene = organisationen_von(user)
    if massnahme.federfuehrung_id in eigene:
        return True
    return settings.UMSETZUNG_PARTNER_MELDEN and bool(
        eigene & {partner.pk for partner in massnahme.partner.all()}
    )


def braucht_zweiten_faktor(user) -> bool:
    """Who can change the concept or reach the admin signs in with a second factor; so does
    everybody else who has chosen to set one up (issue 14.14)."""
    if not user.is_authenticated:
        return False
    return zweiter_faktor_pflicht(user) or _app_eingerichtet(user)


def zweiter_faktor_pflicht(user) -> bool:
    return user.is_staff or darf_bearbeiten(user)


def _app_eingerichtet(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def darf_entwuerfe_lesen(user) -> bool:
    return user.is_superuser or bool(gruppen(user) & {KOORDINIERUNGSSTELLE, AUSSCHUSS, KMV})


def edition_lesbar(edition, user):
    """Anonymous readers see adopted editions only; the roles also see drafts."""
    if not edition.ist_beschlossen and not darf_entwuerfe_lesen(user):
        raise PermissionDenied(
            _(
                "Diese Ausgabe ist ein Entwurf. Entwürfe sind nur nach der Anmeldung sichtbar, "
                "für %(rollen)s."
            )
            % {"rollen": ", ".join(rollennamen().values())}
        )


def edition_bearbeitbar(edition, *, sperren: bool = False):
    """An adopted edition is frozen: nothing in it changes any more.

    A write that depends on it calls this inside its transaction with `sperren`: the edition's
    row is locked and read again, the row adoption locks (beteiligung.services.
    beschluss_erfassen), so a write prepared on a stale read — a step back in the workflow,
    say — never lands on an edition adopted meanwhile (issue 14.7). Returns the edition as
    read."""
    if sperren:
        edition = type(edition).objects.select_for_update().get(pk=edition.pk)
    if edition.ist_beschlossen:
        raise PermissionDenied(
            _(
                "Die Ausgabe %(jahr)s ist beschlossen und kann nicht mehr geändert werden. "
                "Änderungen gehören in die nächste Fortschreibung."
            )
            % {"jahr": edition.jahr}
        )
    return edition


def umsetzung_offen(edition) -> bool:
    """Drafts and the edition in force have a live implementation state; older adopted
    editions keep theirs as read-only history."""
    if not edition.ist_beschlossen:
        return True
    in_kraft = type(edition).objects.in_kraft()
    return in_kraft is not None and in_kraft.pk == edition.pk


def umsetzung_bearbeitbar(edition, *, sperren: bool = False):
    """Refuses a write of implementation state unless `umsetzung_offen`. Every write calls it
    inside its transaction with `sperren`: the edition's row is locked, the same row that
    adopting the next edition locks (beteiligung.services.beschluss_erfassen), so a save and
    that adoption never overlap and no save reaches an edition no longer in force."""
    if sperren:
        edition = type(edition).objects.select_for_update().get(pk=edition.pk)
    if not umsetzung_offen(edition):
        raise PermissionDenied(
            _(
                "Die Ausgabe %(jahr)s gilt nicht mehr: Eine neuere Ausgabe ist beschlossen. "
                "Ihr Umsetzungsstand bleibt als Verlauf lesbar, ändert sich aber nicht mehr."
            )
            % {"jahr": edition.jahr}
        )
    return edition


def nur_koordinierungsstelle(view):
    """Anonymous users are sent to sign in; signed-in users without the role are refused."""

    @wraps(view)
    def pruefen(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not darf_bearbeiten(request.user):
            raise PermissionDenied(
                _("Nur die Koordinierungsstelle darf das Integrationskonzept bearbeiten.")
            )
        return view(request, *args, **kwargs)

    return pruefen


def rollen(request):
    """Template context: what the signed-in user may do (nothing, on a request refused before
    sign-in was read, such as one with a bad Host header)."""
    user = getattr(request, "user", None)
    if user is None:
        return {"darf_bearbeiten": False, "darf_entwuerfe_lesen": False, "ansprechperson": False}
    return {
        "darf_bearbeiten": darf_bearbeiten(user),
        "darf_entwuerfe_lesen": darf_entwuerfe_lesen(user),
        "ansprechperson": ist_ansprechperson(user),
    }
