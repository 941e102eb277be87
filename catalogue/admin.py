"""Admin base for documented records, and the admin of the paper's footnotes and pillars."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import Evidence, Pillar, Reference


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
