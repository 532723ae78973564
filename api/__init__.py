"""The open data API under ``/api/v1/``: read-only JSON of the published records.

Site-wide pieces only, naming no app: the router and its root (``urls.py``), the base class of
every endpoint (``views.py``: published records, ``?lang``, strict query strings, caching),
conditional GET and the page cache's version (``caching.py``), the rate limit
(``throttling.py``), pagination, the OpenAPI schema, generated once per process (``schema.py``),
and the documentation page made from it (``docs.py``). Each app declares its endpoints in its ``Contribution.api_viewsets`` and keeps its
serializers and viewsets in its own ``api.py`` (see ``core/contributions.py``).
"""
