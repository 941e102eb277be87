from django import forms
from django.utils.translation import gettext_lazy as _

from corrections.models import Suggestion


class SuggestionForm(forms.ModelForm):
    # A field people never see (hidden by CSS, skipped by keyboard): only robots fill it.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Suggestion
        fields = ["what_is_wrong", "passage", "email"]
        help_texts = {
            "what_is_wrong": _("What is wrong in this record, and what it should say."),
            "passage": _("Optional: the passage of the paper that shows it."),
            "email": _("Optional: to follow what curators decide. Never published."),
        }

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
