from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from catalogue.version import install_after_migrate

        # After every migrate (and test database set-up): the triggers that keep the
        # catalogue's version, on every catalogue table that exists by then.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid=__name__)
