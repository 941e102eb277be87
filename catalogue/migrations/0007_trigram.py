# Search offers names close to a mistyped query with pg_trgm's word_similarity()
# (SearchableQuerySet.near_matches). Nothing on SQLite, which compares in Python.
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_pillar_definition_quote")]

    operations = [TrigramExtension()]
