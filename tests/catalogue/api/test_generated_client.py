"""A typed client generated from the served schema (openapi-python-client) works anonymously.

The client is generated without warnings, then reads through httpx against the app itself
(pytest-django's live server, on this machine): a programme, a list with a descending sort
and the archive, all without a token and without warnings.
"""

import importlib
import json
import os
import subprocess
import sys
import warnings
import zipfile
from io import BytesIO
from pathlib import Path


def generate(schema: dict, where: Path) -> tuple[str, str]:
    (where / "schema.json").write_text(json.dumps(schema))
    tools = Path(sys.executable).parent  # the generator and ruff, which formats its output
    result = subprocess.run(
        [tools / "openapi-python-client", "generate", "--path", "schema.json", "--meta", "none"]
        + ["--output-path", "diplohub_client"],
        cwd=where,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    return result.stdout, result.stderr


def test_a_generated_client_reads_anonymously_without_warnings(
    api, live_server, catalogue, tmp_path, monkeypatch
):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    stdout, stderr = generate(schema, tmp_path)

    assert "warning" not in (stdout + stderr).lower(), stdout + stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    client_module = importlib.import_module("diplohub_client")
    retrieve = importlib.import_module("diplohub_client.api.programmes.programmes_retrieve")
    listing = importlib.import_module("diplohub_client.api.programmes.programmes_list")
    archive = importlib.import_module("diplohub_client.api.catalogue.archive_retrieve")
    ordering = importlib.import_module("diplohub_client.models.programmes_list_ordering_item")

    client = client_module.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    with client, warnings.catch_warnings():
        warnings.simplefilter("error")
        programme = retrieve.sync(client=client, id="bravo-network")
        page = listing.sync(client=client, ordering=[ordering.ProgrammesListOrderingItem.NAME_DESC])
        download = archive.sync(client=client)

    assert programme.name == "Bravo Network"
    assert programme.part_of.id == "alpha-fund"
    assert [record.id for record in page.results][:2] == ["foxtrot-project", "echo-fellowship"]
    assert "datapackage.json" in zipfile.ZipFile(BytesIO(download.payload.read())).namelist()
