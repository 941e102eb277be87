import pytest
from django.db import IntegrityError
from django.db.models import ProtectedError

from countries.models import Country
from tests.factories import make_city, make_country


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"iso2": "mx"},  # lower case
        {"iso2": "M"},  # too short
        {"iso3": "ME"},  # alpha-3 of two letters
        {"iso_3166_3": "SUH"},  # ISO 3166-3 codes have four letters
    ],
)
def test_country_codes_are_checked_by_the_database(values):
    with pytest.raises(IntegrityError):
        make_country(**values)


@pytest.mark.django_db
def test_country_codes_and_names_are_unique():
    make_country(iso2="MX", iso3="MEX", name="Mexico")
    with pytest.raises(IntegrityError):
        make_country(iso2="MX", iso3="MEY", name="Other")


@pytest.mark.django_db
def test_country_is_addressed_by_its_lower_case_code():
    country = make_country(iso2="MX", iso3="MEX", name="Mexico")
    assert not country.is_former
    assert make_country(iso_3166_3="SUHH").is_former


@pytest.mark.django_db
@pytest.mark.parametrize(
    "coordinates",
    [
        {"latitude": 91, "longitude": 0},
        {"latitude": 0, "longitude": 181},
        {"latitude": 10, "longitude": None},
    ],
)
def test_city_coordinates_are_both_given_and_in_range(coordinates):
    with pytest.raises(IntegrityError):
        make_city(**coordinates)


@pytest.mark.django_db
def test_a_place_that_is_not_a_city_fits_without_coordinates():
    place = make_city(name="Silicon Valley", slug="silicon-valley", kind="place")
    assert place.get_kind_display() == "Place (not a city)"
    assert place.latitude is None


@pytest.mark.django_db
def test_city_name_is_unique_within_its_country_only():
    spain, chile = make_country(), make_country()
    make_city(name="Santiago", slug="santiago-es", country=spain)
    make_city(name="Santiago", slug="santiago-cl", country=chile)
    with pytest.raises(IntegrityError):
        make_city(name="Santiago", slug="santiago-2", country=spain)


@pytest.mark.django_db
def test_a_country_with_cities_cannot_be_deleted():
    city = make_city()
    with pytest.raises(ProtectedError):
        Country.objects.filter(pk=city.country.pk).delete()
