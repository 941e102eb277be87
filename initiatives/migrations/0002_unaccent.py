# Search folds accents on PostgreSQL with the `unaccent` extension (diplohub/search.py).
# CreateExtension does nothing on other databases.
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [UnaccentExtension()]
