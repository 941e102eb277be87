"""Pages of programmes, institutions, pillars and references: each a configured `Listing`
(list, exports, feed) and a detail page from the model's `for_detail()` queryset."""

from django.db.models import Count

from catalogue import exports
from catalogue.filtersets import PillarFilterSet, ReferenceFilterSet
from catalogue.listing import Listing, RecordDetailView
from catalogue.models import Pillar, Reference
from initiatives.api.serializers import (
    InstitutionSerializer,
    PillarSerializer,
    ProgrammeSerializer,
    ReferenceSerializer,
)
from initiatives.filtersets import InstitutionFilterSet, ProgrammeFilterSet
from initiatives.models import Institution, Programme, ProgrammePillar
from initiatives.selectors import pillar_region_matrix

programmes = Listing(
    model=Programme,
    filterset_class=ProgrammeFilterSet,
    name="programme",
    path="programmes",
    row_template="initiatives/_programme_row.html",
    serializer_class=ProgrammeSerializer,
    columns=exports.PROGRAMME_COLUMNS,
    # The country facet's "match all" checkbox says what `all_countries` says (the API's).
    hidden_filters=("modified_since", "all_countries"),
)
institutions = Listing(
    model=Institution,
    filterset_class=InstitutionFilterSet,
    name="institution",
    path="institutions",
    row_template="initiatives/_institution_row.html",
    serializer_class=InstitutionSerializer,
    columns=exports.INSTITUTION_COLUMNS,
)
pillars = Listing(
    model=Pillar,
    filterset_class=PillarFilterSet,
    name="pillar",
    path="pillars",
    row_template="catalogue/_pillar_row.html",
    serializer_class=PillarSerializer,
    url_namespace="initiatives",
    columns=exports.PILLAR_COLUMNS,
)
references = Listing(
    model=Reference,
    filterset_class=ReferenceFilterSet,
    name="reference",
    path="references",
    row_template="catalogue/_reference_row.html",
    serializer_class=ReferenceSerializer,
    url_namespace="initiatives",
    columns=exports.REFERENCE_COLUMNS,
    per_page=100,
)


class ProgrammeDetailView(RecordDetailView):
    model = Programme


class InstitutionDetailView(RecordDetailView):
    model = Institution


# A record page lists this many of its programmes at most; the programme list has them all.
LISTED_PROGRAMMES = 100


class PillarDetailView(RecordDetailView):
    model = Pillar

    def get_context_data(self, **kwargs):
        links = self.object.programme_links.all()
        basis_counts = dict(links.order_by().values_list("basis_kind").annotate(count=Count("pk")))
        return super().get_context_data(
            matrix=pillar_region_matrix(),
            programme_links=list(
                links.select_related("programme")
                .only(
                    "pillar",
                    "basis_kind",
                    "programme__slug",
                    "programme__name",
                    "programme__acronym",
                )
                .order_by("programme__name", "programme__pk")[:LISTED_PROGRAMMES]
            ),
            basis_counts={
                kind.value: basis_counts.get(kind, 0) for kind in ProgrammePillar.BasisKind
            },
            programme_count=sum(basis_counts.values()),
            **kwargs,
        )
