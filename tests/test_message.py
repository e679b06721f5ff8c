"""kzdash.message: a message is its English text and knows how it was made,
so a page can show it in its own language."""

from __future__ import annotations

import pickle

from kzdash.i18n import ENGLISH, translator
from kzdash.load import Problem
from kzdash.message import N_, Message

# Real templates from the loader, so the catalogs translate them.
UNKNOWN = Message(N_("{where}: unknown region id {value}; did you mean {close}?"),
                  where="events[3].regions[0]", value="'KZ-MAM'", close="'KZ-MAN'")
TOO_LARGE = Message(N_("{where}: archive {archive} is larger than the limit of {limit} bytes"),
                    where="sources[0].archive", archive="'archive/a.txt'", limit=20971520)
FOUND = Message(N_("{where}: {problem} (found {value})"), where="events[1].category",
                problem=Message(N_("Input should be {expected}"),
                                expected=Message(N_("{choices} or {last}"),
                                                 choices="'protest', 'unrest'", last="'other'")),
                value="'politics'")


def test_a_message_is_its_english_text():
    assert UNKNOWN == "events[3].regions[0]: unknown region id 'KZ-MAM'; did you mean 'KZ-MAN'?"
    assert str(TOO_LARGE) == ("sources[0].archive: archive 'archive/a.txt' is larger than the "
                              "limit of 20,971,520 bytes")
    assert str(FOUND) == ("events[1].category: Input should be 'protest', 'unrest' or 'other' "
                          "(found 'politics')")
    problem = Problem("ds/events.yaml", 7, FOUND, 5)
    assert str(problem) == f"ds/events.yaml:7:5: {FOUND}"  # what the command line prints


def test_a_message_keeps_its_template_and_values():
    assert UNKNOWN.template == "{where}: unknown region id {value}; did you mean {close}?"
    assert UNKNOWN.values == {"where": "events[3].regions[0]", "value": "'KZ-MAM'",
                              "close": "'KZ-MAN'"}
    assert repr(UNKNOWN).startswith("Message('{where}: unknown region id")


def test_nested_messages_and_numbers_are_shown_in_the_language():
    ru = translator("ru")
    assert FOUND.translate(ru) == ("events[1].category: Допустимые значения: 'protest', 'unrest' "
                                   "или 'other' (найдено: 'politics')")
    assert TOO_LARGE.translate(ru).endswith(
        "(20\N{NO-BREAK SPACE}971\N{NO-BREAK SPACE}520 байт)")
    assert TOO_LARGE.translate(ENGLISH) == str(TOO_LARGE)


def test_a_position_given_as_text_is_not_grouped_and_a_flag_is_not_a_number():
    at = Message("{where}: line {line}, flag {flag}", where="x", line="12345", flag=True)
    assert at == "x: line 12345, flag True"
    assert at.translate(translator("ru")) == "x: line 12345, flag True"


def test_a_message_without_a_translation_shows_in_english():
    new = Message("{where}: a message no catalog has yet", where="events[0]")
    assert new.translate(translator("ru")) == "events[0]: a message no catalog has yet"
    assert new.translate(translator("kk")) == "events[0]: a message no catalog has yet"


def test_n_marks_without_changing_the_text():
    assert N_("{where}: found {value}") == "{where}: found {value}"


def test_a_message_survives_pickling_with_what_it_was_made_from():
    problem = Problem("ds/events.yaml", 7, FOUND, 5)
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and isinstance(again.message, Message)
    assert again.message.template == FOUND.template
    assert again.message.values["problem"].template == "Input should be {expected}"
    assert again.message.translate(translator("ru")) == FOUND.translate(translator("ru"))
    braces = Message(N_("{where}: {problem}"), where="x", problem="found {0} and {name}")
    assert pickle.loads(pickle.dumps(braces)) == "x: found {0} and {name}"
