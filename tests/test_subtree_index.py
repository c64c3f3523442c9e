"""Everything under a node is a prefix query on Organization.path; it must find an
index whatever the database's collation. On PostgreSQL ``LIKE 'prefix%'`` can use a
plain B-tree index only under the C collation, and production databases are usually
created with a Chinese or English locale: Django gives every indexed CharField a
second ``varchar_pattern_ops`` index there (``…_like``), which is the one used.
bench/province.py shows the plans on a zh_CN.UTF-8 database of 2,000,000 members."""

from django.db import connection

from organizations.models import Member, Organization
from tests.factories import make_member


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


def test_members_sort_by_code_point_on_every_database(branch):
    # Not by the database's locale: under zh_CN.UTF-8, sorting a township's members by
    # branch and name took 70 ms, under "C" 2 ms (bench/province.py).
    for name in ["李", "a", "张", "B"]:
        make_member(branch, name=name)
    assert list(Member.objects.order_by("name").values_list("name", flat=True)) == ["B", "a", "张", "李"]


def test_on_postgresql_path_and_name_columns_carry_the_c_collation(db):
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT 'B' < 'a', '张' < '李'")  # SQLite's BINARY comparison
            assert cursor.fetchone() == (1, 1)
            return
        cursor.execute(
            "SELECT table_name, collation_name FROM information_schema.columns "
            "WHERE (table_name, column_name) IN (('organizations_organization', 'path'), ('organizations_member', 'name'))"
            " ORDER BY table_name"
        )
        assert cursor.fetchall() == [("organizations_member", "C"), ("organizations_organization", "C")]
