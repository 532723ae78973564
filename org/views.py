"""Public pages about the Department: home, structure, divisions, mandates, related bodies,
contact."""

from django.views.generic import TemplateView

from org import selectors
from org.jsonld import department_jsonld, division_jsonld, structure_jsonld
from pages.preview import audience_of


class HomeView(TemplateView):
    template_name = "org/home.html"

    def get_context_data(self, **kwargs):
        department = selectors.get_department_overview(audience=audience_of(self.request))
        return super().get_context_data(
            department=department, jsonld=department_jsonld(department, self.request), **kwargs
        )


class StructureView(TemplateView):
    template_name = "org/structure.html"

    def get_context_data(self, **kwargs):
        department = selectors.get_department_structure(audience=audience_of(self.request))
        return super().get_context_data(
            department=department, jsonld=structure_jsonld(department, self.request), **kwargs
        )


class DivisionDetailView(TemplateView):
    template_name = "org/division_detail.html"

    def get_context_data(self, **kwargs):
        division = selectors.get_division(
            slug=self.kwargs["slug"], audience=audience_of(self.request)
        )
        return super().get_context_data(
            division=division,
            department=division.department,
            jsonld=division_jsonld(division, self.request),
            **kwargs,
        )


class ContactView(TemplateView):
    template_name = "org/contact.html"

    def get_context_data(self, **kwargs):
        department = selectors.get_department_contacts(audience=audience_of(self.request))
        return super().get_context_data(
            department=department,
            jsonld=department_jsonld(department, self.request, division_contacts=True),
            has_contacts=any(
                contacts.all()
                for contacts in (
                    department.contact_points,
                    *(division.contact_points for division in department.divisions.all()),
                )
            ),
            **kwargs,
        )


class MandateListView(TemplateView):
    template_name = "org/mandate_list.html"

    def get_context_data(self, **kwargs):
        department = selectors.get_department_mandates(audience=audience_of(self.request))
        return super().get_context_data(department=department, **kwargs)


class RelatedBodyListView(TemplateView):
    template_name = "org/relatedbody_list.html"

    def get_context_data(self, **kwargs):
        audience = audience_of(self.request)
        return super().get_context_data(
            department=selectors.get_department(audience=audience),
            bodies=selectors.list_related_bodies(audience=audience),
            **kwargs,
        )
