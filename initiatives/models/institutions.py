from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.models import (
    DocumentedRecord,
    NaturalKeyQuerySet,
    SearchableQuerySet,
    evidence_prefetch,
)
from catalogue.validators import no_control_characters
from initiatives.models.programmes import ProgrammeInstitution


class InstitutionQuerySet(NaturalKeyQuerySet, SearchableQuerySet):
    search_fields = ("name", "acronym", "summary")

    def for_listing(self):
        # A count per row (a correlated subquery), not a COUNT over the join grouped by
        # institution: the database then counts for the rows of the page alone, not for all
        # of them before choosing the page (0.3 s at 20,000 institutions).
        programmes = (
            ProgrammeInstitution.objects.filter(institution=models.OuterRef("pk"))
            .order_by()
            .values("institution")
            .annotate(count=models.Count("programme", distinct=True))
            .values("count")
        )
        return self.select_related("country", "city", "parent").annotate(
            programme_count=Coalesce(models.Subquery(programmes), 0)
        )

    def for_detail(self):
        return self.select_related("country", "city", "parent").prefetch_related(
            "evidence__references", "children", "programme_links__programme"
        )

    def for_api(self):
        """A full record as the API and the catalogue archive show it, evidence included."""
        return self.for_listing().prefetch_related(evidence_prefetch())


class Institution(DocumentedRecord):
    """An actor the paper presents: a ministry, agency, academy, network, company ..."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        INTERGOVERNMENTAL = "intergovernmental_organisation", _("Intergovernmental organisation")
        ACADEMY = "academy", _("Academy or learned society")
        UNIVERSITY = "university", _("University")
        RESEARCH_CENTRE = "research_centre", _("Research centre")
        NETWORK = "network", _("Network or NGO")
        COMPANY = "company", _("Company")
        CITY_NETWORK = "city_network", _("City network")
        RESEARCH_INFRASTRUCTURE = "research_infrastructure", _("Research infrastructure")
        THINK_TANK = "think_tank", _("Think tank")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, validators=[no_control_characters]
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind)
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("country"),
    )
    city = models.ForeignKey(
        "countries.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("city"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent institution"),
    )
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "slug"]  # case-insensitive, as `?ordering=name`
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="institution_unique_name"),
            models.UniqueConstraint(
                Lower("acronym"),
                condition=~models.Q(acronym=""),
                name="institution_unique_acronym",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="institution_not_own_parent",
                violation_error_message=_("An institution cannot be its own parent."),
            ),
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=1000, founded_year__lte=2100),
                name="institution_founded_year_plausible",
                violation_error_message=_("The founding year must be between 1000 and 2100."),
            ),
        ]

    def __str__(self):
        shows_acronym = self.acronym and self.acronym != self.name
        return f"{self.name} ({self.acronym})" if shows_acronym else self.name

    def get_absolute_url(self):
        return reverse("initiatives:institution-detail", args=[self.slug])

    def json_ld(self, absolute) -> dict:
        """The institution as schema.org describes an organization (`absolute` makes a path
        a URL); its country, city and parent where the paper gives them."""
        url = absolute(self.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "@id": url,
            "url": url,
            "name": self.name,
            "description": self.summary,
        }
        if self.acronym:
            data["alternateName"] = self.acronym
        if self.founded_year:
            data["foundingDate"] = str(self.founded_year)
        if self.city_id:
            data["location"] = {
                "@type": "Place",
                "@id": absolute(self.city.get_absolute_url()),
                "name": self.city.name,
            }
        if self.country_id:
            data["address"] = {"@type": "PostalAddress", "addressCountry": self.country.iso2}
        if self.parent_id:
            data["parentOrganization"] = {
                "@type": "Organization",
                "@id": absolute(self.parent.get_absolute_url()),
                "name": self.parent.name,
            }
        return data
