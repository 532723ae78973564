"""The Department's mandates in the open data API, in the source's order. A mandate's
identifier is "<department slug>.<slug>" (its natural key)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from api.serializers import RecordSerializer
from api.views import PublishedRecordViewSet
from org import api_selectors
from org.models import Mandate


class MandateSerializer(RecordSerializer):
    """One function or mandate of the Department, in the source's order."""

    endpoint = "mandates"

    title = serializers.CharField()
    text = serializers.CharField()
    order = serializers.IntegerField()
    organization_id = serializers.CharField(source="department.slug")
    division_ids = serializers.SerializerMethodField(
        help_text="The Divisions that carry it, where known."
    )

    @staticmethod
    def identifier(obj: Mandate) -> str:
        return f"{obj.department.slug}.{obj.slug}"

    def get_division_ids(self, obj: Mandate) -> list[str]:
        return [f"{obj.department.slug}.{division.slug}" for division in obj.divisions.all()]


@extend_schema_view(
    list=extend_schema(description="The Department's mandates, in the source's order."),
    retrieve=extend_schema(description="One mandate: `<organisation id>.<slug>`."),
)
class MandateViewSet(PublishedRecordViewSet):
    serializer_class = MandateSerializer
    queryset = Mandate.objects.none()

    def records(self):
        return api_selectors.api_mandates()

    def record(self, identifier: str) -> Mandate:
        department, _dot, slug = identifier.partition(".")
        mandate = self.records().filter(department__slug=department, slug=slug).first()
        if mandate is None:
            raise Http404("No such mandate.")
        return mandate
