# The catalogue's version (catalogue/version.py): the state row, the function the triggers
# call, and a trigger on every catalogue table of this app that moves the version on any
# write. countries and initiatives install theirs in their own `version_triggers` migration;
# a model added later needs the same step (tests/catalogue/test_catalogue_version.py).
import secrets

from django.db import migrations

from catalogue.operations import CreateVersionFunction, InstallVersionTriggers


def create_state_row(apps, schema_editor):
    # A version from the start, of its own (no two new databases share one), and no date
    # until the first change.
    CatalogueState = apps.get_model("catalogue", "CatalogueState")
    CatalogueState.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"token": secrets.token_hex(10), "changed": None}
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_search_documents")]

    operations = [
        migrations.RunPython(create_state_row, migrations.RunPython.noop),
        CreateVersionFunction(),
        InstallVersionTriggers(
            models=[
                "CatalogueLoad",
                "Evidence",
                "Evidence_references",
                "HistoricalEvidence",
                "HistoricalEvidence_references",
                "Pillar",
                "HistoricalPillar",
                "Reference",
                "HistoricalReference",
            ]
        ),
    ]
