"""The pages in a real headless Chromium: pickers, the picture, letters, French, 360 px, axe.

One browser and one server for the module; each test opens its own context.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from gcm_process.domain import Day
from tests.pages.browser import (
    axe_violations,
    chromium,
    horizontal_overflow,
    need_browser,
    not_blank,
    serving,
)
from tests.pages.conftest import P, import_letters, make_app

pytestmark = pytest.mark.slow
PAGES = [
    "/",
    P,
    f"{P}?known_on=2018-02-01",
    f"{P}/changes",
    f"{P}/sessions/round-1",
    f"{P}/letters",
    f"{P}/letters/2018-03-01-co-facilitators",
    "/processes/nope",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    need_browser()
    app = make_app(tmp_path_factory.mktemp("browser"))
    import_letters(app.extensions["gcm"])
    with serving(app) as base:
        yield base, app
    app.extensions["gcm"].close()


@pytest.fixture(scope="module")
def browser(site: tuple[str, Flask]) -> Iterator[Any]:
    with chromium() as found:
        yield found


@pytest.fixture
def base(site: tuple[str, Flask]) -> str:
    return site[0]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert errors == [], "the pages logged errors (a CSP violation, a missing asset?)"


def test_the_known_on_picker_shows_the_earlier_schedule(page: Any, base: str) -> None:
    page.goto(base + P)
    round_3 = page.locator("#s-round-3 ~ table").first
    assert "Mon 9 Apr 2018" in round_3.inner_text()
    page.get_by_label("Known on (announced by this date)").fill("2018-02-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**known_on=2018-02-01**")
    assert "This is an earlier point" in page.get_by_role("status").inner_text()
    assert "Tue 3 Apr 2018" in page.locator("#s-round-3 ~ table").first.inner_text()
    page.get_by_role("link", name="See it now").click()
    assert "Mon 9 Apr 2018" in page.locator("#s-round-3 ~ table").first.inner_text()


def test_a_moved_day_leaves_a_ghost_with_an_arrow(page: Any, site: tuple[str, Flask]) -> None:
    base, app = site
    gcm = app.extensions["gcm"].app
    gcm.change_venue("gcm-2018", "round-2", "Conference Room 3", announced_on=date(2018, 3, 2),
                     actor="clerk-bo")  # fmt: skip
    moved = [Day(date(2018, 3, d), venue="Conference Room 3") for d in (19, 20, 21, 22)]
    gcm.reschedule_session("gcm-2018", "round-2", moved, announced_on=date(2018, 3, 3),
                           actor="clerk-bo")  # fmt: skip
    page.goto(base + P)
    row = page.locator("svg.timeline g", has_text="Negotiation round 2")
    assert row.locator("rect.g").count() == 4
    assert row.locator("path.m").count() == 1  # the four days moved by a week together
    tip = row.locator("rect.g title").first.text_content()
    assert tip == "earlier: Mon 12 Mar 2018, Conference Room 3; moved to Mon 19 Mar 2018"
    assert row.locator("rect.g").first.is_visible()


def test_a_change_leads_to_its_letter_and_the_passage_is_highlighted(page: Any, base: str) -> None:
    page.goto(f"{base}{P}/changes?session=round-3")
    page.get_by_role("link", name="letter 2018-03-01-co-facilitators").first.click()
    page.wait_for_url("**/letters/2018-03-01-co-facilitators")
    passage = page.locator("mark.passage#line-9")
    assert passage.is_visible()
    assert "rescheduled to 9-12 April 2018" in passage.inner_text()
    colour = passage.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 240, 160)"
    passage.get_by_role("link").click()
    page.wait_for_url("**/sessions/round-3#v2")
    assert page.locator("#v2").is_visible()


def test_switching_to_french(page: Any, base: str) -> None:
    page.goto(base + P)
    page.get_by_role("link", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Comment le calendrier a changé").is_visible()
    assert "mar. 20 févr. 2018" in page.locator("#s-round-1 ~ table").first.inner_text()
    page.get_by_role("link", name="Ce qui a changé").first.click()
    assert page.get_by_role("heading", name="Ce qui a changé", level=1).is_visible()


@pytest.mark.parametrize("width", [360, 1280])
def test_every_page_fits_and_shows_something(
    browser: Any, base: str, width: int, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        for n, url in enumerate(PAGES):
            page.goto(base + url)
            assert horizontal_overflow(page) <= 0, f"{url} scrolls sideways at {width} px"
            shot = tmp_path / f"page-{n}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert not_blank(shot.read_bytes()), f"the screenshot of {url} is blank"
    finally:
        context.close()


def test_keyboard_reaches_the_pickers_with_a_visible_focus(page: Any, base: str) -> None:
    page.goto(base + P)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "known_on":
            break
    assert page.evaluate("document.activeElement.id") == "known_on"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_no_serious_accessibility_violations(browser: Any, base: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        found = {}
        for url in PAGES:
            page.goto(base + url)
            violations = axe_violations(page)
            if violations:
                found[url] = violations
        assert found == {}
    finally:
        context.close()


def test_the_schedule_prints_without_navigation_and_with_the_whole_picture(
    page: Any, base: str
) -> None:
    page.set_viewport_size({"width": 700, "height": 900})
    page.goto(base + P)
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible()
    assert not page.locator("form.point").is_visible()
    width = page.evaluate("document.querySelector('svg.timeline').getBoundingClientRect().width")
    assert 0 < width <= 700
    assert page.locator("svg.timeline rect.g").first.is_visible()


def test_the_changes_page_offers_its_feed(page: Any, base: str) -> None:
    import feedparser

    page.goto(f"{base}{P}/changes")
    link = page.get_by_role("link", name="Follow the changes in a feed reader (Atom)")
    assert link.is_visible()
    assert page.locator('head link[rel="alternate"][type="application/atom+xml"]').count() == 1
    answer = page.request.get(base + link.get_attribute("href"))
    assert answer.ok and answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.body())
    newest = page.locator("ol.changes h2 a").first.get_attribute("href")
    assert feed.entries[0].link == base + newest
