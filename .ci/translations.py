"""The Spanish catalogue, locale/es/LC_MESSAGES/django.po: bring it up to date, or check it.

    python .ci/translations.py update   # `make messages`: makemessages, then compilemessages
    python .ci/translations.py check    # `make lint`: fails, saying why, when

- `update` would change the entries: a fresh extraction (the same makemessages options, run in
  a copy of the tree) gives other msgids, contexts, plural forms, format flags or comments for
  translators than the committed .po. Location comments (`#: file`) and the header are not
  compared: they follow code that moves, and carry no translation;
- an entry is untranslated or fuzzy (translate it in Poedit or Weblate, then clear the flag);
- the committed django.mo is not what compilemessages makes of the .po (compared as parsed
  catalogues, since msgfmt versions may lay out the same catalogue in different bytes).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "es"
PO = ROOT / "locale" / LOCALE / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# Locations name the file only: a translator sees where a string lives, and moving code within
# a file does not rewrite the catalogue.
MAKEMESSAGES = [
    "makemessages",
    f"--locale={LOCALE}",
    "--no-obsolete",
    "--add-location=file",
    "--ignore=node_modules",
    "--ignore=static/vendor",
    "--ignore=staticfiles",
    "--ignore=benchmarks",
    "--ignore=tests",
]
# The directories makemessages never reads, left out of the copy (it already skips dot-dirs).
NOT_COPIED = shutil.ignore_patterns(
    ".*", "node_modules", "staticfiles", "vendor", "__pycache__", "db.sqlite3*"
)


def manage(*args: str, cwd: Path) -> None:
    # Development settings (DEBUG is off unless set, and then needs a real SECRET_KEY).
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG") or "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=cwd, capture_output=True, text=True, env=env
    )
    if result.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{result.stderr}")


def update() -> None:
    manage(*MAKEMESSAGES, cwd=ROOT)
    manage("compilemessages", f"--locale={LOCALE}", cwd=ROOT)


def key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def describe(entry_key: tuple) -> str:
    context, msgid, plural = entry_key
    return (f"[{context}] " if context else "") + repr(msgid) + (f" / {plural!r}" if plural else "")


def source_form(entry: polib.POEntry) -> tuple:
    """What makemessages decides about an entry (translators decide the rest)."""
    return (sorted(flag for flag in entry.flags if flag != "fuzzy"), entry.comment)


def extraction_problems(fresh: polib.POFile, committed: polib.POFile) -> list[str]:
    expected = {key(entry): source_form(entry) for entry in fresh if not entry.obsolete}
    found = {key(entry): source_form(entry) for entry in committed if not entry.obsolete}
    problems = [f"not in the .po: {describe(k)}" for k in expected.keys() - found.keys()]
    problems += [f"no longer in the code: {describe(k)}" for k in found.keys() - expected.keys()]
    problems += [
        f"flags or comments differ: {describe(k)}"
        for k in expected.keys() & found.keys()
        if expected[k] != found[k]
    ]
    problems += [f"obsolete: {describe(key(entry))}" for entry in committed.obsolete_entries()]
    return problems


def translation_problems(committed: polib.POFile) -> list[str]:
    return [f"untranslated: {describe(key(e))}" for e in committed.untranslated_entries()] + [
        f"fuzzy: {describe(key(e))}" for e in committed.fuzzy_entries()
    ]


def catalogue(mo: polib.MOFile) -> tuple[dict, dict]:
    entries = {key(entry): (entry.msgstr, sorted(entry.msgstr_plural.items())) for entry in mo}
    return entries, dict(mo.metadata)


def compiled_problems(po_path: Path, mo_path: Path, scratch: Path) -> list[str]:
    fresh_mo = scratch / "django.mo"
    # The options compilemessages gives msgfmt; --check-format also catches a translation
    # whose %(name)s placeholders differ from the English.
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", str(fresh_mo), str(po_path)],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        return [f"msgfmt: {line}" for line in result.stderr.splitlines()]
    if not mo_path.exists():
        return [f"{mo_path.name} is missing: run `make messages`"]
    if catalogue(polib.mofile(str(fresh_mo))) != catalogue(polib.mofile(str(mo_path))):
        return [f"{mo_path.name} is stale: run `make messages` (or compilemessages)"]
    return []


def extract(scratch: Path) -> polib.POFile:
    tree = scratch / "tree"
    shutil.copytree(ROOT, tree, ignore=NOT_COPIED)
    shutil.rmtree(tree / "locale" / LOCALE)  # a fresh extraction, not a merge into the old one
    manage(*MAKEMESSAGES, cwd=tree)
    return polib.pofile(str(tree / PO.relative_to(ROOT)))


def check() -> list[str]:
    committed = polib.pofile(str(PO))
    with tempfile.TemporaryDirectory() as scratch:
        return (
            extraction_problems(extract(Path(scratch)), committed)
            + translation_problems(committed)
            + compiled_problems(PO, MO, Path(scratch))
        )


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) == 2 else ""
    if command == "update":
        update()
    elif command == "check":
        problems = check()
        if problems:
            rel = PO.relative_to(ROOT)
            print(f"{rel} is out of step ({len(problems)}):", *problems, sep="\n  ")
            print("Run `make messages`, translate what it adds, and commit the .po and .mo.")
            sys.exit(1)
    else:
        sys.exit(__doc__)
