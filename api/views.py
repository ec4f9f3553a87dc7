"""The pages of the API: what it offers, and the personal tokens of the signed-in user."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from konzept.models import Edition

from .forms import TokenForm
from .models import ApiToken
from .services import token_anlegen, token_widerrufen


@require_safe
def api_seite(request):
    return render(
        request,
        "api/api_seite.html",
        {
            "beispiel": Edition.objects.in_kraft(),
            "anfragen_pro_minute": settings.API_ANFRAGEN_PRO_MINUTE,
            "max_kb": settings.API_MAX_BYTES // 1024,
            "max_tage": settings.API_TOKEN_MAX_TAGE,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request):
    form = TokenForm(request.POST if request.method == "POST" else None, user=request.user)
    neu = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, klartext = token_anlegen(user=request.user, **form.cleaned_data)
            neu = {"token": token, "klartext": klartext}
            form = TokenForm(user=request.user)
        else:
            status = 422
    response = render(
        request,
        "api/token_list.html",
        {"form": form, "neu": neu, "tokens": request.user.api_tokens.all()},
        status=status,
    )
    # The token is shown once: no cache may keep the page that shows it.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def token_widerrufen_view(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_widerrufen(token=token)
    messages.success(request, _("Das Token „%(name)s“ ist widerrufen.") % {"name": token.name})
    return redirect("api:token_list")
