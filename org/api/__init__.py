"""The Department's organisation in the open data API (``api/``), in Popolo's terms:
organisations (the Department and its Divisions), posts (staff roles), mandates, the bodies the
Department relates to, and people in post (persons, and their memberships of posts). Published
records only, through ``org.api_selectors``.

Identifiers are the records' address names: a Department's slug, and a Division's or mandate's
"<department slug>.<slug>" (its natural key); a person's is their slug; a post's and a
membership's are their numbers, as roles and appointments have no slug. One module per endpoint
(persons and memberships share one); ``org/apps.py`` names each viewset.
"""

from org.api.bodies import RelatedBodyViewSet
from org.api.mandates import MandateViewSet
from org.api.organisations import OrganisationViewSet
from org.api.people import MembershipViewSet, PersonViewSet
from org.api.posts import PostViewSet

__all__ = [
    "MandateViewSet",
    "MembershipViewSet",
    "OrganisationViewSet",
    "PersonViewSet",
    "PostViewSet",
    "RelatedBodyViewSet",
]
