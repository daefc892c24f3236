"""A simulated re-review, end to end: a copy of the page with a changed figure, an added
section and a removed sentence goes through `make import-page` in a copy of the project, and
the content check, `make validate`'s project checks and the unit tests still pass there.

The page is rendered from the content (tests/support/page_export.py), so nothing here is typed from it.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.checking import read_yaml
from core.content import load_content
from core.page import parse_page
from tests.support.page_export import text_export
from tests.support.project_copy import copy_project, run_python

NEW_SECTION = "Is it passed on in families?\n\nMost cases are not passed on. Your care team can tell you more.\n\n"
# The unit tests; the conversation, browser and reliability tests need servers and a model.
UNIT_TESTS = ["tests", "--ignore=tests/conversations", "--ignore=tests/browser", "--ignore=tests/reliability",
              "--ignore=tests/test_re_review.py", "--ignore=tests/test_plain_errors.py"]


def re_reviewed_export() -> tuple[str, str, str]:
    """The page with a figure changed, a sentence removed and a section added, with the ids of
    the changed and the removed sentence."""
    content = load_content()
    said = {(q.section, s) for q in content.answers.questions.values() for s in q.say}
    changed = next(s for sec, s in content.page.sentences() if re.search(r"\d", s.text) and (sec.id, s.id) in said
                   and not any(re.search(r"\d", w) for ws in s.terms.values() for w in ws))
    removed = next(s for sec, s in content.page.sentences() if (sec.id, s.id) not in said and not s.terms)
    bumped = re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), changed.text, count=1)
    export = text_export(content.page).replace(changed.text, bumped)
    # The removed sentence goes with the space between it and its neighbour in the paragraph.
    export = export.replace(f"{removed.text} ", "") if f"{removed.text} " in export else export.replace(
        f" {removed.text}", "")
    return export.replace("Next topic:", NEW_SECTION + "Next topic:"), changed.id, removed.id


def test_a_re_reviewed_page_goes_through_the_import_and_the_suite_still_passes(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    export, changed_id, removed_id = re_reviewed_export()
    (tmp_path / "page.txt").write_text(export, encoding="utf-8")

    imported = run_python(root, "-m", "tools.trainer.import_page", str(tmp_path / "page.txt"))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert f"sentence '{changed_id}'" in imported.stdout and f"sentence '{removed_id}'" in imported.stdout
    assert "(new)" in imported.stdout.split("not yet answered by any question type")[1]
    page = parse_page(read_yaml(root / "content" / "all_page.yml"))
    assert len(page.sections) == len(load_content().page.sections) + 1
    assert removed_id not in {s.id for _, s in page.sentences()}

    checked = run_python(root, "-m", "core", "--domain-responses", "domain/site_responses.yml")
    assert checked.returncode == 0, checked.stderr
    validated = run_python(root, "-m", "tools.trainer.validate")
    assert validated.returncode == 0, validated.stderr
    assert "no question type" in validated.stderr  # the new section, until a question type answers it
    tests = run_python(root, "-m", "pytest", "-q", "-p", "no:cacheprovider", *UNIT_TESTS)
    assert tests.returncode == 0, tests.stdout[-4000:]
