"""Posts in the open data API: the staff roles of the Department and its Divisions (Popolo
Post). A post's identifier is its number, as roles have no slug."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from api.serializers import RecordSerializer
from api.views import PublishedRecordViewSet
from org import api_selectors
from org.api.organisations import organisation_id
from org.api.people import membership_id
from org.models import StaffRole


class PostSerializer(RecordSerializer):
    """A Popolo Post: a staff role in the Department or one of its Divisions."""

    endpoint = "posts"

    label = serializers.CharField(source="title")
    organization_id = serializers.SerializerMethodField(help_text="The organisation it is in.")
    organization_url = serializers.SerializerMethodField()
    headcount = serializers.IntegerField(
        allow_null=True,
        help_text="How many people hold this post. Null means the source does not state it "
        "(never zero, never a guess).",
    )
    description = serializers.CharField()
    membership_ids = serializers.SerializerMethodField(
        help_text="Who holds or held it: its memberships, latest first."
    )

    @staticmethod
    def identifier(obj: StaffRole) -> str:
        return str(obj.pk)

    def get_organization_id(self, obj: StaffRole) -> str:
        return organisation_id(obj.division or obj.department)

    def get_organization_url(self, obj: StaffRole) -> str | None:
        return self.link("organisations", self.get_organization_id(obj))

    def get_membership_ids(self, obj: StaffRole) -> list[str]:
        return [membership_id(appointment) for appointment in obj.shown_memberships]


@extend_schema_view(
    list=extend_schema(description="The posts of the Department, then of each Division."),
    retrieve=extend_schema(description="One post."),
)
class PostViewSet(PublishedRecordViewSet):
    serializer_class = PostSerializer
    queryset = StaffRole.objects.none()

    def records(self):
        return api_selectors.api_posts()

    def record(self, identifier: str) -> StaffRole:
        post = self.records().filter(pk=identifier).first() if identifier.isdigit() else None
        if post is None:
            raise Http404("No such post.")
        return post
