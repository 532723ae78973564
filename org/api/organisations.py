"""Organisations in the open data API: the Department and its Divisions (Popolo Organization).

A Department's identifier is its slug; a Division's "<department slug>.<slug>" (its natural key).
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.serializers import RecordSerializer
from api.views import PublishedRecordViewSet
from org import api_selectors
from org.models import Department, Division


def organisation_id(obj: Department | Division) -> str:
    if isinstance(obj, Division):
        return f"{obj.department.slug}.{obj.slug}"
    return obj.slug


class OtherNameSerializer(serializers.Serializer):
    name = serializers.CharField()
    note = serializers.CharField(help_text="What kind of name: `short name`.")


class OrganisationSerializer(RecordSerializer):
    """A Popolo Organization: the Department, or one of its Divisions."""

    endpoint = "organisations"
    identifier = staticmethod(organisation_id)

    name = serializers.CharField()
    other_names = serializers.SerializerMethodField()
    classification = serializers.SerializerMethodField(
        help_text="`department`, or `division` (a Division of the Department)."
    )
    parent_id = serializers.SerializerMethodField(
        help_text="A Division's Department (an organisation); the Department's parent ministry "
        "(a related body), or null if not published."
    )
    parent_url = serializers.SerializerMethodField(help_text="The parent in the API.")
    founding_date = serializers.DateField(
        source="established_on", default=None, allow_null=True, help_text="Null if not stated."
    )
    description = serializers.CharField(source="summary")
    pillar = serializers.CharField(
        default="", help_text="A Division's ASEAN Community pillar, if any."
    )
    stated_staff_total = serializers.IntegerField(
        default=None,
        allow_null=True,
        help_text="The Department's total staff as the source states it; null if not stated.",
    )

    @extend_schema_field(OtherNameSerializer(many=True))
    def get_other_names(self, obj) -> list[dict]:
        short = getattr(obj, "short_name", "")
        return [{"name": short, "note": "short name"}] if short else []

    def get_classification(self, obj) -> str:
        return "division" if isinstance(obj, Division) else "department"

    def _parent(self, obj) -> tuple[str, str | None]:
        if isinstance(obj, Division):
            return "organisations", organisation_id(obj.department)
        parent = obj.parent_shown
        return "related-bodies", parent.slug if parent else None

    def get_parent_id(self, obj) -> str | None:
        return self._parent(obj)[1]

    def get_parent_url(self, obj) -> str | None:
        return self.link(*self._parent(obj))


@extend_schema_view(
    list=extend_schema(description="The Department, then its Divisions in order."),
    retrieve=extend_schema(description="The Department, or one of its Divisions."),
)
class OrganisationViewSet(PublishedRecordViewSet):
    serializer_class = OrganisationSerializer
    queryset = Division.objects.none()

    def records(self) -> list:
        department = api_selectors.api_department()
        if department is None:
            return []
        return [department, *api_selectors.api_divisions()]

    def record(self, identifier: str):
        found = [obj for obj in self.records() if organisation_id(obj) == identifier]
        if not found:
            raise Http404("No such organisation.")
        return found[0]
