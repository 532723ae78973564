"""A migration operation for an index only PostgreSQL has (a GIN index of a ``tsvector``)."""

from django.db.migrations.operations import AddIndex


class AddIndexOnPostgreSQL(AddIndex):
    """``AddIndex`` on PostgreSQL; on another database (SQLite, for ``make run``) the model's
    state only, so that the migrations apply everywhere and the models stay as declared."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
