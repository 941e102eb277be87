"""The data report: what the catalogue holds and where its gaps are."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from catalogue.models import Evidence, Pillar, Reference
from countries.models import City, Country
from initiatives.models import Institution, Programme

DOCUMENTED = (Country, City, Institution, Programme, Pillar)


def catalogue_report() -> dict:
    """Counts per model and kind, and the records a curator should look at."""
    return {
        "counts": {
            model._meta.verbose_name_plural: model.objects.count()
            for model in (Pillar, Country, City, Institution, Programme, Reference)
        },
        "programmes_by_kind": _by_choice(Programme, "kind"),
        "programmes_by_status": _by_choice(Programme, "status"),
        "institutions_by_kind": _by_choice(Institution, "kind"),
        "cities_by_kind": _by_choice(City, "kind"),
        "programmes_without_pillars": list(
            Programme.objects.filter(pillars=None).values_list("slug", flat=True)
        ),
        "records_without_footnotes": _records_without_footnotes(),
        "countries_without_programmes": list(
            Country.objects.filter(programmes=None).values_list("iso2", flat=True)
        ),
        "unused_references": list(
            Reference.objects.filter(evidence=None).values_list("number", flat=True)
        ),
    }


def _by_choice(model, field: str) -> dict[str, int]:
    labels = dict(model._meta.get_field(field).choices)
    rows = model.objects.values(field).annotate(n=Count("pk")).order_by("-n", field)
    return {str(labels[row[field]]): row["n"] for row in rows}


def _records_without_footnotes() -> list[str]:
    """Records none of whose evidence passages rests on a footnote, as `model:key`."""
    missing = []
    for model in DOCUMENTED:
        content_type = ContentType.objects.get_for_model(model)
        with_footnotes = Evidence.objects.filter(
            content_type=content_type, references__isnull=False
        ).values("object_id")
        key = "iso2" if model is Country else "slug"
        missing += [
            f"{model._meta.model_name}:{value}"
            for value in model.objects.exclude(pk__in=with_footnotes).values_list(key, flat=True)
        ]
    return missing
