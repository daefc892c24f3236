"""The privacy settings of content/site.yml: checked like all content, and the one number the
assistant's session_config and the chat widget share."""

from __future__ import annotations

import copy
import json
import re

import pytest
import yaml
from rasa.shared.core.domain import Domain

from core.checking import ContentError
from core.content import load_content, load_site
from core.domain_responses import domain_responses
from core.paths import SITE_FILE
from core.site import parse_site
from tools.common.paths import PROJECT_DIR
from web.page import render_page


@pytest.fixture
def raw_site() -> dict:
    return copy.deepcopy(yaml.safe_load(SITE_FILE.read_text()))


@pytest.mark.parametrize("minutes", [0, -5, "thirty", 1441, True, 2.5])
def test_an_idle_time_that_is_not_whole_minutes_is_refused(raw_site: dict, minutes: object) -> None:
    raw_site["privacy"]["session_idle_minutes"] = minutes
    with pytest.raises(ContentError, match=r"site\.yml: privacy\.session_idle_minutes: expected whole minutes"):
        parse_site(raw_site)


def test_missing_widget_words_are_named(raw_site: dict) -> None:
    del raw_site["privacy"]["widget"]["delete_button"]
    raw_site["privacy"]["widget"]["end_chat"] = ""
    with pytest.raises(ContentError) as error:
        parse_site(raw_site)
    assert "privacy.widget: missing 'delete_button'" in str(error.value)
    assert "privacy.widget.end_chat: expected non-empty text" in str(error.value)


def test_the_session_expires_after_the_sites_idle_time_and_carries_nothing_over() -> None:
    content = load_content()
    generated = domain_responses(content)["session_config"]
    assert generated == {"session_expiration_time": content.site.privacy.session_idle_minutes,
                         "carry_over_slots_to_new_session": False}
    trained = Domain.load(str(PROJECT_DIR / "domain")).session_config  # what `rasa train` reads
    assert trained.session_expiration_time == content.site.privacy.session_idle_minutes
    assert trained.carry_over_slots is False


def test_the_widget_gets_the_same_idle_time_and_the_sites_words() -> None:
    html = render_page(load_content().page, load_site())
    attribute = re.search(r'data-privacy="([^"]*)"', html)
    assert attribute
    settings = json.loads(attribute.group(1).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&"))
    privacy = load_content().site.privacy
    assert settings == {"idle_minutes": privacy.session_idle_minutes, **privacy.widget}
