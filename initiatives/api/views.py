"""API endpoints for pillars, references, institutions and programmes (with facet counts)."""

from django.utils.translation import gettext_lazy as _
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from catalogue.api.pagination import ChangeCursorPagination
from catalogue.api.renderers import CatalogueJSONRenderer
from catalogue.api.views import (
    CatalogueAPIMixin,
    CatalogueViewSet,
    FilterSetBackend,
    ReadOnlyCatalogueViewSet,
)
from catalogue.facets import facet_counts
from catalogue.filtersets import PillarFilterSet, ReferenceFilterSet
from catalogue.models import Pillar, Reference
from initiatives.api.serializers import (
    ChangeSerializer,
    InstitutionSerializer,
    PillarSerializer,
    ProgrammeSerializer,
    ReferenceSerializer,
)
from initiatives.filtersets import ChangeFilterSet, InstitutionFilterSet, ProgrammeFilterSet
from initiatives.models import Change, Institution, Programme

SLUG = "[-a-zA-Z0-9_]+"


class PillarViewSet(ReadOnlyCatalogueViewSet):
    """The paper's three pillars of science and technology diplomacy."""

    queryset = Pillar.objects.for_api()
    serializer_class = PillarSerializer
    filterset_class = PillarFilterSet
    lookup_value_regex = SLUG


class ReferenceViewSet(ReadOnlyCatalogueViewSet):
    """The paper's numbered footnotes, addressed by number."""

    queryset = Reference.objects.for_api()
    serializer_class = ReferenceSerializer
    filterset_class = ReferenceFilterSet
    lookup_value_regex = "[0-9]{1,5}"

    def normalise_id(self, value: str) -> int:
        return int(value)


class InstitutionViewSet(CatalogueViewSet):
    """Ministries, agencies, academies, networks and other actors the paper presents."""

    queryset = Institution.objects.for_api()
    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilterSet
    lookup_value_regex = SLUG


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=_("The value to filter by."))
    label = serializers.CharField()
    count = serializers.IntegerField(
        help_text=_("Programmes with this value under the other active filters.")
    )
    selected = serializers.BooleanField(help_text=_("Whether the current filters select it."))


class DecadeFacetValueSerializer(FacetValueSerializer):
    value = serializers.IntegerField(help_text=_("The decade's first year, e.g. 1870."))


# One field per facet the FilterSet declares: a facet added there is documented here too.
ProgrammeFacetGroupsSerializer = type(
    "ProgrammeFacetGroupsSerializer",
    (serializers.Serializer,),
    {
        name: (DecadeFacetValueSerializer if name == "decade" else FacetValueSerializer)(many=True)
        for name in ProgrammeFilterSet.facets
    },
)


class ProgrammeFacetsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Programmes matching every filter."))
    facets = ProgrammeFacetGroupsSerializer()


class ProgrammeViewSet(CatalogueViewSet):
    """Every initiative the paper describes: funds, networks, strategies, expeditions ..."""

    queryset = Programme.objects.for_api()
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    lookup_value_regex = SLUG

    def allowed_query_parameters(self):
        if self.action == "facets":
            return {"format", *self.filterset_class.base_filters}
        return super().allowed_query_parameters()

    @extend_schema(
        responses={200: ProgrammeFacetsSerializer},
        filters=True,
        description=_(
            "Facet counts for the programme list under the given filters: for each facet "
            "(pillar, basis of the pillar, country, region, kind, status, decade) its values, "
            "labels and counts, "
            "each counted under the other active filters."
        ),
    )
    @action(
        detail=False,
        methods=["get"],
        renderer_classes=[CatalogueJSONRenderer],
        pagination_class=None,
    )
    def facets(self, request):
        return self.cached_representation(self.count_facets, request)

    def count_facets(self, request):
        backend = self.filter_backends[0]()
        filterset = backend.get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        facets = facet_counts(filterset, version=self.catalogue_version().token)
        return Response({"count": filterset.qs.count(), "facets": facets})


@extend_schema(
    tags=["catalogue"],
    description=_(
        "What was created, changed or deleted, oldest first, so that a mirror can stay in "
        "step: keep the time of the last change you applied, ask for `since` that time, and "
        "follow `next` (a cursor) to the end. Deletions are listed too."
    ),
)
class ChangeViewSet(CatalogueAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every change to a record since a time, from the records' history."""

    queryset = Change.objects.for_api()
    serializer_class = ChangeSerializer
    filterset_class = ChangeFilterSet
    filter_backends = [FilterSetBackend]
    pagination_class = ChangeCursorPagination

    def allowed_query_parameters(self):
        paginator = self.paginator
        return {
            *super().allowed_query_parameters(),
            *self.filterset_class.base_filters,
            paginator.cursor_query_param,
            paginator.page_size_query_param,
        }
