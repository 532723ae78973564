"""The Department's organisation in the open data API (``config/api/``), in Popolo's terms:
organisations (the Department and its Divisions), posts (staff roles), mandates, and the bodies
the Department relates to. Published records only, through ``org.api_selectors``.

Identifiers are the records' address names: a Department's slug, and a Division's or mandate's
"<department slug>.<slug>" (its natural key); a post's is its number, as roles have no slug.
One module per endpoint (or two that share a serializer); ``org/apps.py`` names each viewset.
"""

from org.api.bodies import RelatedBodyViewSet
from org.api.mandates import MandateViewSet
from org.api.organisations import OrganisationViewSet
from org.api.posts import PostViewSet

__all__ = ["MandateViewSet", "OrganisationViewSet", "PostViewSet", "RelatedBodyViewSet"]
