"""On PostgreSQL, compare Organization.path and Member.name by code point (collation "C").

Production databases are usually created with a Chinese or English locale, where
every comparison goes through the C library's locale rules: sorting a 1,700-member
township by branch and name took 70-85 ms on a zh_CN.UTF-8 database against 2-12 ms
under "C" (bench/province.py), and a county's 2,000 organizations by path 12 ms
against 1 ms. Under "C" the plain B-tree index on path also serves ``LIKE 'prefix%'``
(Django's extra varchar_pattern_ops index already did). The order is then the same on
every database: SQLite and the CI's C.UTF-8 clusters compare code points already.

Django's model state does not carry this collation (SQLite has no "C" collation):
a later migration that alters either column must repeat it.
"""

from django.db import migrations

COLUMNS = [("organizations_organization", "path", 255), ("organizations_member", "name", 50)]


def code_point(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column, length in COLUMNS:
            schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "C"')


def database_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, column, length in COLUMNS:
            schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "default"')


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_sort_order_optional")]

    operations = [migrations.RunPython(code_point, database_default)]
