"""Training programmes and their legs in the open data API (``api/``), published records
only, through ``programmes.selectors``.

A programme's identifier is its slug; a leg's is "<programme slug>.<leg number>" (its natural
key): ``/api/v1/legs/<programme>.3/`` is Leg 3. A leg's schedule keeps the source's precision
and whether it is confirmed; ``schedule_changes`` are the schedules it had before, newest first.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.serializers import RecordSerializer
from api.views import PublishedRecordViewSet
from core.publication import Audience, shown
from programmes import selectors
from programmes.models import Leg, LegPartner, TrainingProgramme, leg_number
from programmes.schedule import Precision


def leg_id(leg: Leg) -> str:
    return f"{leg.programme.slug}.{leg.number}"


class ScheduleSerializer(serializers.Serializer):
    """When, at the precision the source gives: never more precise than it is."""

    date_precision = serializers.ChoiceField(
        choices=Precision.choices,
        help_text="`day`: start_date (and end_date) are exact; `month`, `quarter`, `year`: only "
        "period_year and period_month or period_quarter are known, the dates are null.",
    )
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    period_year = serializers.IntegerField(allow_null=True)
    period_quarter = serializers.IntegerField(allow_null=True, help_text="1 to 4.")
    period_month = serializers.IntegerField(allow_null=True, help_text="1 to 12.")
    confirmed = serializers.BooleanField(
        source="schedule_confirmed",
        help_text="False while the schedule is tentative. A confirmed schedule has exact dates.",
    )
    status = serializers.ChoiceField(choices=Leg.Status.choices)
    text = serializers.CharField(
        source="schedule_summary", help_text="The schedule in words, with its certainty."
    )


class ScheduleChangeSerializer(serializers.Serializer):
    recorded_at = serializers.DateTimeField(help_text="When the schedule was changed.")
    note = serializers.CharField(help_text="Why it changed, as published.")
    previous_schedule = ScheduleSerializer(source="*", help_text="The schedule before it.")


class PartnerSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=LegPartner.Role.choices)
    rank = serializers.IntegerField(allow_null=True, help_text="As in Co-Proponent 2.")
    organization_id = serializers.SerializerMethodField(
        help_text="The partner as an organisation (the Department) or a related body, when "
        "recorded and published; null otherwise."
    )

    def get_organization_id(self, partner: LegPartner) -> str | None:
        for related in (partner.department, partner.related_body):
            if shown(related, Audience.VISITOR) is not None:
                return related.slug
        return None


class LegSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    theme = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, leg: Leg) -> str:
        return LegSerializer(context=self.context).get_url(leg)


class ProgrammeSerializer(RecordSerializer):
    """A training programme (Popolo Event with legs as its children)."""

    endpoint = "programmes"

    title = serializers.CharField()
    short_title = serializers.CharField()
    summary = serializers.CharField()
    legs = LegSummarySerializer(many=True, source="legs.all")

    @staticmethod
    def identifier(programme: TrainingProgramme) -> str:
        return programme.slug


class LegSerializer(RecordSerializer):
    """One leg of a programme, with its schedule, partners and earlier schedules."""

    endpoint = "legs"
    identifier = staticmethod(leg_id)

    programme_id = serializers.CharField(source="programme.slug")
    programme_url = serializers.SerializerMethodField()
    number = serializers.IntegerField()
    theme = serializers.CharField()
    description = serializers.CharField()
    host_country = serializers.CharField()
    host_country_code = serializers.CharField(help_text="ISO 3166-1 alpha-2, or empty.")
    venue = serializers.CharField()
    schedule = ScheduleSerializer(source="*")
    partners = PartnerSerializer(many=True, source="partners.all")
    schedule_changes = ScheduleChangeSerializer(
        many=True, source="schedule_changes.all", help_text="Earlier schedules, newest first."
    )

    @extend_schema_field(serializers.URLField())
    def get_programme_url(self, leg: Leg) -> str:
        return self.link("programmes", leg.programme.slug)


@extend_schema_view(
    list=extend_schema(description="The published programmes, each with its published legs."),
    retrieve=extend_schema(description="One programme."),
)
class ProgrammeViewSet(PublishedRecordViewSet):
    serializer_class = ProgrammeSerializer
    queryset = TrainingProgramme.objects.none()

    def records(self):
        return selectors.api_programmes()

    def record(self, identifier: str) -> TrainingProgramme:
        programme = self.records().filter(slug=identifier).first()
        if programme is None:
            raise Http404("No such programme.")
        return programme


@extend_schema_view(
    list=extend_schema(description="Every published leg of every published programme."),
    retrieve=extend_schema(description="One leg: `<programme id>.<number>`."),
)
class LegViewSet(PublishedRecordViewSet):
    serializer_class = LegSerializer
    queryset = Leg.objects.none()

    def records(self):
        return selectors.list_legs(audience=Audience.VISITOR)

    def record(self, identifier: str) -> Leg:
        slug, _dot, number = identifier.rpartition(".")
        try:
            # The public pages' reading of a number: Leg 3 is ".3", never ".03".
            return selectors.get_leg(
                programme_slug=slug, number=leg_number(number), audience=Audience.VISITOR
            )
        except ValueError:
            raise Http404("No such leg.") from None
