import pytest
from django.conf import settings

from konzept.models import Edition
from tests import fabrik

# The local stand-ins of the machine translation services, as fixtures for every test.
pytest_plugins = ["tests.uebersetzungsdienste"]


@pytest.fixture(autouse=True)
def quellsprache():
    """Each test starts in German; a request in another language must not leak into the next."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


def zweiten_faktor_bestaetigen(client, user):
    """Marks the client's session as confirmed with the user's authenticator app."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    geraet = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if geraet is None:
        geraet = TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = geraet.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def begriffe_vergessen():
    """The district's words are kept per process and content version. A test's rollback undoes
    its changes to them without raising the version, so the next test in the same process would
    read them still: each test starts without them. So with the version the process has read: a
    test that commits (on_commit callbacks run) raises it, its rollback lowers it again, and a
    test that keeps the version for a while (INHALTSSTAND_SEKUNDEN) would start with the higher
    one."""
    from konzept import begriffe, betrieb

    begriffe.vergessen()
    betrieb._gelesen = None
    yield
    begriffe.vergessen()
    betrieb._gelesen = None


@pytest.fixture
def wie_im_betrieb(settings):
    """Queries counted as in operation (tests/test_abfragen.py): a process reads the content
    version at most every INHALTSSTAND_SEKUNDEN, not at every use as the test settings do.
    Returns how to forget the version read, as the next request after a while would."""
    from konzept import betrieb

    settings.INHALTSSTAND_SEKUNDEN = 3600

    def vergessen():
        betrieb._gelesen = None

    return vergessen


@pytest.fixture(autouse=True, scope="session")
def force_login_mit_zweitem_faktor():
    """`force_login` stands for a completed sign-in: for staff and administrators, whom the
    app asks for a second factor (issue 8), that includes the code. Signing in itself (password,
    code, lockout) is tested through the real forms in tests/konzept/test_anmeldung.py."""
    from django.test import Client

    from konzept.rollen import braucht_zweiten_faktor

    ohne_zweiten_faktor = Client.force_login

    def force_login(self, user, backend=None):
        ohne_zweiten_faktor(self, user, backend)
        if braucht_zweiten_faktor(user):
            zweiten_faktor_bestaetigen(self, user)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", force_login)
        yield


def pytest_collection_modifyitems(config, items):
    """With the second sample district (TEST_LANDKREIS=zweiter), the suite runs its
    content-independent part: tests of Musterland's particular shape and of the shipped
    content are left out, and say so."""
    if fabrik.beispiel() != "zweiter":
        return
    for item in items:
        for marker, grund in (
            ("musterland", "braucht die Gestalt von Musterland (Teilziele, eingebaute Begriffe)"),
            ("ausgeliefert", "prüft die ausgelieferten Inhalte"),
        ):
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=f"Zweiter Landkreis: Test {grund}."))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """This run's sample district (tests/fabrik.py) is built once into the test database.

    Each test runs in a transaction that is rolled back, so every test starts from it. Tests
    with `transactional_db` (the browser tests) run last and build what they need themselves,
    as the database is emptied after each of them.
    """
    with django_db_blocker.unblock():
        fabrik.laden()


@pytest.fixture
def inhalt(db):
    """The sample district's adopted 2024 edition, with everything in it."""
    return Edition.objects.get(jahr=2024)


def _nach_key(model, edition, rolle):
    from konzept import baum

    pfad = baum.ebene_von(model).edition_pfad if hasattr(model, "ebene") else "edition"
    return model.objects.get(**{pfad: edition, "key": fabrik.rolle(rolle)})


@pytest.fixture
def massnahme(inhalt):
    """A measure with a lead organisation, a partner, a budget and its provenance."""
    from massnahmen.models import Massnahme

    return _nach_key(Massnahme, inhalt, "massnahme")


@pytest.fixture
def andere_massnahme(inhalt):
    """A measure of another field."""
    from massnahmen.models import Massnahme

    return _nach_key(Massnahme, inhalt, "andere_massnahme")


@pytest.fixture
def kmv_massnahme(inhalt):
    """A measure the district's migrant council brought in."""
    from massnahmen.models import Massnahme

    return _nach_key(Massnahme, inhalt, "kmv_massnahme")


@pytest.fixture
def themenfeld(inhalt):
    from themenfelder.models import Themenfeld

    return _nach_key(Themenfeld, inhalt, "themenfeld")


@pytest.fixture
def leitziel(inhalt):
    from themenfelder.models import Leitziel

    return _nach_key(Leitziel, inhalt, "leitziel")


@pytest.fixture
def leer(db):
    """An empty database, for tests of what happens before any content is loaded."""
    from beteiligung.models import Beteiligungsart, Gremium
    from konzept.models import Begriff, Landkreis, Seite
    from massnahmen.models import Organisation

    for edition in Edition.objects.order_by("-jahr"):
        edition.delete()
    for model in (Seite, Landkreis, Organisation, Begriff, Beteiligungsart, Gremium):
        model.objects.all().delete()


verzehnfachen = fabrik.verzehnfachen


@pytest.fixture
def entwurf(inhalt):
    """A draft 2026 edition copied from 2024: the edition staff edit."""
    from konzept.services import edition_fortschreiben

    return edition_fortschreiben(vorgaenger=inhalt, jahr=2026, user=None)


def benutzer_mit_rolle(username, gruppe=None):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username=username, password="geheim-und-lang-2024")
    if gruppe:
        user.groups.add(Group.objects.get_or_create(name=gruppe)[0])
    if gruppe == "Koordinierungsstelle":
        # Staff have set up their authenticator app (issue 8), as after their first sign-in.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
    return user


@pytest.fixture
def koordination(db):
    return benutzer_mit_rolle("koordination", "Koordinierungsstelle")


@pytest.fixture
def staff_client(client, koordination):
    client.force_login(koordination)
    return client


def kommentar_in_offener_phase(edition, username, text="Bitte auch auf Arabisch."):
    """Opens a KMV consultation on the draft and lets a new member comment on the sample
    measure (`massnahme`, by its key, which survives the copy into the draft)."""
    import uuid
    from datetime import timedelta

    from django.utils import timezone

    from beteiligung.models import Beteiligungsphase
    from beteiligung.services import kommentar_abgeben
    from massnahmen.models import Massnahme

    jetzt = timezone.now()
    Beteiligungsphase.objects.create(
        edition=edition, beginn=jetzt - timedelta(days=1), ende=jetzt + timedelta(days=10)
    )
    return kommentar_abgeben(
        user=benutzer_mit_rolle(username, "KMV"),
        element=Massnahme.objects.in_edition(edition).get(key=fabrik.rolle("massnahme")),
        text=text,
        sprache="de",
        name_zeigen=False,
        einreichung=uuid.uuid4(),
    )
