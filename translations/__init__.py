"""Content in Lao, honestly: each translatable record's Lao has a state, and visitors see only
Lao that a publisher has reviewed.

- ``state.py``: ``LaoTranslatable`` (the fields every translatable model adds), ``lao_state()``
  (missing, draft, reviewed, outdated) and ``mark_lao_reviewed()``.
- ``visibility.py``: what a public output shows of each record's Lao (reviewed only; drafts in a
  staff preview), applied where records are selected (``visible_to(audience)`` on the content
  models' querysets), so no output (page, title, JSON-LD, calendar, feed, API) shows unreviewed
  Lao; a record read for visitors refuses to be saved.
- ``overview.py``: the figures per model (the admin's Translations page, ``translation_report``).
- ``admin.py``, ``overview_view.py``: the back office's column, filter, review action and page.
- ``po.py``: ``export_translations`` / ``import_translations`` (a PO file for translators).
- ``models.py``, ``glossary.py``, ``glossary_admin.py``: the glossary of official terms, the one
  check of a translation against it (warnings on the Translations page, in the report, on each
  record's page, in the PO export's comments), and its back-office list.
"""
