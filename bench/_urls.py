"""The project's URLs plus the baselines of the benchmarks, served through the same
middleware on the same server: a view that returns a given number of bytes computed in
advance (throughput), and the floor pages of the first view (bench/erste_ansicht.py), static
HTML files the benchmark writes into BENCH_BODEN_ORDNER."""

import os
import re
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from konzept.urls import handler500
from konzept.urls import urlpatterns as projekt

VORRAT = b"x" * (4 * 1024 * 1024)


@require_GET
def gleich_gross(request):
    anzahl = min(int(request.GET.get("bytes", "0")), len(VORRAT))
    return HttpResponse(VORRAT[:anzahl], content_type="text/html; charset=utf-8")


@require_GET
def boden(request, name: str):
    ordner = os.environ.get("BENCH_BODEN_ORDNER")
    if not ordner or not re.fullmatch(r"[a-z0-9-]+", name):
        raise Http404
    try:
        inhalt = (Path(ordner) / f"{name}.html").read_bytes()
    except FileNotFoundError:
        raise Http404 from None
    return HttpResponse(inhalt, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/gleich-gross/", gleich_gross),
    path("bench/boden/<str:name>/", boden),
    *projekt,
]
__all__ = ["handler500", "urlpatterns"]
