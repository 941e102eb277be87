# PostgreSQL only: a stored search document (a generated tsvector column with a GIN index)
# on these tables, holding the model's own search fields as SearchableQuerySet.stored_search_vector()
# weighs them (tests/catalogue/test_search_documents.py checks that they agree). A change to a
# model's search fields needs a new migration like this one. Nothing on SQLite.
from django.db import migrations

from catalogue.operations import RunPostgreSQL


class Migration(migrations.Migration):
    dependencies = [('countries', '0001_initial'), ('catalogue', '0002_unaccent')]

    operations = [
        RunPostgreSQL(
            sql=[
                'ALTER TABLE "countries_country" ADD COLUMN "search_document" tsvector GENERATED ALWAYS AS ((((setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("countries_country"."name")::text), \'\')), \'A\') || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("countries_country"."iso2")::text), \'\')), \'A\')) || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("countries_country"."iso3")::text), \'\')), \'A\')) || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("countries_country"."summary")::text), \'\')), \'C\'))) STORED',
                'CREATE INDEX "countries_country_search_gin" ON "countries_country" USING gin ("search_document")',
            ],
            reverse_sql='ALTER TABLE "countries_country" DROP COLUMN IF EXISTS "search_document"',
        ),
        RunPostgreSQL(
            sql=[
                'ALTER TABLE "countries_city" ADD COLUMN "search_document" tsvector GENERATED ALWAYS AS ((setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("countries_city"."name")::text), \'\')), \'A\') || setweight(to_tsvector(\'simple\'::regconfig, COALESCE(DIPLOHUB_UNACCENT(("countries_city"."summary")::text), \'\')), \'C\'))) STORED',
                'CREATE INDEX "countries_city_search_gin" ON "countries_city" USING gin ("search_document")',
            ],
            reverse_sql='ALTER TABLE "countries_city" DROP COLUMN IF EXISTS "search_document"',
        ),
    ]
