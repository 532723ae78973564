"""The record set: every content record as sections of entries, read and written as one.

One format (``format.py``) serves three commands: ``export_records`` reads the database into a
record set (``reading.py``); ``import_records`` and ``load_seed`` write one into the database
(``writing.py``; the seed's bookkeeping is ``records/seeding.py``). A file is read strictly
(``parsing.py``) and every value must be of its field's type (``values.py``).
"""
