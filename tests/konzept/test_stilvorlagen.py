"""Every stylesheet parses as written: a rule left open swallows every rule after it, which the
browser then ignores without a word (the implementation styles were lost that way once)."""

from pathlib import Path

import pytest
import tinycss2
from django.conf import settings

STILVORLAGEN = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))


def _fehler(regeln, ort="") -> list[str]:
    gefunden = []
    for regel in regeln:
        if regel.type == "error":
            gefunden.append(f"{ort}{regel.message}")
        elif regel.type == "qualified-rule":
            for teil in tinycss2.parse_blocks_contents(regel.content, skip_whitespace=True):
                if teil.type not in ("declaration", "comment"):
                    gefunden.append(
                        f"{ort}{tinycss2.serialize(regel.prelude).strip()}: {teil.type}"
                    )
        elif (
            regel.type == "at-rule"
            and regel.content is not None
            and regel.lower_at_keyword
            in (
                "media",
                "supports",
            )
        ):
            innen = tinycss2.parse_rule_list(
                regel.content, skip_whitespace=True, skip_comments=True
            )
            gefunden += _fehler(innen, f"@{regel.lower_at_keyword}: ")
    return gefunden


@pytest.mark.parametrize("datei", STILVORLAGEN, ids=lambda datei: datei.name)
def test_stilvorlage_ohne_offene_regeln(datei):
    regeln = tinycss2.parse_stylesheet(datei.read_text(), skip_whitespace=True, skip_comments=True)

    assert not _fehler(regeln)
