from django.contrib import admin

from catalogue.admin import DocumentedAdmin, EvidenceInline, inline_rows
from catalogue.models import Evidence
from initiatives.models import Figure, Institution, Programme, ProgrammeInstitution, ProgrammePillar
from initiatives.services import programme_set_relations


@admin.register(Institution)
class InstitutionAdmin(DocumentedAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind", "country__region", "country"]
    search_fields = ["name", "acronym", "slug", "summary"]
    autocomplete_fields = ["country", "city", "parent"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["country", "parent"]


class ProgrammePillarInline(admin.TabularInline):
    model = ProgrammePillar
    extra = 0


class ProgrammeInstitutionInline(admin.TabularInline):
    model = ProgrammeInstitution
    autocomplete_fields = ["institution"]
    extra = 0


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(DocumentedAdmin):
    list_display = ["name", "acronym", "kind", "status", "start_year", "end_year"]
    list_filter = ["kind", "status", "pillars", "countries__region", "countries"]
    search_fields = ["name", "acronym", "slug", "summary"]
    autocomplete_fields = ["countries", "cities", "part_of"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProgrammePillarInline, ProgrammeInstitutionInline, FigureInline, EvidenceInline]

    def save_relations(self, request, form, formsets) -> None:
        programme_set_relations(
            programme=form.instance,
            pillars=inline_rows(
                formsets, ProgrammePillar, ["pillar", "basis_kind", "basis", "evidence_passage"]
            ),
            institutions=inline_rows(formsets, ProgrammeInstitution, ["institution", "role"]),
            countries=form.cleaned_data.get("countries"),
            cities=form.cleaned_data.get("cities"),
            figures=inline_rows(formsets, Figure, ["label", "text", "quantity", "unit"]),
            evidence=inline_rows(formsets, Evidence, ["quote", "references"]),
            user=request.user,
        )
