"""The API's documentation pages work under the site's Content-Security-Policy."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_break_no_rule_of_the_content_security_policy(page, site):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(site + "/api/v1/docs/")
    page.get_by_text("DiploHub API").first.wait_for()
    assert refused == []
