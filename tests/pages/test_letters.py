"""The letters, their search, and a letter's passages linked to the facts they produced."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from api.services import Services
from projections.passages import letter_text
from tests.pages.conftest import P
from tests.pages.test_schedule import page


def test_the_letters_are_listed_and_searched(client: FlaskClient) -> None:
    html = page(client, f"{P}/letters")
    assert html.count('<li>\n    <a href="/processes/gcm-2018/letters/') == 4
    html = page(client, f"{P}/letters?q=fourth+round")
    assert "1 letter matches “fourth round”." in html
    assert f'href="{P}/letters/2018-03-01-co-facilitators"' in html
    assert f'href="{P}/letters/2018-02-14-co-facilitators"' not in html
    assert 'value="fourth round"' in html


def test_a_search_with_control_characters_is_an_error_by_the_box(client: FlaskClient) -> None:
    html = page(client, f"{P}/letters?q=a%01b", 422)
    assert 'id="q-error"' in html and "control characters" in html


def test_each_passage_that_made_a_fact_is_highlighted_and_linked(client: FlaskClient) -> None:
    html = page(client, f"{P}/letters/2018-03-01-co-facilitators")
    passage = html.split('<mark class="passage" id="line-9">')[1].split("</mark>")[0]
    assert passage.startswith(f'<a href="{P}/sessions/round-3#v2">')
    assert "The third round of negotiations has been rescheduled to 9-12 April 2018." in passage
    assert html.count('<mark class="passage"') == 4
    # The facts listed beside the text, each back to its passage.
    assert 'href="#line-13">Line 13</a>' in html
    assert "round-5 version 2: room changed</a>, recorded by clerk-ana" in html
    assert "draft Revision 1" in html
    # Lines that made nothing are not highlighted.
    assert '<span class="line">Excellency,</span>' in html


def test_a_letter_whose_facts_came_from_another_letter_highlights_nothing(
    client: FlaskClient,
) -> None:
    # The PGA's cover letter repeats the presentation; the record has it from the enclosure.
    html = page(client, f"{P}/letters/2018-01-30-pga")
    assert '<mark class="passage"' not in html
    assert "No recorded fact was read from a passage of this letter." in html
    assert f'href="{P}/letters/2018-01-30-co-facilitators"' in html  # what it encloses


def test_a_table_row_is_its_own_passage(pages_app: Flask, services: Services) -> None:
    with pages_app.app_context():
        text = letter_text(services.db, "gcm-2018", "2018-01-30-co-facilitators")
    rows = {p.first: p for p in text.passages}
    round_2 = next(p for p in text.passages if p.events and p.events[0]["slug"] == "round-2")
    assert round_2.first == round_2.last
    assert "12 to 15 March 2018" in text.lines[round_2.first - 1]
    assert len(rows) == len(text.passages)


def test_an_unknown_letter_is_a_404_page(client: FlaskClient) -> None:
    html = page(client, f"{P}/letters/1999-01-01-nobody", 404)
    assert "Process “gcm-2018” has no letter “1999-01-01-nobody”." in html
