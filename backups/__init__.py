"""Backups that are proven to restore: the database and its record-set export in one checked
archive (``archive``, read back by ``reading``, signed by ``signing`` when a key is set), copied
by the database's own tools (``engines``), made and restored by the ``backup`` and ``restore``
commands (``operations``)."""
