"""The Department's organisation in the open data API (``config/api/``), in Popolo's terms:
organisations (the Department and its Divisions), posts (staff roles), mandates, and the bodies
the Department relates to. Published records only, through ``org.selectors``.

Identifiers are the records' address names: a Department's slug, and a Division's or mandate's
"<department slug>.<slug>" (its natural key); a post's is its number, as roles have no slug.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from config.api.serializers import RecordSerializer
from config.api.views import PublishedRecordViewSet
from org import selectors
from org.models import Department, Division, Mandate, RelatedBody, StaffRole


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
        department = selectors.api_department()
        if department is None:
            return []
        return [department, *selectors.api_divisions()]

    def record(self, identifier: str):
        found = [obj for obj in self.records() if organisation_id(obj) == identifier]
        if not found:
            raise Http404("No such organisation.")
        return found[0]


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

    @staticmethod
    def identifier(obj: StaffRole) -> str:
        return str(obj.pk)

    def get_organization_id(self, obj: StaffRole) -> str:
        return organisation_id(obj.division or obj.department)

    def get_organization_url(self, obj: StaffRole) -> str | None:
        return self.link("organisations", self.get_organization_id(obj))


@extend_schema_view(
    list=extend_schema(description="The posts of the Department, then of each Division."),
    retrieve=extend_schema(description="One post."),
)
class PostViewSet(PublishedRecordViewSet):
    serializer_class = PostSerializer
    queryset = StaffRole.objects.none()

    def records(self):
        return selectors.api_posts()

    def record(self, identifier: str) -> StaffRole:
        post = self.records().filter(pk=identifier).first() if identifier.isdigit() else None
        if post is None:
            raise Http404("No such post.")
        return post


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
        return selectors.api_mandates()

    def record(self, identifier: str) -> Mandate:
        department, _dot, slug = identifier.partition(".")
        mandate = self.records().filter(department__slug=department, slug=slug).first()
        if mandate is None:
            raise Http404("No such mandate.")
        return mandate


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
        return selectors.list_related_bodies()

    def record(self, identifier: str) -> RelatedBody:
        for body in self.records():
            if body.slug == identifier:
                return body
        raise Http404("No such related body.")
