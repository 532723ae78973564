"""The bodies the Department belongs to or works with, in the open data API (Popolo
Organization). A related body's identifier is its slug."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.serializers import RecordSerializer
from api.views import PublishedRecordViewSet
from core.publication import Audience
from org import selectors
from org.api.organisations import OtherNameSerializer
from org.models import RelatedBody


class RelatedBodySerializer(RecordSerializer):
    """A body the Department belongs to or works with (a Popolo Organization)."""

    endpoint = "related-bodies"

    name = serializers.CharField()
    other_names = serializers.SerializerMethodField()
    classification = serializers.ChoiceField(source="kind", choices=RelatedBody.Kind.choices)
    relation = serializers.ChoiceField(
        choices=RelatedBody.Relation.choices, help_text="How the Department relates to it."
    )
    parent_id = serializers.SerializerMethodField(
        help_text="The body it is part of; null if none or not published."
    )
    location = serializers.CharField()
    description = serializers.CharField()

    @staticmethod
    def identifier(obj: RelatedBody) -> str:
        return obj.slug

    @extend_schema_field(OtherNameSerializer(many=True))
    def get_other_names(self, obj: RelatedBody) -> list[dict]:
        return [{"name": obj.short_name, "note": "short name"}] if obj.short_name else []

    def get_parent_id(self, obj: RelatedBody) -> str | None:
        return obj.part_of_shown.slug if obj.part_of_shown else None


@extend_schema_view(
    list=extend_schema(description="The bodies the Department belongs to or works with."),
    retrieve=extend_schema(description="One related body."),
)
class RelatedBodyViewSet(PublishedRecordViewSet):
    serializer_class = RelatedBodySerializer
    queryset = RelatedBody.objects.none()

    def records(self) -> list[RelatedBody]:
        return selectors.list_related_bodies(audience=Audience.VISITOR)

    def record(self, identifier: str) -> RelatedBody:
        for body in self.records():
            if body.slug == identifier:
                return body
        raise Http404("No such related body.")
