"""API representations of pillars, references, institutions and programmes."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.api.fields import (
    MAX_ITEMS,
    ApiUrlField,
    BriefRelatedField,
    KeyRelatedField,
    PageUrlField,
    StrictDecimalField,
    StrictSlugField,
)
from catalogue.api.serializers import (
    BriefSerializer,
    CatalogueSerializer,
    EvidenceSerializer,
    SelectableFieldsMixin,
    WholeItemSerializer,
)
from catalogue.models import Pillar, Reference
from countries.api.serializers import CountryBriefSerializer
from countries.models import City, Country
from initiatives.models import (
    Change,
    Figure,
    Institution,
    Programme,
    ProgrammeInstitution,
    ProgrammePillar,
    pillar_basis_problems,
)
from initiatives.services import programme_save

SLUG_ID = {"source": "slug", "max_length": 100, "help_text": _("Slug.")}


class PillarSerializer(CatalogueSerializer):
    """One of the paper's three pillars of science and technology diplomacy."""

    id = StrictSlugField(**SLUG_ID)
    programme_count = serializers.IntegerField(
        read_only=True, help_text=_("Programmes the catalogue places in this pillar.")
    )

    class Meta(CatalogueSerializer.Meta):
        model = Pillar
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "definition",
            "definition_quote",
            "position",
            "programme_count",
            "evidence",
            "created",
            "modified",
        ]


class ReferenceSerializer(SelectableFieldsMixin, serializers.ModelSerializer):
    """One of the paper's numbered footnotes, as printed, with its citation's parts."""

    id = serializers.IntegerField(source="number", read_only=True, help_text=_("Footnote number."))
    url = ApiUrlField(help_text=_("This footnote in the API."))
    html_url = PageUrlField(help_text=_("This footnote on the site's list of references."))
    source_url = serializers.SerializerMethodField(
        help_text=_("The cited work's web address, or null if the footnote gives none.")
    )
    evidence = serializers.SerializerMethodField(
        help_text=_("The footnote itself: a footnote is its own evidence.")
    )

    class Meta:
        model = Reference
        fields = [
            "id",
            "url",
            "html_url",
            "text",
            "authors",
            "title",
            "venue",
            "year",
            "source_url",
            "consulted",
            "evidence",
            "created",
            "modified",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_source_url(self, reference) -> str | None:
        return reference.url or None

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, reference):
        return [{"quote": reference.text, "footnotes": [reference.number]}]


class InstitutionSerializer(CatalogueSerializer):
    """An actor the paper presents: a ministry, agency, academy, network, company ..."""

    id = StrictSlugField(**SLUG_ID)
    country = BriefRelatedField(
        CountryBriefSerializer,
        queryset=Country.objects.all(),
        key="iso2",
        normalise=str.upper,
        allow_null=True,
        required=False,
        help_text=_("Written as an ISO alpha-2 code."),
    )
    city = BriefRelatedField(
        BriefSerializer,
        queryset=City.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Written as a slug."),
    )
    parent = BriefRelatedField(
        BriefSerializer,
        queryset=Institution.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The institution this one belongs to; written as a slug."),
    )
    programme_count = serializers.IntegerField(
        read_only=True, help_text=_("Programmes this institution takes part in.")
    )

    class Meta(CatalogueSerializer.Meta):
        model = Institution
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "acronym",
            "kind",
            "country",
            "city",
            "parent",
            "founded_year",
            "summary",
            "programme_count",
            "evidence",
            "created",
            "modified",
        ]
        extra_kwargs = {"founded_year": {"min_value": 1000, "max_value": 2100}}

    def validate_record(self, record, attrs):
        self.check_no_cycle(record, "parent", attrs.get("parent", record.parent))


class ProgrammePillarSerializer(WholeItemSerializer):
    """A pillar of the programme, with the passage of the paper that places it there.

    `basis_kind` says which: `example`, the paper presents the programme as an example of the
    pillar and `basis` quotes that passage; `definition`, a curator placed it by the paper's
    definition of the pillar: `basis` quotes the definition's sentence and `evidence_passage`
    the part of the programme's own evidence that shows an activity the definition names.
    """

    id = KeyRelatedField(source="pillar", slug_field="slug", queryset=Pillar.objects.all())
    name = serializers.CharField(source="pillar.name", read_only=True)
    url = ApiUrlField(view_name="api:pillar-detail")

    class Meta:
        model = ProgrammePillar
        fields = ["id", "name", "url", "basis_kind", "basis", "evidence_passage"]
        extra_kwargs = {
            "basis_kind": {
                "help_text": _(
                    "example: the paper presents the programme as an example of the pillar; "
                    "definition: placed by the paper's definition of the pillar (a curator's "
                    "reading). Written, it defaults to example."
                )
            },
            "evidence_passage": {
                "help_text": _(
                    "For a placement by definition: the part of the programme's own evidence "
                    "that shows an activity the definition names; empty for an example."
                )
            },
        }


class ProgrammeInstitutionSerializer(WholeItemSerializer):
    """An institution and its role in the programme."""

    id = KeyRelatedField(
        source="institution", slug_field="slug", queryset=Institution.objects.all()
    )
    name = serializers.CharField(source="institution.name", read_only=True)
    url = ApiUrlField(view_name="api:institution-detail")

    class Meta:
        model = ProgrammeInstitution
        fields = ["id", "name", "url", "role"]


class FigureSerializer(WholeItemSerializer):
    """A figure the paper gives for the programme: verbatim, with its quantity and unit."""

    quantity = StrictDecimalField(
        max_digits=15, decimal_places=2, allow_null=True, required=False, coerce_to_string=False
    )

    class Meta:
        model = Figure
        fields = ["label", "text", "quantity", "unit"]


class ProgrammeSerializer(CatalogueSerializer):
    """Any initiative the paper describes: a fund, network, strategy, expedition ...

    Status is as of the paper (September 2020); years and figures only where the paper
    states them.
    """

    id = StrictSlugField(source="slug", max_length=120, help_text=_("Slug."))
    part_of = BriefRelatedField(
        BriefSerializer,
        queryset=Programme.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The programme this one is part of; written as a slug."),
    )
    parts = BriefRelatedField(
        BriefSerializer,
        many=True,
        prefetched="part_list",
        read_only=True,
        help_text=_("Programmes that are part of this one."),
    )
    pillars = ProgrammePillarSerializer(
        source="pillar_links",
        prefetched="pillar_link_list",
        many=True,
        required=False,
        max_length=MAX_ITEMS,
    )
    countries = BriefRelatedField(
        CountryBriefSerializer,
        queryset=Country.objects.all(),
        key="iso2",
        normalise=str.upper,
        many=True,
        prefetched="country_list",
        required=False,
        help_text=_("Written as ISO alpha-2 codes."),
    )
    cities = BriefRelatedField(
        BriefSerializer,
        queryset=City.objects.all(),
        many=True,
        prefetched="city_list",
        required=False,
        help_text=_("Written as slugs."),
    )
    institutions = ProgrammeInstitutionSerializer(
        source="institution_links",
        prefetched="institution_link_list",
        many=True,
        required=False,
        max_length=MAX_ITEMS,
    )
    figures = FigureSerializer(
        prefetched="figure_list", many=True, required=False, max_length=MAX_ITEMS
    )

    nested_sources = (
        "evidence",
        "pillar_links",
        "countries",
        "cities",
        "institution_links",
        "figures",
    )

    class Meta(CatalogueSerializer.Meta):
        model = Programme
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "acronym",
            "kind",
            "status",
            "start_year",
            "end_year",
            "part_of",
            "parts",
            "summary",
            "pillars",
            "pillar_note",
            "countries",
            "cities",
            "institutions",
            "figures",
            "evidence",
            "created",
            "modified",
        ]
        extra_kwargs = {
            name: {"min_value": 1000, "max_value": 2100} for name in ("start_year", "end_year")
        }

    def validate_record(self, record, attrs):
        self.check_no_cycle(record, "part_of", attrs.get("part_of", record.part_of))
        self.check_pillar_bases(record, attrs)
        for source, key in (("pillar_links", "pillar"), ("institution_links", None)):
            links = attrs.get(source) or []
            seen = [
                (link[key].pk if key else (link["institution"].pk, link["role"])) for link in links
            ]
            if len(seen) != len(set(seen)):
                name = "pillars" if source == "pillar_links" else "institutions"
                raise serializers.ValidationError({name: [_("Lists the same entry twice.")]})

    def check_pillar_bases(self, record, attrs) -> None:
        """Each placement's basis against its kind, as the loader checks it."""
        links = attrs.get("pillar_links") or []
        if "evidence" in attrs:
            quotes = [item["quote"] for item in attrs["evidence"]]
        else:
            quotes = [item.quote for item in record.evidence.all()] if record.pk else []
        errors = []
        for link in links:
            kind = link.get("basis_kind") or ProgrammePillar.BasisKind.EXAMPLE
            passage = link.get("evidence_passage") or ""
            if kind == ProgrammePillar.BasisKind.EXAMPLE and passage:
                errors.append(_("An example of the pillar takes no evidence_passage."))
            errors += pillar_basis_problems(
                basis_kind=kind,
                basis=link["basis"],
                evidence_passage=passage,
                definition_quote=link["pillar"].definition_quote,
                evidence=quotes,
            )
        if errors:
            raise serializers.ValidationError({"pillars": errors})

    def save_record(self, programme, nested: dict, *, user) -> None:
        programme_save(
            programme=programme,
            pillars=nested.get("pillar_links"),
            institutions=nested.get("institution_links"),
            countries=nested.get("countries"),
            cities=nested.get("cities"),
            figures=nested.get("figures"),
            evidence=nested.get("evidence"),
            user=user,
        )


class ChangeSerializer(serializers.ModelSerializer):
    """A change to a record: its resource (`type`), its id then, when, and what happened."""

    id = serializers.CharField(
        source="record_id", help_text=_("The record's id at the time of the change.")
    )
    url = serializers.SerializerMethodField(
        help_text=_("The record in the API (a 301 if its id changed since, a 410 if deleted).")
    )

    class Meta:
        model = Change
        fields = ["type", "id", "url", "time", "kind"]

    def get_url(self, change) -> str:
        path = reverse(f"api:{Change.TYPES[change.type]}-detail", args=[change.record_id.lower()])
        return self.context["request"].build_absolute_uri(path)
