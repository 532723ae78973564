from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.contributions import Contribution, NavItem, SearchSpec, SectionSpec


class ProgrammesConfig(AppConfig):
    """Training programmes, their legs and partners. Builds on ``org``."""

    name = "programmes"
    verbose_name = _("Training programmes")
    contribution = Contribution(
        public_urls=("programmes/", "programmes.urls"),
        record_sections=(
            SectionSpec("programmes", "TrainingProgramme"),
            SectionSpec("legs", "Leg"),
            SectionSpec("leg_partners", "LegPartner"),
            SectionSpec("schedule_changes", "ScheduleChange"),
        ),
        navigation=(
            NavItem(
                "programmes",
                _("Programmes"),
                "programmes:programme_list",
                also_for=("programmes:leg_detail",),
                description=_("The programmes the Department takes part in, and their legs."),
                card_title=_("Training programmes"),
            ),
        ),
        sitemap_pages=("programmes:programme_list",),
        sitemaps={"legs": "programmes.sitemaps.LegSitemap"},
        dashboard_sections=("programmes.dashboard.legs_needing_attention",),
        api_viewsets=(
            ("programmes", "programmes.api.ProgrammeViewSet"),
            ("legs", "programmes.api.LegViewSet"),
        ),
        searchable=(
            SearchSpec("TrainingProgramme", title="title", text=("short_title", "summary")),
            SearchSpec(
                "Leg",
                title="full_title_with_theme",
                text=("description", "host_country_named", "venue", "schedule_summary"),
                joined=("programme",),
                rows=(("partners", "__str__"),),
            ),
            SearchSpec(
                "ScheduleChange",
                text=("note", "schedule_summary"),
                url="leg.get_absolute_url",
                joined=("leg__programme",),
            ),
        ),
    )
