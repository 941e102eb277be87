"""An Atom feed of the catalogue's latest changes (/changes/feed.atom), for its followers."""

from django.contrib.syndication.views import Feed
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.exports import FEED_AUTHOR, FEED_ENTRIES, TextAtomFeed, tag_uri
from initiatives.models import Change

# The page namespace of each record type of the changes (references have no page of their own).
NAMESPACES = {
    "pillars": "initiatives",
    "institutions": "initiatives",
    "programmes": "initiatives",
    "countries": "countries",
    "cities": "countries",
}


class CatalogueChangesFeed(Feed):
    """The latest changes, as the lists' feeds are written (catalogue.exports): plain-text
    summaries, an author, `tag:` ids that do not depend on the host name."""

    feed_type = TextAtomFeed
    author_name = FEED_AUTHOR
    item_author_name = FEED_AUTHOR
    title = gettext_lazy("DiploHub: changes to the catalogue")
    subtitle = gettext_lazy("The latest records created, changed or deleted.")

    def link(self):
        return reverse("home")

    def items(self):
        return Change.objects.for_api().order_by("-time", "-id")[:FEED_ENTRIES]

    def item_title(self, item: Change):
        return f"{item.type}/{item.record_id}: {item.get_kind_display()}"

    def item_description(self, item: Change):
        return _("%(type)s %(id)s %(kind)s on %(time)s.") % {
            "type": item.type,
            "id": item.record_id,
            "kind": item.get_kind_display(),
            "time": item.time.isoformat(),
        }

    def item_link(self, item: Change):
        model = Change.TYPES[item.type]
        try:
            return reverse(f"{NAMESPACES[item.type]}:{model}-detail", args=[item.record_id])
        except (KeyError, NoReverseMatch):
            return reverse(f"api:{model}-detail", args=[item.record_id])

    def feed_guid(self):
        return tag_uri("changes")

    def item_guid(self, item: Change):
        return tag_uri(f"change:{item.id}")

    item_guid_is_permalink = False

    def item_updateddate(self, item: Change):
        return item.time

    def item_pubdate(self, item: Change):
        return item.time
