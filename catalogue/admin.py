"""Admin base for documented records, and the admin of the paper's footnotes and pillars."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from catalogue.concurrency import RecordChanged, check_record_version, record_version
from catalogue.models import Evidence, Pillar, Reference
from catalogue.services import NOTE_MAX, change_note, record_save, record_set_relations


def inline_rows(formsets, model, fields: list[str]) -> list[dict] | None:
    """The rows a valid inline of `model` holds once saved, as `{field: value}` in their
    `position` order (new rows left blank and deleted rows aside); None without that inline.
    """
    formset = next((formset for formset in formsets if formset.model is model), None)
    if formset is None:
        return None
    return [row for _form, row in _kept_rows(formset, fields)]


class VersionedForm(forms.ModelForm):
    """A change form that carries the version of the record it was opened on, and refuses
    to save over a change made since (catalogue.concurrency): the curator then sees who
    changed it and when, their values beside the current ones, and keeps their input."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Why the change is made: kept in the history and shown on the record's public Changes
    # page (VersionedAdmin writes it through catalogue.services.change_note).
    note = forms.CharField(
        label=_("Why (shown on the public Changes page)"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("Optional: why you make this change, e.g. the footnote that shows it."),
    )
    note_initial = ""  # from the change page's ?note= (a suggestion's "correct the record")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].initial = self.note_initial
        self.conflict = None
        if self.instance.pk is not None:
            self.fields["version"].initial = record_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        try:
            # The admin's change view is one transaction: the row stays locked until saved.
            check_record_version(record=self.instance, version=cleaned.get("version"))
        except RecordChanged as changed:
            self.conflict = self._conflict(changed)
            # Saving again from this page is a deliberate choice to overwrite what is shown.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = record_version(changed.current)
            raise forms.ValidationError(
                _(
                    "This record was changed by %(user)s at %(time)s since you opened it. "
                    "Your values are kept below; compare them with the current ones, "
                    "then save again to keep yours."
                ),
                code="stale",
                params={
                    "user": changed.by or _("the catalogue loader"),
                    "time": formats.date_format(changed.at, "DATETIME_FORMAT"),
                },
            ) from None
        return cleaned

    def _conflict(self, changed: RecordChanged) -> list[dict]:
        """The fields whose current value differs from the curator's, side by side."""
        rows = []
        for name, field in self.fields.items():
            if name in ("version", "note") or name not in self.cleaned_data:
                continue
            model_field = self.instance._meta.get_field(name)
            current = _shown(model_field.value_from_object(changed.current))
            yours = _shown(field.prepare_value(self.cleaned_data[name]))
            if current != yours:
                rows.append({"label": field.label, "yours": yours, "current": current})
        return rows


def inline_conflicts(formsets) -> list[dict]:
    """The inlines (passages, pillars, figures...) whose rows, as the curator submitted them,
    differ from the current ones, side by side: a row per line, its fields joined by " · "."""
    conflicts = []
    for formset in formsets:
        if not formset.is_bound or not formset.is_valid():
            continue
        skipped = {
            "id",
            "DELETE",
            "ORDER",
            "position",
            getattr(getattr(formset, "fk", None), "name", None),
        }
        names = [name for name in formset.form.base_fields if name not in skipped]
        fields = {name: formset.model._meta.get_field(name) for name in names}
        current = [
            " · ".join(_shown(field.value_from_object(row)) for field in fields.values())
            # A fresh read: the formset's own instances hold the curator's values by now.
            for row in formset.get_queryset().all()
        ]
        yours = [
            " · ".join(_shown(form.fields[name].prepare_value(row[name])) for name in names)
            for form, row in _kept_rows(formset, names)
        ]
        if current != yours:
            conflicts.append(
                {
                    "label": capfirst(formset.model._meta.verbose_name_plural),
                    "yours": "\n".join(yours),
                    "current": "\n".join(current),
                }
            )
    return conflicts


def _kept_rows(formset, names):
    kept = [
        form
        for form in formset.forms
        if form not in formset.deleted_forms and (form.instance.pk or form.has_changed())
    ]
    kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)  # stable
    return [(form, {name: form.cleaned_data.get(name) for name in names}) for form in kept]


def _shown(value) -> str:
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(sorted(str(getattr(item, "pk", item)) for item in value))
    return "" if value is None else str(value)


class VersionedAdmin(SimpleHistoryAdmin):
    """Admin whose change form refuses to overwrite a change made since it was opened, and
    whose changes say why they were made (the form's note) in the record's history."""

    form = VersionedForm
    change_form_template = "admin/catalogue/versioned_change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.method == "GET" and request.GET.get("note"):
            form = type(form.__name__, (form,), {"note_initial": request.GET["note"][:NOTE_MAX]})
        return form

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        if form.conflict is not None:  # the inlines' rows side by side too
            form.conflict += inline_conflicts(
                inline.formset for inline in context["inline_admin_formsets"]
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The note reaches every history row the save leaves (the record's and its
        # relations'); a note longer than the form allows fails validation, saving nothing.
        note = request.POST.get("note", "") if request.method == "POST" else ""
        with change_note(note[:NOTE_MAX]):
            return super().changeform_view(request, object_id, form_url, extra_context)


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


class DocumentedAdmin(VersionedAdmin):
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
class ReferenceAdmin(VersionedAdmin):
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
