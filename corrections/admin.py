"""The curators' queue of suggested corrections."""

from django import forms
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from corrections.models import Suggestion
from corrections.services import suggestion_merge


class SuggestionAdminForm(forms.ModelForm):
    class Meta:
        model = Suggestion
        fields = ["status", "reason", "duplicate_of"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Suggestion.Status.REJECTED and not cleaned.get("reason"):
            self.add_error("reason", _("Say why it is rejected: the suggester will read it."))
        if status == Suggestion.Status.DUPLICATE and not cleaned.get("duplicate_of"):
            self.add_error("duplicate_of", _("Name the suggestion it duplicates."))
        if cleaned.get("duplicate_of") == self.instance:
            self.add_error("duplicate_of", _("A suggestion cannot duplicate itself."))
        if status == Suggestion.Status.ACCEPTED and not self.instance.record_changes():
            self.add_error(
                "status",
                _(
                    "Correct the record first (the link above opens it with the note "
                    "“%(note)s”): accepting names the change made for it."
                )
                % {"note": self.instance.note},
            )
        return cleaned


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """New suggestions first; a curator corrects the record in its own admin page, opened
    from here with the note `suggestion #N` (saved through the services, so the record's
    history keeps the change with that note, and its public Changes page says why), then
    marks the suggestion accepted, which needs that change; or rejects it with a reason; or
    marks it a duplicate of another."""

    form = SuggestionAdminForm
    list_display = ["record_name", "short_text", "status", "created"]
    list_filter = ["status", "content_type"]
    search_fields = ["record_name", "what_is_wrong", "passage"]
    readonly_fields = [
        "record_link",
        "changes_made",
        "what_is_wrong",
        "passage",
        "email",
        "created",
    ]
    fields = [*readonly_fields, "status", "reason", "duplicate_of"]
    raw_id_fields = ["duplicate_of"]
    actions = ["merge_into_oldest"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type")

    def has_add_permission(self, request):
        return False  # readers suggest; curators review

    @admin.display(description=_("what is wrong"))
    def short_text(self, obj):
        return obj.what_is_wrong[:80]

    @admin.display(description=_("record"))
    def record_link(self, obj):
        meta = obj.content_type
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return obj.record_name
        return format_html(
            '{} · <a href="{}?{}">{}</a>',
            obj.record_name,
            url,
            urlencode({"note": obj.note}),
            _("Correct the record for this suggestion"),
        )

    @admin.display(description=_("changes made for it"))
    def changes_made(self, obj):
        changes = obj.record_changes()
        if not changes:
            return _("None yet.")
        public = f"{obj.record.get_absolute_url()}changes/"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((public, formats.date_format(row.history_date, "DATETIME_FORMAT")) for row in changes),
        )

    @admin.action(description=_("Merge the selected suggestions into the oldest one"))
    def merge_into_oldest(self, request, queryset):
        suggestions = list(queryset.order_by("created", "id"))
        for suggestion in suggestions[1:]:
            suggestion_merge(suggestion=suggestion, into=suggestions[0])
