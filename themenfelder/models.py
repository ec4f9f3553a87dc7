from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beteiligung.models import HerkunftMixin
from konzept.models import Edition, Historie, Planelement, Uebersetzbar, Versioniert


class ThemenfeldQuerySet(models.QuerySet):
    def mit_baum(self, massnahmen):
        """Each field with its whole tree, as the concept reads (konzept/baum.py): its goals and
        sub-goals with the measures under them, and the measures straight under the field
        (`direkte_massnahmen`); `massnahmen` is the queryset the measures are read with."""
        return self.prefetch_related(
            Prefetch(
                "leitziele",
                queryset=Leitziel.objects.prefetch_related(
                    "herkunft__art",
                    "indikatoren__messwerte",
                    Prefetch("massnahmen", queryset=massnahmen),
                ),
            ),
            Prefetch(
                "teilziele",
                queryset=Teilziel.objects.prefetch_related(
                    "herkunft__art", Prefetch("massnahmen", queryset=massnahmen)
                ),
            ),
            Prefetch(
                "massnahmen",
                queryset=massnahmen.filter(teilziel=None, leitziel=None),
                to_attr="direkte_massnahmen",
            ),
        )

    def mit_zahlen(self):
        return self.annotate(
            anzahl_leitziele=Count("leitziele", distinct=True),
            anzahl_teilziele=Count("teilziele", distinct=True),
            anzahl_massnahmen=Count("massnahmen", distinct=True),
        )


class Themenfeld(Planelement, Uebersetzbar, Versioniert, models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="themenfelder")
    key = models.SlugField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"))
    nummer = models.CharField(
        _("Nummer"), max_length=20, blank=True, help_text=_("Zum Beispiel „6“ oder „6.1“.")
    )
    titel = models.CharField(_("Titel"), max_length=200)
    beschreibung = models.TextField(_("Beschreibung"), max_length=5000, blank=True)
    themenunabhaengig = models.BooleanField(
        _("Themenunabhängige Maßnahmen"),
        default=False,
        help_text=_("Querschnittsfeld ohne übergeordnete Ziele."),
    )

    objects = ThemenfeldQuerySet.as_manager()
    history = Historie()

    class Meta:
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")
        # By the column: ordering by the edition would join it on every list.
        ordering = ["edition_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="themenfeld_key_eindeutig"),
            models.UniqueConstraint(
                fields=["edition", "position"], name="themenfeld_position_eindeutig"
            ),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(
            "themenfelder:themenfeld_detail",
            kwargs={"jahr": self.edition.jahr, "key": self.key},
        )


class Leitziel(Planelement, HerkunftMixin, Uebersetzbar, Versioniert, models.Model):
    """An übergeordnetes Ziel of a Themenfeld."""

    themenfeld = models.ForeignKey(Themenfeld, on_delete=models.CASCADE, related_name="leitziele")
    key = models.CharField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"))
    nummer = models.CharField(
        _("Nummer"), max_length=20, blank=True, help_text=_("Zum Beispiel „6“ oder „6.1“.")
    )
    text = models.CharField(_("Text"), max_length=500)
    herkunft = models.ManyToManyField(
        "beteiligung.Beteiligungsformat",
        verbose_name=_("Herkunft"),
        blank=True,
        related_name="leitziele",
    )

    history = Historie(m2m_fields=["herkunft"])

    class Meta:
        verbose_name = _("Übergeordnetes Ziel")
        verbose_name_plural = _("Übergeordnete Ziele")
        ordering = ["themenfeld_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["themenfeld", "key"], name="leitziel_key_eindeutig"),
            models.UniqueConstraint(
                fields=["themenfeld", "position"], name="leitziel_position_eindeutig"
            ),
        ]

    def __str__(self):
        return self.text


class Teilziel(Planelement, HerkunftMixin, Uebersetzbar, Versioniert, models.Model):
    themenfeld = models.ForeignKey(Themenfeld, on_delete=models.CASCADE, related_name="teilziele")
    key = models.CharField(_("Schlüssel"), max_length=200)
    position = models.PositiveIntegerField(_("Position"))
    nummer = models.CharField(
        _("Nummer"), max_length=20, blank=True, help_text=_("Zum Beispiel „6“ oder „6.1“.")
    )
    titel = models.CharField(_("Titel"), max_length=300)
    herkunft = models.ManyToManyField(
        "beteiligung.Beteiligungsformat",
        verbose_name=_("Herkunft"),
        blank=True,
        related_name="teilziele",
    )

    history = Historie(m2m_fields=["herkunft"])

    class Meta:
        verbose_name = _("Teilziel")
        verbose_name_plural = _("Teilziele")
        ordering = ["themenfeld_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["themenfeld", "key"], name="teilziel_key_eindeutig"),
            models.UniqueConstraint(
                fields=["themenfeld", "position"], name="teilziel_position_eindeutig"
            ),
        ]

    def __str__(self):
        return self.titel
