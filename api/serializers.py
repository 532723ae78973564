"""What every record in the API carries: its ``id``, ``url`` (in the API) and ``html_url`` (its
public page, in the language asked for)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.views import absolute, api_url


class RecordSerializer(serializers.Serializer):
    # The prefix of the record's endpoint (its line in the app's ``api_viewsets``).
    endpoint: str = ""

    id = serializers.SerializerMethodField(
        help_text="The record's identifier: stable, made of its address names (slugs)."
    )
    url = serializers.SerializerMethodField(help_text="This record in the API.")
    html_url = serializers.SerializerMethodField(
        help_text="This record on the public website, in the language asked for."
    )

    @staticmethod
    def identifier(obj) -> str:
        raise NotImplementedError

    def get_id(self, obj) -> str:
        return self.identifier(obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return api_url(self.context["request"], self.endpoint, self.identifier(obj))

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj) -> str:
        return absolute(self.context["request"], obj.get_absolute_url())

    def link(self, endpoint: str, identifier: str | None) -> str | None:
        """The API address of a related record, or None."""
        if identifier is None:
            return None
        return api_url(self.context["request"], endpoint, identifier)
