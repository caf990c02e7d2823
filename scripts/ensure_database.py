"""Create the database named in DATABASE_URL if it does not exist yet (idempotent)."""

import os
import sys

import dj_database_url
import psycopg2
from psycopg2 import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/palantrix"


def main() -> int:
    config = dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_URL))
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    try:
        connection = psycopg2.connect(**{k: v for k, v in params.items() if v}, connect_timeout=5)
    except psycopg2.OperationalError as error:
        print(f"Cannot reach PostgreSQL at {params['host']}:{params['port']}: {error}".strip())
        print("Start it (e.g. `pg_ctlcluster 15 main start`) or `docker compose up -d postgres`.")
        return 1
    connection.autocommit = True
    name = config["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
