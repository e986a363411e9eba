"""English and French: chosen by Accept-Language or a switch; catalogues complete and compiled."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from tests.pages.conftest import P

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "api" / "translations" / "fr" / "LC_MESSAGES"


def _key(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def test_accept_language_chooses_french_and_its_dates(client: FlaskClient) -> None:
    response = client.get(P, headers={"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"})
    html = response.get_data(as_text=True)
    assert response.headers["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert "<title>Calendrier : Global Compact" in html or "<title>Calendrier: Global" in html
    assert "Afficher à un autre moment" in html
    assert "mar. 20 févr. 2018" in html
    assert '<span class="status status-scheduled">programmée</span>' in html


def test_the_switch_chooses_a_language_and_remembers_it(client: FlaskClient) -> None:
    html = client.get(P, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f'href="{P}?lang=fr"' in html
    response = client.get(f"{P}/changes?lang=fr", headers={"Accept-Language": "en"})
    assert any(c.startswith("gcm_lang=fr;") for c in response.headers.getlist("Set-Cookie"))
    assert "Ce qui a changé" in response.get_data(as_text=True)
    later = client.get(f"{P}/letters", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="fr">' in later and "Rechercher dans le texte des lettres" in later
    back = client.get(f"{P}/letters?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in back


def test_errors_are_in_the_reader_s_language(client: FlaskClient) -> None:
    html = client.get(f"{P}?known_on=2018-02-31&lang=fr").get_data(as_text=True)
    assert "« 2018-02-31 » n’est pas une date." in html  # noqa: RUF001
    html = client.get("/processes/nope?lang=fr").get_data(as_text=True)
    assert "Le registre ne contient pas de processus « nope »." in html


def test_every_message_of_the_pages_has_a_french_translation(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "api/babel.cfg",
         "-k", "_", "--no-location", "-o", str(template), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with template.open("rb") as pot:
        wanted = {_key(m.id) for m in read_po(pot) if m.id}
    with (CATALOGUE / "messages.po").open("rb") as po:
        french = {_key(m.id): m.string for m in read_po(po) if m.id}
    assert wanted - set(french) == set(), "run pybabel extract and translate the new messages"
    assert [m for m, s in french.items() if not s or (isinstance(s, tuple) and not all(s))] == []


def test_the_compiled_catalogue_is_the_translated_one() -> None:
    with (CATALOGUE / "messages.po").open("rb") as po:
        source = {_key(m.id): _key(m.string) for m in read_po(po) if m.id}
    mo = read_mo(io.BytesIO((CATALOGUE / "messages.mo").read_bytes()))
    compiled = {_key(m.id): _key(m.string) for m in mo if m.id}
    assert compiled == source, "run: .venv/bin/pybabel compile -d api/translations"


def test_a_day_shows_its_place_and_mode_when_it_has_them(pages_app: Flask) -> None:
    session = {
        "title": "Conference",
        "days": [{"date": "2018-12-10", "start": None, "end": None, "venue": "Main hall",
                  "place": "Marrakech", "mode": "hybrid"}],
    }  # fmt: skip
    with pages_app.test_request_context("/?lang=en"):
        html = render_template_string(
            '{% from "_days.html" import days_table with context %}{{ days_table(s, day_words) }}',
            s=session,
        )
    assert '<span class="place">Marrakech</span>' in html
    assert '<span class="mode">(hybrid)</span>' in html
