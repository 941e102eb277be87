"""Record page URLs follow where the site is mounted."""

from django.urls import set_script_prefix

from tests.factories import make_country, make_programme


def test_record_urls_follow_the_script_prefix(db):
    programme = make_programme(slug="newton-fund")
    country = make_country(iso2="MX")
    assert programme.get_absolute_url() == "/programmes/newton-fund/"
    assert country.get_absolute_url() == "/countries/mx/"
    set_script_prefix("/diplohub/")  # the site served under a path, e.g. behind a proxy
    try:
        assert programme.get_absolute_url() == "/diplohub/programmes/newton-fund/"
        assert country.get_absolute_url() == "/diplohub/countries/mx/"
    finally:
        set_script_prefix("/")
    assert programme.get_absolute_url() == "/programmes/newton-fund/"
