"""`migrate` connects as the owner of the tables (MIGRATION_DATABASE_URL), not as the app.

Same database, other credentials: only the user, password, host and port change. Without
MIGRATION_DATABASE_URL both are DATABASE_URL and nothing changes.
"""

from django.conf import settings
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


class Command(migrate.Command):
    def handle(self, *args, **options):
        database = options["database"]
        connection = connections[database]
        owner = {key: settings.MIGRATION_DATABASE.get(key) for key in CREDENTIALS}
        current = {key: connection.settings_dict.get(key) for key in CREDENTIALS}
        if database != DEFAULT_DB_ALIAS or owner == current:
            return super().handle(*args, **options)
        connection.close()
        connection.settings_dict.update(owner)
        try:
            return super().handle(*args, **options)
        finally:
            connection.close()
            connection.settings_dict.update(current)
