"""The Department's organisation: the Department, its Divisions, staff roles, mandates and the
bodies it relates to.

Modelled after Popolo and GOV.UK Whitehall: an organisation has a founding date, a parent and a
classification; a role (a post) is distinct from the people who hold it and carries a nominal
headcount that stays empty when the source does not state it.

Human-readable text fields are translated through django-modeltranslation (see
``org/translation.py``): each gets an ``_en`` and an ``_lo`` column. Uniqueness rules therefore
name the English column, which is the canonical one (English is the default and the fallback).
"""

from org.models.bodies import Pillar, RelatedBody
from org.models.contact import ContactPoint
from org.models.department import Department, Division, Mandate, StaffRole
from org.models.people import Appointment, Person

__all__ = [
    "Appointment",
    "ContactPoint",
    "Department",
    "Division",
    "Mandate",
    "Person",
    "Pillar",
    "RelatedBody",
    "StaffRole",
]
