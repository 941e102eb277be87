# Triggers that move the catalogue's version (catalogue/version.py) on any write to this
# app's tables; a model added later needs the same step
# (tests/catalogue/test_catalogue_version.py).
from django.db import migrations

from catalogue.operations import InstallVersionTriggers


class Migration(migrations.Migration):
    dependencies = [("countries", "0002_search_documents"), ("catalogue", "0004_version_triggers")]

    operations = [
        InstallVersionTriggers(models=["Country", "HistoricalCountry", "City", "HistoricalCity"]),
    ]
