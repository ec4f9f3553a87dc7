"""Errors of the API as problem details (RFC 9457): one JSON object with type, title,
status and detail, media type application/problem+json, for every 4xx the API gives."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

PROBLEM_JSON = "application/problem+json"


def titel(status: int) -> str:
    return {
        400: _("Ungültige Anfrage"),
        401: _("Nicht angemeldet"),
        403: _("Nicht erlaubt"),
        404: _("Nicht gefunden"),
        405: _("Methode nicht erlaubt"),
        406: _("Antwortformat nicht verfügbar"),
        409: _("Konflikt"),
        413: _("Anfrage zu groß"),
        415: _("Inhaltstyp nicht unterstützt"),
        422: _("Ungültige Eingabe"),
        429: _("Zu viele Anfragen"),
    }.get(status, _("Fehler"))


def problem(status: int, detail: str = "", **weitere) -> HttpResponse:
    """The answer for an error; `weitere` adds members such as `fehler` (per field)."""
    inhalt = {"type": "about:blank", "title": titel(status), "status": status}
    if detail:
        inhalt["detail"] = detail
    inhalt.update(weitere)
    return HttpResponse(
        json.dumps(inhalt, ensure_ascii=False, default=str),
        status=status,
        content_type=f"{PROBLEM_JSON}; charset=utf-8",
    )


def ist_problem(response) -> bool:
    return response.get("Content-Type", "").startswith(PROBLEM_JSON)
