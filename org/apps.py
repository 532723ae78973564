from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.contributions import Contribution, NavItem, SearchSpec, SectionSpec


class OrgConfig(AppConfig):
    """The Department's organisation. The base app: it names no other app; others build on it."""

    name = "org"
    verbose_name = _("Organisation")
    contribution = Contribution(
        public_urls=("", "org.urls"),
        record_sections=(
            SectionSpec("related_bodies", "RelatedBody"),
            SectionSpec("departments", "Department"),
            SectionSpec("divisions", "Division"),
            SectionSpec("staff_roles", "StaffRole"),
            SectionSpec("mandates", "Mandate"),
            # Without their photos: a record set is text (records/format.py).
            SectionSpec("people", "Person"),
            SectionSpec("appointments", "Appointment"),
            SectionSpec("contact_points", "ContactPoint"),
        ),
        navigation=(
            NavItem("home", _("Home"), "org:home"),
            NavItem(
                "structure",
                _("Structure"),
                "org:structure",
                also_for=("org:division_detail",),
                description=_(
                    "Leadership, the Divisions and their staff roles, with an organisation chart."
                ),
            ),
            NavItem(
                "mandates",
                _("Mandates"),
                "org:mandate_list",
                description=_("What the Department is mandated to do."),
            ),
            NavItem(
                "related",
                _("Related bodies"),
                "org:relatedbody_list",
                description=_(
                    "The Permanent Mission of the Lao PDR to ASEAN in Jakarta and the ASEAN-IPR Lao PDR function."
                ),
            ),
            NavItem(
                "contact",
                _("Contact"),
                "org:contact",
                description=_("How to reach the Department and its Divisions."),
            ),
        ),
        sitemap_pages=(
            "org:home",
            "org:structure",
            "org:mandate_list",
            "org:relatedbody_list",
            "org:contact",
        ),
        sitemaps={"divisions": "org.sitemaps.DivisionSitemap"},
        api_viewsets=(
            ("organisations", "org.api.organisations.OrganisationViewSet"),
            ("posts", "org.api.posts.PostViewSet"),
            ("mandates", "org.api.mandates.MandateViewSet"),
            ("related-bodies", "org.api.bodies.RelatedBodyViewSet"),
            ("persons", "org.api.people.PersonViewSet"),
            ("memberships", "org.api.people.MembershipViewSet"),
        ),
        searchable=(
            SearchSpec(
                "Department",
                title="name",
                text=("short_name", "designation", "establishing_instrument", "summary"),
            ),
            SearchSpec("Division", title="name", text=("get_pillar_display", "summary")),
            SearchSpec("StaffRole", text=("description",), joined=("division",)),
            SearchSpec("Mandate", title="title", text=("text",)),
            # People in post: a person is shown only as the holder of a post.
            SearchSpec("Appointment", joined=("person", "role__division")),
            SearchSpec(
                "ContactPoint",
                text=(
                    *("street_address", "locality", "region", "postal_code", "country_name"),
                    *("telephone", "email", "office_hours"),
                ),
                joined=("department", "division"),
            ),
        ),
    )
