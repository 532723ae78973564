"""schema.org structured data for the Department's pages: GovernmentOrganization with its
ContactPoint and PostalAddress entries, and the Persons who hold its posts. The template escapes it (``jsonld`` filter)."""

from django.http import HttpRequest
from django.urls import reverse

from org.models import ContactPoint, Department, Division


def postal_address(contact: ContactPoint) -> dict:
    data = {"@type": "PostalAddress"}
    for key, value in (
        ("streetAddress", contact.street_address),
        ("addressLocality", contact.locality),
        ("addressRegion", contact.region),
        ("postalCode", contact.postal_code),
        ("addressCountry", contact.country),
    ):
        if value:
            data[key] = value
    return data


def contact_point(contact: ContactPoint) -> dict:
    data = {"@type": "ContactPoint", "contactType": contact.contact_type}
    if contact.telephone:
        data["telephone"] = contact.telephone
    if contact.email:
        data["email"] = contact.email
    if contact.office_hours:
        # Free text: hoursAvailable wants structured OpeningHoursSpecification.
        data["description"] = contact.office_hours
    return data


def with_contacts(data: dict, contacts: list[ContactPoint]) -> dict:
    """``data`` with ``contactPoint`` and ``address`` when any contact point is recorded."""
    if contacts:
        data["contactPoint"] = [contact_point(contact) for contact in contacts]
        addresses = [postal_address(c) for c in contacts if c.has_address]
        if addresses:
            data["address"] = addresses[0] if len(addresses) == 1 else addresses
    return data


def department_jsonld(
    department: Department, request: HttpRequest, *, division_contacts: bool = False
) -> dict:
    """The Department as a schema.org GovernmentOrganization, with its parent and Divisions.

    Its contact points are read from ``department.contact_points`` (prefetched by the selector);
    with ``division_contacts``, each Division's too.
    """
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
    with_contacts(data, list(department.contact_points.all()))
    divisions = department.divisions.all()
    if divisions:
        data["subOrganization"] = [
            _division(division, request, contacts=division_contacts) for division in divisions
        ]
    return data


def _division(division: Division, request: HttpRequest, *, contacts: bool) -> dict:
    data = {
        "@type": "GovernmentOrganization",
        "name": division.name,
        "url": request.build_absolute_uri(division.get_absolute_url()),
    }
    return with_contacts(data, list(division.contact_points.all())) if contacts else data


def division_jsonld(division: Division, request: HttpRequest) -> dict:
    """A Division as a GovernmentOrganization within the Department, with its contact points."""
    home = request.build_absolute_uri(reverse("org:home"))
    data = {"@context": "https://schema.org", **_division(division, request, contacts=True)}
    data["parentOrganization"] = {"@id": f"{home}#organization", "name": division.department.name}
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
