# PostgreSQL only: a stored search document (a generated tsvector column with a GIN index) on
# countries and cities, as initiatives 0006 adds to programmes and institutions: computing it
# per query for 5,000 cities cost the search page about 100 ms. A city's document holds its
# own fields; its country's name is matched and ranked at query time
# (diplohub.search.add_stored_search_documents). No-op on SQLite.
from django.db import migrations

from diplohub.search import add_stored_search_documents


class Migration(migrations.Migration):
    # initiatives 0006 creates diplohub_unaccent(), which the documents are generated with.
    dependencies = [("countries", "0003_history"), ("initiatives", "0006_search_documents")]

    operations = [add_stored_search_documents("countries", "Country", "City")]
