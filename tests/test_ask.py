"""`make ask`: reading the staff's question files, and the result CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from core.content import load_content
from tests.support.domain_text import domain, said
from tests.support.page_facts import answer_text, symptom
from tools.servers import Parse
from tools.staff import ask
from tools.staff.ask import AskError, Result, parse_questions, write_results


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_text_file_one_question_a_line(tmp_path: Path) -> None:
    content = "# asked at the front desk\nwhat is ALL?\n\n   is  it   contagious \nsurvival rate\n"
    path = write(tmp_path, "q.txt", content)
    assert parse_questions(path) == ["what is ALL?", "is it contagious", "survival rate"]


def test_csv_with_a_question_column_in_any_case_and_a_bom(tmp_path: Path) -> None:
    content = '\ufeffid, Question ,source\n1,"what is ALL, exactly?",desk\n2,,desk\n3,how is it treated,web\n'
    assert parse_questions(write(tmp_path, "q.csv", content)) == ["what is ALL, exactly?", "how is it treated"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", "no questions found"),
        ("blank.txt", "\n   \n# only a comment\n", "no questions found"),
        ("q.csv", "id,text\n1,what is ALL\n", "needs a 'question' column (columns found: 'id', 'text')"),
        ("empty.csv", "", "needs a 'question' column (columns found: none)"),
        ("header-only.csv", "question\n", "no questions found"),
        ("latin1.txt", "caf\xe9 question\n".encode("latin-1"), "not a UTF-8 text file"),
        ("q.xlsx", b"PK\x03\x04\x00\x00binary", "binary file"),
    ],
)
def test_unusable_files_get_a_clear_message(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    with pytest.raises(AskError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_questions(write(tmp_path, name, content))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(AskError, match="file not found"):
        parse_questions(tmp_path / "nope.txt")
    with pytest.raises(AskError, match="not a file"):
        parse_questions(tmp_path)


def test_the_command_stops_before_starting_servers_on_a_bad_file(tmp_path: Path, capsys) -> None:
    assert ask.main([str(tmp_path / "missing.txt")]) == 2
    assert "Cannot ask:" in capsys.readouterr().err
    assert ask.main([]) == 2
    assert "Usage: make ask FILE=" in capsys.readouterr().err


def test_result_csv_holds_intent_confidence_entities_and_full_reply(tmp_path: Path) -> None:
    fever = symptom("fever")  # the page's name for it, as the NLU gives it
    reply = f"{answer_text('ask_symptoms')}\n{said('utter_ask_feedback')}"  # several lines
    book, helpful = load_content().site.buttons.book, domain().responses["utter_ask_feedback"][0]["buttons"][0]["title"]
    result = Result("is fever a symptom?", Parse("ask_symptoms", 0.98765, (("symptom", fever),)), reply,
                    (book, helpful))
    out = tmp_path / "sub" / "out.csv"
    write_results([result], out)
    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row == {"question": "is fever a symptom?", "intent": "ask_symptoms", "confidence": "0.988",
                   "entities": f"symptom={fever}", "reply": reply, "buttons": f"{book} | {helpful}"}
