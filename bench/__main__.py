"""`make bench`: runs every benchmark module in this folder and prints its table.

A module is a file `bench/<name>.py` with a function `messen() -> list[Messung]`. Numbers
are ratios measured in the same run, so they mean the same on a fast and a slow machine.
The exit status is 1 if any goal is missed.
"""

import importlib
import pkgutil
import sys
from pathlib import Path

from bench.umgebung import Messung, tabelle


def module(auswahl: list[str]) -> list[str]:
    alle = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name not in {"umgebung", "__main__"} and not info.name.startswith("_")
    )
    return [name for name in alle if not auswahl or name in auswahl]


def main(argv: list[str]) -> int:
    verfehlt = 0
    for name in module(argv):
        messungen: list[Messung] = importlib.import_module(f"bench.{name}").messen()
        print(tabelle(name, messungen), flush=True)
        verfehlt += sum(1 for messung in messungen if messung.erreicht is False)
    print(f"Ziele verfehlt: {verfehlt}" if verfehlt else "Alle Ziele erreicht.")
    return 1 if verfehlt else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
