"""API representations of countries and cities."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from catalogue.api.fields import (
    BriefRelatedField,
    StrictDecimalField,
    StrictRegexField,
    StrictSlugField,
)
from catalogue.api.serializers import BriefSerializer, CatalogueSerializer
from countries.models import City, Country

COMMON_TAIL = ["summary", "programme_count", "evidence", "created", "modified"]


class CountryBriefSerializer(BriefSerializer):
    """A country in compact form, by its ISO alpha-2 code."""

    id = serializers.CharField(source="iso2", read_only=True)


class CountrySerializer(CatalogueSerializer):
    """A country the paper names, or in which a place it names lies."""

    id = StrictRegexField(
        r"^[A-Za-z]{2}$",
        source="iso2",
        help_text=_("ISO 3166-1 alpha-2 code (for a former country, its former code)."),
    )
    m49 = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "UN M49 numeric code (three digits, as ISO 3166-1 numeric has it), or null where "
            "there is none."
        ),
    )
    programme_count = serializers.IntegerField(
        read_only=True, help_text=_("Programmes involving this country.")
    )

    class Meta(CatalogueSerializer.Meta):
        model = Country
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "iso3",
            "iso_3166_3",
            "m49",
            "region",
            "subregion",
            *COMMON_TAIL,
        ]

    def validate_id(self, value: str) -> str:
        return value.upper()

    def validate_iso3(self, value: str) -> str:
        return value.upper()

    def validate_iso_3166_3(self, value: str) -> str:
        return value.upper()


class CitySerializer(CatalogueSerializer):
    """A city, region or other place the paper names as a site of science diplomacy."""

    id = StrictSlugField(source="slug", max_length=100, help_text=_("Slug."))
    country = BriefRelatedField(
        CountryBriefSerializer,
        queryset=Country.objects.all(),
        key="iso2",
        normalise=str.upper,
        help_text=_("Written as the country's ISO alpha-2 code."),
    )
    latitude = StrictDecimalField(
        max_digits=8,
        decimal_places=5,
        min_value=-90,
        max_value=90,
        allow_null=True,
        required=False,
        coerce_to_string=False,
    )
    longitude = StrictDecimalField(
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
        allow_null=True,
        required=False,
        coerce_to_string=False,
    )
    programme_count = serializers.IntegerField(
        read_only=True, help_text=_("Programmes that name this place.")
    )

    class Meta(CatalogueSerializer.Meta):
        model = City
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "country",
            "kind",
            "latitude",
            "longitude",
            "geonames_id",
            *COMMON_TAIL,
        ]
