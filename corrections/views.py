"""'Suggest a correction' on every record page, and the suggester's private status page."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from rest_framework.throttling import SimpleRateThrottle

from corrections.forms import SuggestionForm
from corrections.models import Suggestion
from corrections.services import suggestion_create


class SuggestionThrottle(SimpleRateThrottle):
    """Suggestions per client and minute (REST_FRAMEWORK's "corrections" rate), counted in
    the cache by client address as the API's throttles count requests."""

    scope = "corrections"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SuggestCorrectionView(View):
    """The form under a record's page (`<record>/correction/`); works without JavaScript."""

    model = None
    slug_field = "slug"
    slug_url_kwarg = "slug"
    template_name = "corrections/suggest.html"

    def get_record(self):
        key = self.kwargs[self.slug_url_kwarg]
        if self.slug_field == "iso2":
            key = key.upper()
        return get_object_or_404(self.model, **{self.slug_field: key})

    def get(self, request, *args, **kwargs):
        return self.render(self.get_record(), SuggestionForm())

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        throttle = SuggestionThrottle()
        if not throttle.allow_request(request, self):
            response = self.render(record, SuggestionForm(), status=429, throttled=True)
            response["Retry-After"] = str(int(throttle.wait() or 60))
            return response
        form = SuggestionForm(request.POST)
        if not form.is_valid():
            return self.render(record, form, status=400)
        if form.is_robot:
            return redirect("corrections:thanks")  # dropped without a word
        suggestion = suggestion_create(
            record=record,
            what_is_wrong=form.cleaned_data["what_is_wrong"],
            passage=form.cleaned_data["passage"],
            email=form.cleaned_data["email"],
        )
        return redirect(reverse("corrections:status", args=[suggestion.token]) + "?new=1")

    def render(self, record, form, status=200, throttled=False):
        context = {"object": record, "form": form, "throttled": throttled}
        return TemplateResponse(self.request, self.template_name, context, status=status)


def thanks(request):
    return TemplateResponse(request, "corrections/thanks.html")


def status(request, token: str):
    """The suggester's private page (its address is the secret): what curators decided."""
    suggestion = get_object_or_404(Suggestion.objects.select_related("duplicate_of"), token=token)
    record = suggestion.record if suggestion.status == Suggestion.Status.ACCEPTED else None
    return TemplateResponse(
        request,
        "corrections/status.html",
        {
            "suggestion": suggestion,
            "new": "new" in request.GET,
            # Where the correction shows, with its reason (the record's public Changes page).
            "changes_url": f"{record.get_absolute_url()}changes/" if record else None,
        },
    )
