"""Admin base for documented records, and the admin of the paper's footnotes and pillars."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import Evidence, Pillar, Reference
from catalogue.services import record_save, record_set_relations


def inline_rows(formsets, model, fields: list[str]) -> list[dict] | None:
    """The rows a valid inline of `model` holds once saved, as `{field: value}` in their
    `position` order (new rows left blank and deleted rows aside); None without that inline.
    """
    formset = next((formset for formset in formsets if formset.model is model), None)
    if formset is None:
        return None
    kept = [
        form
        for form in formset.forms
        if form not in formset.deleted_forms and (form.instance.pk or form.has_changed())
    ]
    kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)  # stable
    return [{name: form.cleaned_data[name] for name in fields} for form in kept]


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

    # Writes go through the services the API and the loader use, so that the history sees
    # a change the same way whoever makes it: the record's own fields here, then its
    # relations in save_related (simple_history's revert form only calls save_model).
    def save_model(self, request, obj, form, change):
        record_save(record=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            formset.save(commit=False)  # what the change message lists; the services write
        self.save_relations(request, form, formsets)

    def save_relations(self, request, form, formsets) -> None:
        record_set_relations(
            record=form.instance,
            evidence=inline_rows(formsets, Evidence, ["quote", "references"]),
            user=request.user,
        )


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["number", "authors", "title", "year"]
    search_fields = ["number", "text", "authors", "title"]
    list_filter = ["year"]
    readonly_fields = ["created", "modified"]

    def save_model(self, request, obj, form, change):
        record_save(record=obj, user=request.user)  # as the loader does


@admin.register(Pillar)
class PillarAdmin(DocumentedAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "definition"]
    prepopulated_fields = {"slug": ["name"]}
