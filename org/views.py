"""Public pages about the Department: home, structure, divisions, mandates, related bodies."""

from django.http import HttpRequest
from django.urls import reverse
from django.views.generic import TemplateView

from config.preview import in_preview
from org import selectors
from org.models import Department


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
    if department.parent_shown:
        data["parentOrganization"] = {
            "@type": "GovernmentOrganization",
            "name": department.parent_shown.name,
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


def holders_jsonld(roles, request: HttpRequest) -> list[dict]:
    """The current holders of ``roles`` as schema.org Persons, each with the post's title."""
    people = []
    for role in roles:
        for appointment in getattr(role, "current_holders", ()):
            person = appointment.person
            data = {"@type": "Person", "name": person.name, "jobTitle": role.title}
            if person.honorific:
                data["honorificPrefix"] = person.honorific
            if person.photo:
                data["image"] = request.build_absolute_uri(person.photo.url)
            people.append(data)
    return people


def structure_jsonld(department: Department, request: HttpRequest) -> dict:
    """The Department's JSON-LD, with the holders of its posts and its Divisions' posts."""
    data = department_jsonld(department, request)
    if employees := holders_jsonld(department.roles.all(), request):
        data["employee"] = employees
    for division, entry in zip(
        department.divisions.all(), data.get("subOrganization", ()), strict=False
    ):
        if employees := holders_jsonld(division.roles.all(), request):
            entry["employee"] = employees
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
            department=department, jsonld=structure_jsonld(department, self.request), **kwargs
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
