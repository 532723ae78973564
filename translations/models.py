"""The glossary of official terms: an English term, its approved Lao, the Lao variants to avoid
and a note, each a draft until the Department confirms it. ``translations/glossary.py`` checks
translations against it; the back office lists it (``backoffice/glossary_admin.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.naturalkeys import NaturalKeyed, NaturalKeyManager
from core.plaintext import PlainTextMixin
from core.publication import unique_ignoring_case


class GlossaryTerm(NaturalKeyed, PlainTextMixin, models.Model):
    english = models.CharField(
        _("English term"),
        max_length=200,
        help_text=_(
            "As it is written in English texts. Found in any capitals, as a whole word, and in "
            "the plural with -s or -es."
        ),
    )
    lao = models.CharField(
        _("approved Lao"),
        max_length=200,
        help_text=_("The Lao a translation of the term should use."),
    )
    avoid = models.TextField(
        _("Lao variants to avoid"),
        blank=True,
        help_text=_("One per line: Lao words that should not stand for the term."),
    )
    note = models.TextField(_("note"), blank=True)
    # Who confirmed it, by name: the name stays with the term in every database, as the record
    # set carries it, where a user account would not.
    confirmed_by = models.CharField(_("confirmed by"), max_length=300, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = NaturalKeyManager()
    natural_key_fields = ("english",)

    class Meta:
        ordering = ["english"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        # Confirming a term is a publisher's step, as reviewing Lao is: the roles give
        # ``publish_glossaryterm`` to publishers (``publishing/roles.py``).
        default_permissions = ("add", "change", "delete", "view", "publish")
        constraints = [unique_ignoring_case(field="english", name="glossaryterm_unique_english")]

    def __str__(self) -> str:
        return f"{self.english} → {self.lao}"

    @property
    def variants(self) -> list[str]:
        """The Lao variants to avoid, one per line of ``avoid``."""
        return [line.strip() for line in self.avoid.splitlines() if line.strip()]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
