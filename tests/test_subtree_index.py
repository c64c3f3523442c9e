"""Everything under a node is a prefix query on Organization.path; it must find an
index whatever the database's collation. On PostgreSQL ``LIKE 'prefix%'`` can use a
plain B-tree index only under the C collation, and production databases are usually
created with a Chinese or English locale: Django gives every indexed CharField a
second ``varchar_pattern_ops`` index there (``…_like``), which is the one used.
bench/province.py shows the plans on a zh_CN.UTF-8 database of 2,000,000 members."""

from django.db import connection

from organizations.models import Organization


def path_indexes() -> list[str]:
    table = Organization._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
            return sorted(row[0].split(" USING ")[1] for row in cursor.fetchall() if "(path" in row[0])
        constraints = connection.introspection.get_constraints(cursor, table)
    return sorted(f"btree ({c['columns'][0]})" for c in constraints.values() if c["index"] and c["columns"] == ["path"])


def test_organization_paths_have_the_indexes_prefix_queries_use(db):
    if connection.vendor == "postgresql":
        assert path_indexes() == ["btree (path varchar_pattern_ops)", "btree (path)"]
    else:
        assert path_indexes() == ["btree (path)"]
