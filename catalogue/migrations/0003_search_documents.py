# PostgreSQL only: a stored search document (a generated tsvector column with a GIN index)
# on these tables, holding the model's own search fields as SearchableQuerySet.stored_search_vector()
# weighs them (tests/catalogue/test_search_documents.py checks that they agree). A change to a
# model's search fields needs a new migration like this one. Nothing on SQLite.
from django.db import migrations

from catalogue.operations import RunPostgreSQL


class Migration(migrations.Migration):
    dependencies = [('catalogue', '0002_unaccent')]

    operations = [
        RunPostgreSQL(
            sql=[
                'ALTER TABLE "catalogue_pillar" ADD COLUMN "search_document" tsvector GENERATED ALWAYS AS ((setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("catalogue_pillar"."name")::text), \'\')), \'A\') || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("catalogue_pillar"."definition")::text), \'\')), \'B\'))) STORED',
                'CREATE INDEX "catalogue_pillar_search_gin" ON "catalogue_pillar" USING gin ("search_document")',
            ],
            reverse_sql='ALTER TABLE "catalogue_pillar" DROP COLUMN IF EXISTS "search_document"',
        ),
        RunPostgreSQL(
            sql=[
                'ALTER TABLE "catalogue_reference" ADD COLUMN "search_document" tsvector GENERATED ALWAYS AS ((((setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("catalogue_reference"."text")::text), \'\')), \'B\') || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("catalogue_reference"."authors")::text), \'\')), \'B\')) || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("catalogue_reference"."title")::text), \'\')), \'A\')) || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("catalogue_reference"."venue")::text), \'\')), \'B\'))) STORED',
                'CREATE INDEX "catalogue_reference_search_gin" ON "catalogue_reference" USING gin ("search_document")',
            ],
            reverse_sql='ALTER TABLE "catalogue_reference" DROP COLUMN IF EXISTS "search_document"',
        ),
    ]
