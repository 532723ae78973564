"""Public pages about the Department: home, structure, divisions, mandates, related bodies."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import TemplateView

from org import selectors
from org.models import Department


def in_preview(request: HttpRequest) -> bool:
    """Whether staff are previewing drafts (set by ``org.caching.public_page``)."""
    return getattr(request, "preview", False)


def department_jsonld(department: Department, request: HttpRequest) -> dict:
    """The Department as a schema.org GovernmentOrganization, with its parent and Divisions."""
    home = request.build_absolute_uri(reverse("org:home"))
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "@id": f"{home}#organization",
        "name": department.name,
        "url": home,
    }
    if department.parent_body.is_published or in_preview(request):
        data["parentOrganization"] = {
            "@type": "GovernmentOrganization",
            "name": department.parent_body.name,
        }
    if department.established_on:
        data["foundingDate"] = department.established_on.isoformat()
    if department.stated_staff_total is not None:
        data["numberOfEmployees"] = {
            "@type": "QuantitativeValue",
            "value": department.stated_staff_total,
        }
    if department.designation:
        data["description"] = department.designation
    divisions = department.divisions.all()
    if divisions:
        data["subOrganization"] = [
            {
                "@type": "GovernmentOrganization",
                "name": division.name,
                "url": request.build_absolute_uri(division.get_absolute_url()),
            }
            for division in divisions
        ]
    return data


class HomeView(TemplateView):
    template_name = "org/home.html"

    def get_context_data(self, **kwargs):
        department = selectors.get_department_overview(preview=in_preview(self.request))
        return super().get_context_data(
            department=department, jsonld=department_jsonld(department, self.request), **kwargs
        )


class StructureView(TemplateView):
    template_name = "org/structure.html"

    def get_context_data(self, **kwargs):
        department = selectors.get_department_structure(preview=in_preview(self.request))
        return super().get_context_data(
            department=department, jsonld=department_jsonld(department, self.request), **kwargs
        )


class DivisionDetailView(TemplateView):
    template_name = "org/division_detail.html"

    def get_context_data(self, **kwargs):
        division = selectors.get_division(
            slug=self.kwargs["slug"], preview=in_preview(self.request)
        )
        return super().get_context_data(division=division, department=division.department, **kwargs)


class MandateListView(TemplateView):
    template_name = "org/mandate_list.html"

    def get_context_data(self, **kwargs):
        department = selectors.get_department_mandates(preview=in_preview(self.request))
        return super().get_context_data(department=department, **kwargs)


class RelatedBodyListView(TemplateView):
    template_name = "org/relatedbody_list.html"

    def get_context_data(self, **kwargs):
        preview = in_preview(self.request)
        return super().get_context_data(
            department=selectors.get_department(preview=preview),
            bodies=selectors.list_related_bodies(preview=preview),
            **kwargs,
        )


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(
        f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", content_type="text/plain"
    )


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
