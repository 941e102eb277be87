from django.views.generic import TemplateView

from countries.models import City, Country
from initiatives.models import Institution, Pillar, Programme


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pillars=Pillar.objects.all(),
            counts={
                "programmes": Programme.objects.count(),
                "institutions": Institution.objects.count(),
                "countries": Country.objects.count(),
                "cities": City.objects.count(),
            },
            **kwargs,
        )
