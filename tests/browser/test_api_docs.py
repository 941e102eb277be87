"""The API's documentation pages work under the site's Content-Security-Policy."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", ["/api/v1/redoc/", "/api/v1/docs/"])
def test_the_api_docs_break_no_rule_of_the_content_security_policy(page, site, path):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(site + path)
    page.get_by_text("DiploHub API").first.wait_for()
    if path == "/api/v1/redoc/":
        # The search box works: its index is built in a worker the policy allows here.
        page.get_by_placeholder("Search...").fill("programmes")
        page.locator(
            '[role="search"] li, .search-results li, [data-role="search:result"]'
        ).first.wait_for()
    assert refused == []
