from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from initiatives.models import (
    Evidence,
    Figure,
    Institution,
    Pillar,
    Programme,
    ProgrammeInstitution,
    ProgrammePillar,
    Reference,
)


class EvidenceInline(GenericTabularInline):
    """The passages of the paper a record rests on; a record needs at least one."""

    model = Evidence
    fields = ["position", "quote", "references"]
    autocomplete_fields = ["references"]
    extra = 0
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        # The admin passes min_num but not validate_min: without it, zero passages would save.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class DocumentedAdmin(SimpleHistoryAdmin):
    """Admin for a record that carries evidence from the paper; its History shows every
    change, who made it and when (admin, API or loader)."""

    inlines = [EvidenceInline]
    readonly_fields = ["created", "modified"]


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["number", "authors", "title", "year"]
    search_fields = ["number", "text", "authors", "title"]
    list_filter = ["year"]
    readonly_fields = ["created", "modified"]


@admin.register(Pillar)
class PillarAdmin(DocumentedAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "definition"]
    prepopulated_fields = {"slug": ["name"]}


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
