"""Training programmes the Department takes part in, their legs, and the partners of each leg.

A programme is a parent event with legs as its children (Popolo's Event parent/children). A leg's
schedule keeps the source's precision and uncertainty, after GOV.UK's statistics announcements:
exact dates, or a period known only to a month, a quarter or a year, and a confirmed flag
(a confirmed schedule must be exact). "Tentatively in the third quarter of 2021" is held as
precision=quarter, year=2021, quarter=3, confirmed=False; nothing is invented to fill the gap.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.countries import CountryCodeField
from core.naturalkeys import NaturalKeyed
from core.plaintext import PlainTextMixin
from core.publication import Publishable, related_or_none, unique_ignoring_case
from org.models import Department, RelatedBody
from pages.reversing import reverse
from programmes.schedule import Schedule, schedule_matches_precision
from translations.state import LaoTranslatable
from translations.visibility import VisibleManager

# The numbers a leg may have. One range for the form (the field's validators), the database
# (a check constraint) and the public addresses (``programmes/urls.py``): a number the form
# takes always has a page, and a longer one never reaches the database's smallint.
LEG_NUMBERS = range(1, 10_000)


def leg_number(text: str) -> int:
    """The leg number that an address (a public page's, the API's) writes as ``text``, or
    ``ValueError``. Written one way only, ASCII digits without a sign or a leading zero, so that
    a leg has one address: ``03`` is not Leg 3. A longer number never reaches the database."""
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(LEG_NUMBERS[-1]))):
        raise ValueError(text)
    number = int(text)
    if number not in LEG_NUMBERS or text != str(number):
        raise ValueError(text)
    return number


class TrainingProgramme(Publishable, LaoTranslatable):
    """A training programme, made of numbered legs held in turn."""

    title = models.CharField(_("title"), max_length=200)
    short_title = models.CharField(_("short title"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), blank=True)

    natural_key_fields = ("slug",)
    objects = VisibleManager()
    draft_rows = ("legs",)

    class Meta(Publishable.Meta):
        ordering = ["title_en"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        constraints = [
            unique_ignoring_case(field="title_en", name="programme_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('programmes:programme_list')}#programme-{self.slug}"


class Leg(Publishable, Schedule, LaoTranslatable):
    """One leg of a programme: a theme, a host country, partners, and a schedule of known precision."""

    programme = models.ForeignKey(
        TrainingProgramme,
        on_delete=models.CASCADE,
        related_name="legs",
        verbose_name=_("programme"),
    )
    number = models.PositiveSmallIntegerField(
        _("leg number"),
        validators=[MinValueValidator(LEG_NUMBERS[0]), MaxValueValidator(LEG_NUMBERS[-1])],
    )
    theme = models.CharField(_("theme"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    host_country = models.CharField(_("host country"), max_length=120, blank=True)
    host_country_code = CountryCodeField(
        _("host country code"),
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 code, e.g. LA for the Lao PDR."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    sequence = models.PositiveIntegerField(
        _("calendar sequence"),
        default=0,
        editable=False,
        help_text=_("Raised by each change of schedule, so that calendars replace the old event."),
    )

    natural_key_fields = ("programme", "number")
    objects = VisibleManager()
    shown_with = ("programme",)
    draft_rows = ("partners", "schedule_changes")

    class Meta(Publishable.Meta):
        ordering = ["programme", "number"]
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="leg_unique_number"),
            models.CheckConstraint(
                condition=models.Q(number__range=(LEG_NUMBERS[0], LEG_NUMBERS[-1])),
                name="leg_number_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(period_quarter__isnull=True)
                | models.Q(period_quarter__range=(1, 4)),
                name="leg_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(period_month__isnull=True)
                | models.Q(period_month__range=(1, 12)),
                name="leg_month_1_to_12",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="leg_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=schedule_matches_precision(),
                name="leg_schedule_matches_precision",
            ),
            models.CheckConstraint(
                condition=models.Q(schedule_confirmed=False) | models.Q(date_precision="day"),
                name="leg_confirmed_schedule_is_exact",
                violation_error_message=_(
                    "A confirmed schedule needs exact dates: set the date precision to exact dates."
                ),
            ),
        ]

    constraint_error_fields = {
        "leg_number_in_range": "number",
        "leg_quarter_1_to_4": "period_quarter",
        "leg_month_1_to_12": "period_month",
        "leg_end_not_before_start": "end_date",
        "leg_schedule_matches_precision": "date_precision",
        "leg_confirmed_schedule_is_exact": "schedule_confirmed",
    }

    def __str__(self) -> str:
        return self.full_title()

    def get_absolute_url(self) -> str:
        programme = related_or_none(self, "programme")
        if programme is None:
            return reverse("programmes:programme_list")
        return reverse(
            "programmes:leg_detail", kwargs={"slug": programme.slug, "number": self.number}
        )

    def clean(self) -> None:
        self.clean_schedule()

    @property
    def host_country_named(self) -> str:
        """The host country as written; else the name of its ISO code (in the reader's language
        where the interface has it: the ASEAN members' names in Lao); else empty."""
        if self.host_country:
            return self.host_country
        return str(countries.name(self.host_country_code)) if self.host_country_code else ""

    def full_title(self) -> str:
        """The programme and the leg's number: "Mainstreaming … Programme – Leg 3"."""
        return _("%(programme)s – Leg %(number)s") % {
            "programme": related_or_none(self, "programme") or _("a deleted programme"),
            "number": self.number,
        }

    def full_title_with_theme(self) -> str:
        return _("%(leg)s: %(theme)s") % {"leg": self.full_title(), "theme": self.theme}


class ScheduleChange(NaturalKeyed, PlainTextMixin, Schedule, LaoTranslatable):
    """The schedule a leg had before a change, and the public note that explains the change."""

    leg = models.ForeignKey(
        Leg, on_delete=models.CASCADE, related_name="schedule_changes", verbose_name=_("leg")
    )
    recorded_at = models.DateTimeField(_("changed at"), default=timezone.now)
    note = models.TextField(
        _("change note"), help_text=_("Shown to the public beside the earlier schedule.")
    )

    natural_key_fields = ("leg", "recorded_at")
    # No publication state of its own: shown with its leg.
    objects = VisibleManager()
    shown_with = ("leg",)
    # Written in the leg's draft, public when the draft is approved: dated then.
    made_public_at = "recorded_at"

    class Meta:
        ordering = ["leg", "-recorded_at"]
        verbose_name = _("schedule change")
        verbose_name_plural = _("schedule changes")
        constraints = [
            models.UniqueConstraint(
                fields=["leg", "recorded_at"], name="schedulechange_unique_time"
            )
        ]

    def __str__(self) -> str:
        return _("%(leg)s, was: %(schedule)s") % {
            "leg": related_or_none(self, "leg") or _("a deleted leg"),
            "schedule": self.schedule_summary(),
        }


class LegPartner(Publishable, LaoTranslatable):
    """A body taking part in a leg, and its role there (e.g. Co-Proponent 2)."""

    class Role(models.TextChoices):
        PROPONENT = "proponent", _("Proponent")
        CO_PROPONENT = "co-proponent", _("Co-Proponent")
        HOST = "host", _("Host")
        ORGANISER = "organiser", _("Organiser")
        PARTNER = "partner", _("Partner")

    leg = models.ForeignKey(
        Leg, on_delete=models.CASCADE, related_name="partners", verbose_name=_("leg")
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("As the source names the partner.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("The number in a role such as Co-Proponent 2."),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leg_partnerships",
        verbose_name=_("department"),
    )
    related_body = models.ForeignKey(
        RelatedBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leg_partnerships",
        verbose_name=_("related body"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    natural_key_fields = ("leg", "name_en")
    objects = VisibleManager()
    shown_with = ("leg",)

    class Meta(Publishable.Meta):
        ordering = ["leg", "order", "role", "rank"]
        verbose_name = _("leg partner")
        verbose_name_plural = _("leg partners")
        constraints = [
            unique_ignoring_case("leg", field="name_en", name="legpartner_unique_name"),
            # No condition, so formsets check it too: a NULL rank never clashes.
            models.UniqueConstraint(
                fields=["leg", "role", "rank"], name="legpartner_unique_ranked_role"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True) | models.Q(rank__gte=1),
                name="legpartner_rank_positive",
            ),
        ]

    constraint_error_fields = {"legpartner_rank_positive": "rank"}

    def __str__(self) -> str:
        return f"{self.name} ({self.role_label})"

    def get_absolute_url(self) -> str:
        leg = related_or_none(self, "leg")
        return leg.get_absolute_url() if leg else reverse("programmes:programme_list")

    @property
    def role_label(self) -> str:
        label = self.get_role_display()
        return f"{label} {self.rank}" if self.rank else str(label)
