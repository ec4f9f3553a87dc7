"""Issue 4: every interface string is translated into every language; catalogues compile."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

SPRACHEN = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def katalog(sprache) -> Path:
    return settings.BASE_DIR / "locale" / sprache / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("sprache", SPRACHEN)
def test_keine_unuebersetzten_oder_unsicheren_texte(sprache):
    po = polib.pofile(str(katalog(sprache)))
    offen = [eintrag.msgid for eintrag in po.untranslated_entries()]
    unsicher = [eintrag.msgid for eintrag in po.fuzzy_entries()]
    assert not offen, f"{sprache}: nicht übersetzt: {offen[:10]}"
    assert not unsicher, f"{sprache}: als unsicher (fuzzy) markiert: {unsicher[:10]}"
    assert len(po) > 250


def test_kataloge_kompilieren_ohne_gettext(tmp_path, settings):
    ziel = tmp_path / "locale" / "en" / "LC_MESSAGES"
    ziel.mkdir(parents=True)
    (ziel / "django.po").write_bytes(katalog("en").read_bytes())
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("kataloge_kompilieren", verbosity=0)
    mo = polib.mofile(str(ziel / "django.mo"))
    assert len(mo) == len(polib.pofile(str(ziel / "django.po")).translated_entries())
