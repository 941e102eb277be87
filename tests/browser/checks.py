"""What the browser tests check on every page they open: axe-core's rules, and width."""

from playwright.sync_api import Page


def axe_violations(page: Page, axe_source: str) -> list[str]:
    """axe-core's violations on the page, each as "rule (impact): its first targets"."""
    page.evaluate(axe_source)  # evaluated by the browser, not subject to the CSP
    violations = page.evaluate("async () => (await axe.run()).violations")
    return [
        f"{violation['id']} ({violation['impact']}): "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in violations
    ]


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
