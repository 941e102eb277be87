"""The dataset's release (`manage.py release`): a Frictionless Data Package that the
reference implementation validates, built once per catalogue version, never half-written,
and the same file the API's archive serves."""

import fcntl
import hashlib
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import frictionless
import pytest
from django.core.management import call_command


def release(**kwargs) -> str:
    out = io.StringIO()
    call_command("release", stdout=out, **kwargs)
    return out.getvalue()


def built(settings) -> list[Path]:
    return sorted(Path(settings.ARCHIVE_DIR).glob("diplohub-catalogue-*.zip"))


def test_a_release_of_the_sample_catalogue_is_a_valid_data_package(
    sample_catalogue, settings, tmp_path
):
    output = release()

    assert "programmes: " in output  # progress, resource by resource
    [path] = built(settings)
    assert str(path) in output
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "package")
    report = frictionless.validate(tmp_path / "package" / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])
    # The zip as downloaded validates too.
    assert frictionless.validate(str(path)).valid

    package = frictionless.Package(tmp_path / "package" / "datapackage.json")
    names = {resource.name for resource in package.resources}
    assert {"programmes", "programmes-json", "countries", "programme_countries"} <= names
    programmes = package.get_resource("programmes")
    assert programmes.schema.primary_key == ["id"]
    csv_bytes = (tmp_path / "package" / "data" / "programmes.csv").read_bytes()
    assert programmes.hash.removeprefix("sha256:") == hashlib.sha256(csv_bytes).hexdigest()
    assert programmes.bytes == len(csv_bytes)
    rows = programmes.read_rows()
    assert len(rows) == sample_catalogue.totals()["programmes"]
    # Typed as the API types them.
    assert isinstance(rows[0]["created"], datetime)
    assert rows[0]["url"].startswith("http://testserver/api/v1/programmes/")
    links = package.get_resource("programme_countries")
    assert links.schema.foreign_keys[1]["reference"]["resource"] == "countries"


def test_the_release_names_its_version_licence_source_and_citation(sample_catalogue, settings):
    from catalogue.version import catalogue_version

    release()
    [path] = built(settings)
    descriptor = json.loads(zipfile.ZipFile(path).read("datapackage.json"))

    version = catalogue_version()
    assert descriptor["version"] == descriptor["catalogue"]["version"] == version.token
    assert descriptor["catalogue"]["date"] == version.date.isoformat()
    assert descriptor["created"]  # the build date
    assert descriptor["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        }
    ]
    assert "The quotations are the paper's, under its terms" in descriptor["rights"]
    [paper] = descriptor["sources"]
    assert (paper["author"], paper["publisher"], paper["year"]) == (
        "Alexis Roig",
        "Instituto Matías Romero",
        2020,
    )
    assert "Science and Technology Diplomacy" in paper["title"]
    assert version.token in descriptor["citation"]
    assert "http://testserver/api/v1/archive/" in descriptor["citation"]
    readme = zipfile.ZipFile(path).read("README.md").decode()
    assert descriptor["citation"] in readme and "CC-BY-4.0" in readme


def test_a_second_release_of_the_same_version_does_nothing(sample_catalogue, settings):
    release()
    [path] = built(settings)
    modified = path.stat().st_mtime_ns

    assert release().startswith("Up to date: ")
    assert built(settings) == [path] and path.stat().st_mtime_ns == modified


def test_a_new_version_replaces_the_old_release(sample_catalogue, settings):
    from initiatives.models import Programme

    release()
    [old] = built(settings)
    Programme.objects.order_by("slug").first().delete()
    release()

    [new] = built(settings)
    assert new != old
    descriptor = json.loads(zipfile.ZipFile(new).read("datapackage.json"))
    assert descriptor["catalogue"]["counts"]["programmes"] == (
        sample_catalogue.totals()["programmes"] - 1
    )


def test_a_failed_build_leaves_nothing_behind(sample_catalogue, settings, monkeypatch):
    from initiatives.api.serializers import ProgrammeSerializer

    def broken(self, record):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ProgrammeSerializer, "to_representation", broken)
    with pytest.raises(RuntimeError):
        release()

    leftovers = [p.name for p in Path(settings.ARCHIVE_DIR).iterdir() if p.name != "build.lock"]
    assert leftovers == []


def test_a_killed_builds_directory_is_removed_by_the_next_build(sample_catalogue, settings):
    killed = Path(settings.ARCHIVE_DIR) / ".build-killed"
    (killed / "data").mkdir(parents=True)
    (killed / "data" / "programmes.csv").write_text("id\n")

    release()

    assert not killed.exists()
    assert len(built(settings)) == 1


def test_the_api_archive_serves_the_release(sample_catalogue, settings, client):
    release()
    [path] = built(settings)

    response = client.get("/api/v1/archive/")

    assert response.status_code == 200
    assert response.getvalue() == path.read_bytes()
    assert response["Content-Disposition"] == f'attachment; filename="{path.name}"'


def test_while_a_release_is_being_built_the_archive_answers_at_once(
    sample_catalogue, settings, client
):
    """A large catalogue's build takes minutes: a request that finds another build under way
    is told to come back (503, Retry-After) rather than held, so that requests for the
    archive cannot take every worker thread; once built, it is served."""
    directory = Path(settings.ARCHIVE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as `manage.py release` holds it while it builds
        response = client.get("/api/v1/archive/")

        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert "being built" in response.json()["detail"]
        assert built(settings) == []

    assert client.get("/api/v1/archive/").status_code == 200
