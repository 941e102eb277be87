# PostgreSQL only: stored search documents for pillars and footnotes too. Few rows, but long
# texts: parsing them on every search cost 3-4 ms a table (diplohub.search). No-op on SQLite.
from django.db import migrations

from diplohub.search import add_stored_search_documents


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0010_filter_indexes")]

    operations = [add_stored_search_documents("initiatives", "Pillar", "Reference")]
