"""People in post in the open data API, in Popolo's terms: persons, and their memberships (a
person's appointment to a post, Popolo's Membership of a Post). Published records only, through
``org.api_selectors``.

A person's identifier is their slug; a membership's is its number, as appointments have no slug.
A person is listed once published, whether or not a membership of theirs is shown (see
``api_selectors.api_persons``); a membership only when it, its person and its post are all shown.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.serializers import RecordSerializer
from api.views import PublishedRecordViewSet, absolute
from org import api_selectors
from org.api.organisations import organisation_id
from org.models import Appointment, Person
from pages.reversing import reverse


def membership_id(appointment: Appointment) -> str:
    return str(appointment.pk)


class PersonSerializer(RecordSerializer):
    """A Popolo Person: someone who holds or held a post of the Department."""

    endpoint = "persons"

    name = serializers.CharField(help_text="Their name as the Department writes it.")
    honorific_prefix = serializers.CharField(
        source="honorific",
        help_text='As it is written before the name, e.g. "H.E.", "Ms"; empty if none.',
    )
    image = serializers.SerializerMethodField(help_text="Their photo; null if there is none.")
    image_alt = serializers.SerializerMethodField(
        help_text="What the photo shows, for people who cannot see it; empty if there is no photo."
    )
    membership_ids = serializers.SerializerMethodField(
        help_text="Their memberships (the posts they hold or held), latest first."
    )

    @staticmethod
    def identifier(obj: Person) -> str:
        return obj.slug

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_image(self, obj: Person) -> str | None:
        return absolute(self.context["request"], obj.photo.url) if obj.photo else None

    def get_image_alt(self, obj: Person) -> str:
        return obj.photo_alt if obj.photo else ""

    def get_membership_ids(self, obj: Person) -> list[str]:
        return [membership_id(appointment) for appointment in obj.shown_memberships]

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj: Person) -> str:
        """The page of the post they last held among their memberships shown, where their
        name appears; the structure page if none is (``Person.get_absolute_url`` would ask the
        database for each person, and may name a post that is not shown)."""
        latest = obj.shown_memberships[:1]
        url = latest[0].get_absolute_url() if latest else reverse("org:structure")
        return absolute(self.context["request"], url)


@extend_schema_view(
    list=extend_schema(
        description="The people who hold or held the Department's posts, by name; a published "
        "person is listed even if none of their memberships is."
    ),
    retrieve=extend_schema(description="One person: their `id` is a slug."),
)
class PersonViewSet(PublishedRecordViewSet):
    serializer_class = PersonSerializer
    queryset = Person.objects.none()

    def records(self):
        return api_selectors.api_persons()

    def record(self, identifier: str) -> Person:
        person = self.records().filter(slug=identifier).first()
        if person is None:
            raise Http404("No such person.")
        return person


class MembershipSerializer(RecordSerializer):
    """A Popolo Membership: a person's appointment to a post, from a date to a date."""

    endpoint = "memberships"

    person_id = serializers.CharField(source="person.slug", help_text="The person (their `id`).")
    person_url = serializers.SerializerMethodField()
    post_id = serializers.SerializerMethodField(help_text="The post they hold or held.")
    post_url = serializers.SerializerMethodField()
    organization_id = serializers.SerializerMethodField(
        help_text="The organisation the post is in: the Department or one of its Divisions."
    )
    organization_url = serializers.SerializerMethodField()
    role = serializers.CharField(source="role.title", help_text="The post's label.")
    start_date = serializers.DateField()
    end_date = serializers.DateField(
        allow_null=True, help_text="Null while they hold the post (no end date recorded)."
    )
    acting = serializers.BooleanField(
        help_text="True when they hold the post in an acting capacity."
    )

    @staticmethod
    def identifier(obj: Appointment) -> str:
        return membership_id(obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_person_url(self, obj: Appointment) -> str:
        return self.link("persons", obj.person.slug)

    def get_post_id(self, obj: Appointment) -> str:
        return str(obj.role_id)

    @extend_schema_field(OpenApiTypes.URI)
    def get_post_url(self, obj: Appointment) -> str:
        return self.link("posts", self.get_post_id(obj))

    def get_organization_id(self, obj: Appointment) -> str:
        return organisation_id(obj.role.division or obj.role.department)

    @extend_schema_field(OpenApiTypes.URI)
    def get_organization_url(self, obj: Appointment) -> str | None:
        return self.link("organisations", self.get_organization_id(obj))


@extend_schema_view(
    list=extend_schema(
        description="Who holds or held each post: the posts in order, each post's memberships "
        "latest first."
    ),
    retrieve=extend_schema(description="One membership."),
)
class MembershipViewSet(PublishedRecordViewSet):
    serializer_class = MembershipSerializer
    queryset = Appointment.objects.none()

    def records(self):
        return api_selectors.api_memberships()

    def record(self, identifier: str) -> Appointment:
        found = self.records().filter(pk=identifier).first() if identifier.isdigit() else None
        if found is None:
            raise Http404("No such membership.")
        return found
