"""`python -m core`: check the content files, as training and the tests do.

`python -m core --domain-responses FILE` also writes the Rasa responses that carry site
wording (the emergency message) from content/site.yml, for training.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.checking import ContentError
from core.content import read_content
from core.domain_responses import write_domain_responses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core", description=__doc__.splitlines()[0])
    parser.add_argument("--domain-responses", type=Path, help="write the generated domain responses here")
    args = parser.parse_args(argv)
    try:
        content = read_content()
    except ContentError as error:
        print(f"Content check failed:\n{error}", file=sys.stderr)
        return 1
    if args.domain_responses:
        write_domain_responses(content, args.domain_responses)
    print(f"Content OK: {len(content.page.sections)} sections, {len(content.answers.questions)} question types.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
