import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.dataset import DATA_LICENCE, paper_json_ld
from catalogue.models import (
    DocumentedRecord,
    NaturalKeyQuerySet,
    SearchableQuerySet,
    evidence_prefetch,
)
from catalogue.models.pillars import Pillar
from catalogue.paper import normalise, validate_in_paper, validate_passage
from catalogue.validators import no_control_characters
from countries.models import City, Country

# A number as the paper prints it: "22", "8,400", "1.5".
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


class ProgrammeQuerySet(NaturalKeyQuerySet, SearchableQuerySet):
    search_fields = ("name", "acronym", "summary")

    def active_in(self, year: int):
        """Programmes the paper dates as running in `year`.

        A programme without an end year runs on only if it was still active in 2020; a
        historical one without an end year is known to have run in its start year alone.
        Undated programmes are left out: the paper does not say.
        """
        open_ended = Q(end_year__isnull=True) & (
            Q(status=Programme.Status.ACTIVE) | Q(start_year=year)
        )
        return self.filter(Q(start_year__lte=year) & (Q(end_year__gte=year) | open_ended))

    def for_listing(self):
        """What a list row or card shows: kind, status, years, and the lists `pillar_list`
        and `country_list` (prefetched as lists: no related manager per row)."""
        return self.prefetch_related(
            Prefetch(
                "pillars",
                queryset=Pillar.objects.only("slug", "name", "position"),
                to_attr="pillar_list",
            ),
            Prefetch("countries", queryset=_countries_brief(), to_attr="country_list"),
        )

    def for_detail(self):
        return self.select_related("part_of").prefetch_related(
            Prefetch("pillar_links", queryset=ProgrammePillar.objects.select_related("pillar")),
            Prefetch("countries", queryset=_countries_brief()),
            Prefetch("cities", queryset=_cities_brief()),
            Prefetch(
                "institution_links",
                queryset=ProgrammeInstitution.objects.select_related("institution"),
            ),
            "figures",
            "parts",
            "evidence__references",
        )

    def for_api(self):
        """A full record as the API, its CSV and the catalogue archive show it: each relation
        read once for all the records, into a list on each (`Prefetch(..., to_attr=...)`),
        which the serializer reads (`prefetched=`)."""
        return self.select_related("part_of").prefetch_related(
            Prefetch(
                "pillar_links",
                queryset=ProgrammePillar.objects.select_related("pillar"),
                to_attr="pillar_link_list",
            ),
            Prefetch("countries", queryset=_countries_brief(), to_attr="country_list"),
            Prefetch("cities", queryset=_cities_brief(), to_attr="city_list"),
            Prefetch(
                "institution_links",
                queryset=ProgrammeInstitution.objects.select_related("institution"),
                to_attr="institution_link_list",
            ),
            Prefetch("figures", to_attr="figure_list"),
            Prefetch("parts", to_attr="part_list"),
            evidence_prefetch(),
        )


def _countries_brief():
    return Country.objects.only("iso2", "name", "region", "subregion")


def _cities_brief():
    return City.objects.select_related("country").only("slug", "name", "country__iso2")


class Programme(DocumentedRecord):
    """Any initiative the paper describes: a fund, network, strategy, position, event ...

    Status is as of the paper (September 2020); years and figures only where the paper
    states them.
    """

    class Kind(models.TextChoices):
        FUND = "fund", _("Fund")
        NETWORK = "network", _("Network")
        FELLOWSHIP = "fellowship", _("Fellowship or scholarship")
        STRATEGY = "strategy", _("Strategy")
        ADVISORY_POSITION = "advisory_position", _("Advisory position")
        EVENT = "event", _("Conference or event")
        EXPEDITION = "expedition", _("Expedition")
        RESEARCH_PROJECT = "research_project", _("Research project")
        RESEARCH_INFRASTRUCTURE = "research_infrastructure", _("Research infrastructure")
        TRAINING = "training", _("Training")
        AGREEMENT = "agreement", _("Agreement")
        PUBLICATION = "publication", _("Publication")
        COOPERATION_PROGRAMME = "cooperation_programme", _("Cooperation programme")
        PROPOSAL = "proposal", _("Proposal")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        HISTORICAL = "historical", _("Historical")
        ACTIVE = "active", _("Active (as of 2020)")
        PROPOSED = "proposed", _("Proposed")
        UNSTATED = "unstated", _("Not stated in the paper")

    name = models.CharField(_("name"), max_length=250, validators=[no_control_characters])
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, validators=[no_control_characters]
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    status = models.CharField(_("status"), max_length=12, choices=Status)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    part_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
    )
    pillars = models.ManyToManyField(
        "catalogue.Pillar",
        through="ProgrammePillar",
        related_name="programmes",
        blank=True,
        verbose_name=_("pillars"),
    )
    pillar_note = models.TextField(
        _("note on its pillars"),
        blank=True,
        help_text=_(
            "The curator's reason, in their own words, for leaving the programme out of a "
            "pillar the paper does not support."
        ),
    )
    countries = models.ManyToManyField(
        "countries.Country", related_name="programmes", blank=True, verbose_name=_("countries")
    )
    cities = models.ManyToManyField(
        "countries.City", related_name="programmes", blank=True, verbose_name=_("cities")
    )
    institutions = models.ManyToManyField(
        "initiatives.Institution",
        through="ProgrammeInstitution",
        related_name="programmes",
        blank=True,
        verbose_name=_("institutions"),
    )

    objects = ProgrammeQuerySet.as_manager()
    _history_m2m_fields = ["countries", "cities"]  # the links the programme's history keeps

    class Meta:
        ordering = [Lower("name"), "slug"]  # case-insensitive, as `?ordering=name`
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="programme_unique_name"),
            models.UniqueConstraint(
                Lower("acronym"), condition=~Q(acronym=""), name="programme_unique_acronym"
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="programme_end_not_before_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(start_year__isnull=True) | Q(start_year__gte=1000, start_year__lte=2100)
                )
                & (Q(end_year__isnull=True) | Q(end_year__gte=1000, end_year__lte=2100)),
                name="programme_years_plausible",
                violation_error_message=_("Years must be between 1000 and 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(part_of=models.F("id")),
                name="programme_not_part_of_itself",
                violation_error_message=_("A programme cannot be part of itself."),
            ),
        ]
        # The kind, status and year filters read their programmes' ids from these alone
        # (and the country filter from its link table's, migration 0005).
        indexes = [
            models.Index(fields=["kind", "id"], name="programme_by_kind"),
            models.Index(fields=["status", "id"], name="programme_by_status"),
            models.Index(fields=["start_year", "id"], name="programme_by_start_year"),
            # A list in its default order (name without regard to case, then slug) reads its
            # first page from this: no sort of every programme (80 ms at 100,000).
            models.Index(Lower("name"), F("slug"), name="programme_by_name"),
        ]

    def __str__(self):
        shows_acronym = self.acronym and self.acronym != self.name
        return f"{self.name} ({self.acronym})" if shows_acronym else self.name

    def get_absolute_url(self):
        return reverse("initiatives:programme-detail", args=[self.slug])

    def json_ld(self, absolute) -> dict:
        """The programme as schema.org describes a project and, as a record of the paper, a
        creative work based on it (`absolute` makes a path a URL)."""
        url = absolute(self.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            "@type": ["Project", "CreativeWork"],
            "@id": url,
            "url": url,
            "name": self.name,
            "description": self.summary,
            "isBasedOn": paper_json_ld(),
            "license": DATA_LICENCE.url,
        }
        if self.acronym:
            data["alternateName"] = self.acronym
        if self.start_year:
            data["foundingDate"] = str(self.start_year)
        if self.end_year:
            data["dissolutionDate"] = str(self.end_year)
        places = [
            {"@type": "Country", "@id": absolute(c.get_absolute_url()), "name": c.name}
            for c in self.countries.all()
        ]
        if places:
            data["areaServed"] = places
        if self.part_of_id:
            data["isPartOf"] = {
                "@type": "Project",
                "@id": absolute(self.part_of.get_absolute_url()),
                "name": self.part_of.name,
            }
        return data

    # Django's get_<field>_display() rebuilds a dict of every choice, translating each label,
    # on every call: a tenth of a list row's rendering. The choice itself is enough.
    def get_kind_display(self):
        return _choice_label(self.Kind, self.kind)

    def get_status_display(self):
        return _choice_label(self.Status, self.status)


def _choice_label(choices: type[models.TextChoices], value: str):
    """A value's label, or the value itself if it is not one of the choices (as Django's)."""
    try:
        return choices(value).label
    except ValueError:
        return value


class ProgrammePillar(models.Model):
    """A programme's pillar, with the passage of the paper that supports the assignment.

    Two kinds of basis: the paper presents the initiative as an *example* of the pillar (the
    basis quotes that passage), or a curator placed it by the paper's *definition* of the
    pillar (the basis quotes the definition's sentence, and `evidence_passage` the part of
    the programme's own evidence that shows an activity the definition names).
    """

    class BasisKind(models.TextChoices):
        EXAMPLE = "example", _("The paper's example of this pillar")
        DEFINITION = "definition", _("Placed here by the paper's definition of the pillar")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pillar_links")
    pillar = models.ForeignKey(
        "catalogue.Pillar", on_delete=models.PROTECT, related_name="programme_links"
    )
    basis_kind = models.CharField(
        _("kind of basis"), max_length=10, choices=BasisKind, default=BasisKind.EXAMPLE
    )
    basis = models.TextField(
        _("basis"),
        validators=[validate_passage],
        help_text=_(
            "The passage of the paper that places the programme in this pillar: the example, "
            "or the sentence that defines the pillar."
        ),
    )
    evidence_passage = models.TextField(
        _("evidence of the activity"),
        blank=True,
        validators=[validate_passage],
        help_text=_(
            "For a placement by definition: the part of the programme's own evidence that "
            "shows an activity the definition names."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pillar__position"]
        verbose_name = _("pillar of a programme")
        verbose_name_plural = _("pillars of programmes")
        constraints = [
            models.UniqueConstraint(fields=["programme", "pillar"], name="programme_pillar_once"),
            models.CheckConstraint(
                condition=Q(basis_kind="example", evidence_passage="")
                | (Q(basis_kind="definition") & ~Q(evidence_passage="")),
                name="programme_pillar_evidence_by_kind",
                violation_error_message=_(
                    "A placement by definition names the programme's evidence of the activity; "
                    "an example does not."
                ),
            ),
        ]
        # The pillar filter reads a pillar's programmes from the index alone.
        indexes = [models.Index(fields=["pillar", "programme"], name="programme_pillar_by_pillar")]

    def __str__(self):
        return f"{self.programme} — {self.pillar}"

    def clean(self):
        # The programme's evidence is checked where it is known with the link (the loader,
        # the API); the pillar's definition is known here.
        if self.is_by_definition and self.pillar_id is not None:
            quote = self.pillar.definition_quote
            if not quote or normalise(self.basis) != normalise(quote):
                raise ValidationError(
                    {
                        "basis": _(
                            "A placement by definition quotes the paper's definition of the pillar."
                        )
                    }
                )

    @property
    def is_by_definition(self) -> bool:
        return self.basis_kind == self.BasisKind.DEFINITION


def pillar_basis_problems(
    *, basis_kind: str, basis: str, evidence_passage: str, definition_quote: str, evidence
) -> list[str]:
    """What is wrong with a placement's basis, given the pillar's definition sentence and the
    programme's evidence quotes: the loader, the API and the admin ask the same questions."""
    if basis_kind != ProgrammePillar.BasisKind.DEFINITION:
        return []
    problems = []
    if not definition_quote or normalise(basis) != normalise(definition_quote):
        problems.append(
            str(_("A placement by definition quotes the paper's definition of the pillar."))
        )
    passage = normalise(evidence_passage or "")
    if not passage or not any(passage in normalise(quote) for quote in evidence):
        problems.append(
            str(_("The evidence of the activity must be part of the programme's own evidence."))
        )
    return problems


class ProgrammeInstitution(models.Model):
    """An institution's part in a programme."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        FUNDER = "funder", _("Funder")
        COORDINATOR = "coordinator", _("Coordinator")
        OPERATOR = "operator", _("Operator")
        HOST = "host", _("Host")
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")
        PARTICIPANT = "participant", _("Participant")
        OVERSEER = "overseer", _("Overseer")  # CERN is "officially overseen by" the UN

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="institution_links"
    )
    institution = models.ForeignKey(
        "initiatives.Institution", on_delete=models.PROTECT, related_name="programme_links"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "institution__name"]
        verbose_name = _("institution in a programme")
        verbose_name_plural = _("institutions in programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "institution", "role"], name="programme_institution_role_once"
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "programme"], name="programme_institution_by_inst")
        ]

    def __str__(self):
        return f"{self.institution} — {self.get_role_display()} — {self.programme}"


class Figure(models.Model):
    """A figure the paper gives for a programme (a budget, a count), verbatim with its unit."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=100)
    text = models.CharField(
        _("as printed"),
        max_length=200,
        validators=[validate_in_paper],
        help_text=_("The figure exactly as the paper prints it."),
    )
    quantity = models.DecimalField(
        _("quantity"),
        # 15 digits: what SQLite keeps exactly (it stores decimals as floats), and what the
        # API takes and shows (a longer quantity, once allowed here, made the API fail).
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self):
        return f"{self.label}: {self.text}"

    @property
    def quantity_repeats_text(self) -> bool:
        """Whether the paper's text already shows the quantity as a number ("22 member
        states", "over 8,400 research groups"), so that a page shows the figure once; where
        it does not ("£1.5-billion", "five Chinese cities") the quantity adds to it."""
        if self.quantity is None:
            return False
        printed = {Decimal(number.replace(",", "")) for number in _NUMBER.findall(self.text)}
        return self.quantity in printed
