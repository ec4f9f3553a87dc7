"""The project's URLs plus the baseline of the throughput benchmark: a view that returns a
given number of bytes computed in advance, through the same middleware on the same server."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from konzept.urls import handler500
from konzept.urls import urlpatterns as projekt

VORRAT = b"x" * (4 * 1024 * 1024)


@require_GET
def gleich_gross(request):
    anzahl = min(int(request.GET.get("bytes", "0")), len(VORRAT))
    return HttpResponse(VORRAT[:anzahl], content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/gleich-gross/", gleich_gross), *projekt]
__all__ = ["handler500", "urlpatterns"]
