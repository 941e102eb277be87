"""Countries and the cities or places the paper names as sites of science diplomacy."""

import pycountry
from django.db import models
from django.db.models.functions import Coalesce, Length, Lower, Upper
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.models import (
    DocumentedRecord,
    NaturalKeyQuerySet,
    SearchableQuerySet,
    evidence_prefetch,
)
from catalogue.validators import no_control_characters
from countries.names import codes_named, local_name


class Region(models.TextChoices):
    """UN M49 regions."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    OCEANIA = "oceania", _("Oceania")


class SubRegion(models.TextChoices):
    """UN M49 sub-regions."""

    NORTHERN_AFRICA = "northern-africa", _("Northern Africa")
    SUB_SAHARAN_AFRICA = "sub-saharan-africa", _("Sub-Saharan Africa")
    LATIN_AMERICA = "latin-america-and-the-caribbean", _("Latin America and the Caribbean")
    NORTHERN_AMERICA = "northern-america", _("Northern America")
    CENTRAL_ASIA = "central-asia", _("Central Asia")
    EASTERN_ASIA = "eastern-asia", _("Eastern Asia")
    SOUTH_EASTERN_ASIA = "south-eastern-asia", _("South-eastern Asia")
    SOUTHERN_ASIA = "southern-asia", _("Southern Asia")
    WESTERN_ASIA = "western-asia", _("Western Asia")
    EASTERN_EUROPE = "eastern-europe", _("Eastern Europe")
    NORTHERN_EUROPE = "northern-europe", _("Northern Europe")
    SOUTHERN_EUROPE = "southern-europe", _("Southern Europe")
    WESTERN_EUROPE = "western-europe", _("Western Europe")
    AUSTRALIA_NEW_ZEALAND = "australia-and-new-zealand", _("Australia and New Zealand")
    MELANESIA = "melanesia", _("Melanesia")
    MICRONESIA = "micronesia", _("Micronesia")
    POLYNESIA = "polynesia", _("Polynesia")


def programme_count(model) -> models.Expression:
    """How many programmes name each record: a count per row (a correlated subquery on the
    link table), not a COUNT over a join grouped by record, so the rows of a list stay one per
    record (its facets count them) and the database counts for the rows shown."""
    relation = model._meta.get_field("programmes")
    record = relation.field.m2m_reverse_field_name()
    links = (
        relation.through.objects.filter(**{record: models.OuterRef("pk")})
        .order_by()
        .values(record)
        .annotate(count=models.Count(relation.field.m2m_field_name()))
        .values("count")
    )
    return Coalesce(models.Subquery(links), 0)


class CountryQuerySet(NaturalKeyQuerySet, SearchableQuerySet):
    search_fields = ("name", "iso2", "iso3", "summary")

    def translated_names(self, words):
        # The catalogue stores English names; "Alemania" finds Germany on the Spanish site.
        exact, every = codes_named(words)
        if not every:
            return None
        return models.Q(iso2__in=sorted(exact)), models.Q(iso2__in=sorted(every))

    def for_listing(self):
        return self.annotate(programme_count=programme_count(self.model))

    def for_detail(self):
        return self.prefetch_related(
            "evidence__references", "programmes__pillars", "institutions", "cities"
        )

    def for_api(self):
        """A full record as the API and the catalogue archive show it, evidence included."""
        return self.for_listing().prefetch_related(evidence_prefetch())


class Country(DocumentedRecord):
    """A country the paper names, or in which a place it names lies.

    Addressed by its ISO 3166-1 alpha-2 code. Former countries (the Soviet Union) keep their
    former alpha-2 code and carry their ISO 3166-3 code.
    """

    iso2 = models.CharField(_("ISO alpha-2 code"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    iso_3166_3 = models.CharField(
        _("ISO 3166-3 code"),
        max_length=4,
        blank=True,
        help_text=_("For former countries only, e.g. SUHH for the Soviet Union."),
    )
    name = models.CharField(
        _("name"), max_length=100, unique=True, validators=[no_control_characters]
    )
    region = models.CharField(_("UN M49 region"), max_length=20, choices=Region, blank=True)
    subregion = models.CharField(
        _("UN M49 sub-region"), max_length=40, choices=SubRegion, blank=True
    )

    natural_key_field = "iso2"

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "iso2"]  # case-insensitive, as `?ordering=name`
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(Exact(Length("iso2"), 2), iso2=Upper("iso2")),
                name="country_iso2_two_capitals",
                violation_error_message=_("The ISO alpha-2 code is two capital letters."),
            ),
            models.CheckConstraint(
                condition=models.Q(Exact(Length("iso3"), 3), iso3=Upper("iso3")),
                name="country_iso3_three_capitals",
                violation_error_message=_("The ISO alpha-3 code is three capital letters."),
            ),
            models.CheckConstraint(
                condition=models.Q(iso_3166_3="") | models.Q(Exact(Length("iso_3166_3"), 4)),
                name="country_iso_3166_3_four_letters",
                violation_error_message=_("An ISO 3166-3 code has four letters."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("country-brief", args=[self.iso2.lower()])

    @property
    def local_name(self) -> str:
        """The country's name in the reader's language."""
        return local_name(self.name)

    @property
    def is_former(self) -> bool:
        return bool(self.iso_3166_3)

    @property
    def m49(self) -> str | None:
        """The UN M49 numeric code ("484"), from pycountry's ISO 3166 numeric code, which is
        M49's; None where pycountry has no entry for the code (never guessed)."""
        if self.is_former:
            entry = pycountry.historic_countries.get(alpha_4=self.iso_3166_3)
        else:
            entry = pycountry.countries.get(alpha_2=self.iso2)
        return getattr(entry, "numeric", None)

    def json_ld(self, absolute) -> dict:
        """The country as schema.org describes a place (`absolute` makes a path a URL). The
        catalogue holds no coordinates for a country; its cities' pages carry theirs."""
        url = absolute(self.get_absolute_url())
        codes = [("ISO 3166-1 alpha-2", self.iso2), ("ISO 3166-1 alpha-3", self.iso3)]
        if self.iso_3166_3:
            codes.append(("ISO 3166-3", self.iso_3166_3))
        if self.m49:
            codes.append(("UN M49", self.m49))
        return {
            "@context": "https://schema.org",
            "@type": "Country",
            "@id": url,
            "url": url,
            "name": self.name,
            "identifier": [
                {"@type": "PropertyValue", "propertyID": scheme, "value": value}
                for scheme, value in codes
            ],
            "description": self.summary,
        }


class CityQuerySet(NaturalKeyQuerySet, SearchableQuerySet):
    search_fields = ("name", "summary", "country__name")

    def for_listing(self):
        return self.select_related("country").annotate(programme_count=programme_count(self.model))

    def for_detail(self):
        return self.select_related("country").prefetch_related(
            "evidence__references", "programmes", "institutions"
        )

    def for_api(self):
        """A full record as the API and the catalogue archive show it, evidence included."""
        return self.for_listing().prefetch_related(evidence_prefetch())


class City(DocumentedRecord):
    """A city, region or other place that the paper names as a site of science diplomacy."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        REGION = "region", _("Region")
        PLACE = "place", _("Place (not a city)")

    name = models.CharField(_("name"), max_length=100, validators=[no_control_characters])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="cities", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.CITY)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    geonames_id = models.PositiveIntegerField(
        _("GeoNames id"),
        null=True,
        blank=True,
        unique=True,
        help_text=_(
            "The GeoNames gazetteer's id of the place, where one entry has its name, country "
            "and coordinates; empty otherwise (never guessed)."
        ),
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "slug"]  # case-insensitive, as `?ordering=name`
        verbose_name = _("city or place")
        verbose_name_plural = _("cities and places")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="city_unique_name_in_country"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="city_coordinates_both_and_in_range",
                violation_error_message=_(
                    "Give both latitude (within ±90) and longitude (within ±180), or neither."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("countries:city-detail", args=[self.slug])

    @property
    def geonames_url(self) -> str | None:
        """The place's GeoNames URI (its Linked Data identifier)."""
        return f"https://sws.geonames.org/{self.geonames_id}/" if self.geonames_id else None

    SCHEMA_TYPES = {Kind.CITY: "City", Kind.REGION: "AdministrativeArea", Kind.PLACE: "Place"}

    def json_ld(self, absolute) -> dict:
        """The place as schema.org describes it, with its coordinates where known."""
        url = absolute(self.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            "@type": self.SCHEMA_TYPES.get(self.kind, "Place"),
            "@id": url,
            "url": url,
            "name": self.name,
            "description": self.summary,
            "containedInPlace": {
                "@type": "Country",
                "@id": absolute(self.country.get_absolute_url()),
                "name": self.country.name,
            },
        }
        if self.latitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        if self.geonames_url:
            data["sameAs"] = self.geonames_url
        return data
