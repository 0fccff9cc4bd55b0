"""The HTML report in a real browser: it loads cleanly, offline, clicking a character works,
and the emotion plots draw, with a legend that shows and hides characters.

Drives Debian's ``chromium`` through ``chromedriver`` (packages ``chromium`` and
``chromium-driver``) with selenium, headless. Selenium Manager (which downloads drivers) is
never used: the driver path is given explicitly, Selenium Manager is set offline, and the
fixture makes any call to it fail the test. Skips when chromium, chromedriver or selenium
is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from fabula.export.html import write_html
from fabula.model import Story
from handmade import jack_and_jill

pytest.importorskip("selenium", reason="selenium not installed (pip install selenium); skipping")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.selenium_manager import SeleniumManager  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def driver():
    if not Path(CHROMIUM).is_file() or not Path(CHROMEDRIVER).is_file():
        pytest.skip("chromium or chromedriver not installed (apt-get install chromium chromium-driver); skipping")
    os.environ["SE_OFFLINE"] = "true"
    patch = pytest.MonkeyPatch()

    def no_downloads(*args: object) -> None:
        raise AssertionError("Selenium Manager was called: it may download drivers")

    patch.setattr(SeleniumManager, "binary_paths", no_downloads)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--disable-default-apps"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield browser
    browser.quit()
    patch.undo()


@pytest.fixture(scope="module", params=["handmade", "sample"])
def story(request) -> Story:
    """A hand-built story with every kind of speech the report marks, and the bundled sample
    story as fabula analyses it."""
    if request.param == "sample":
        return request.getfixturevalue("sample_story")
    return jack_and_jill()


@pytest.fixture(scope="module")
def page(driver, story, tmp_path_factory):
    """The report loaded in the browser; returns the folder screenshots go to."""
    out = tmp_path_factory.mktemp("report")
    [path] = write_html(story, out, "story")
    driver.get(path.as_uri())
    return out


def test_loads_offline_without_console_errors(driver, page):
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    fetched = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(url.startswith(("file:", "data:", "blob:")) for url in fetched), fetched
    # Finished loading (how fast is a speed question for benchmarks/, not a unit test).
    assert driver.execute_script("return document.readyState") == "complete"
    assert driver.execute_script("return performance.timing.loadEventEnd") > 0
    assert len(driver.find_elements(By.CSS_SELECTOR, ".plot .main-svg")) >= 1  # Plotly drew


def test_cast_table_lists_the_characters(driver, page, story):
    rows = driver.find_elements(By.CSS_SELECTOR, "#cast tbody tr[data-c]")
    shown = {r.get_attribute("data-c"): r.find_element(By.CSS_SELECTOR, ".name").text for r in rows}
    expected = {str(c.id): c.name for c in story.characters}
    assert {k: v.replace(" (narrator)", "") for k, v in shown.items() if k != "u"} == expected


def test_clicking_a_character_highlights_exactly_their_lines(driver, page, story):
    speakers = {q.speaker for q in story.quotes if q.spoken}
    assert speakers - {None}, "the story has no attributed speech to highlight"
    for speaker in sorted(speakers, key=lambda s: -1 if s is None else s):
        key = "u" if speaker is None else str(speaker)
        theirs = {q.id for q in story.quotes if q.spoken and q.speaker == speaker}
        row = driver.find_element(By.CSS_SELECTOR, f'#cast tr[data-c="{key}"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
        others = driver.find_elements(By.CSS_SELECTOR, f"#text .q:not(.{'su' if key == 'u' else 's' + key})")
        before = [el.value_of_css_property("color") for el in others[:3]]
        row.click()
        lit = driver.find_elements(By.CSS_SELECTOR, "#text .q.hl:not(.cont)")
        assert len(lit) == len(theirs)
        assert {int(el.get_attribute("data-q")) for el in lit} == theirs
        after = [el.value_of_css_property("color") for el in others[:3]]
        assert all(a != b for a, b in zip(after, before)), "other speakers' lines are not dimmed"
        row.click()  # a second click clears the highlight
        assert not driver.find_elements(By.CSS_SELECTOR, "#text .q.hl")


def test_emotion_plots_are_drawn_and_their_legend_toggles_characters(driver, page, story):
    """Drawn exactly when the story has emotion data; a legend click hides a character's line."""
    drawn = {el.get_attribute("id") for el in driver.find_elements(By.CSS_SELECTOR, ".plot") if
             el.find_elements(By.CSS_SELECTOR, ".main-svg")}
    has_emotion = bool(story.extras.get("emotion", {}).get("characters"))
    assert {"arc", "trajectories"} <= drawn if has_emotion else not drawn & {"arc", "trajectories"}
    if not has_emotion:
        return
    plot = driver.find_element(By.ID, "trajectories")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", plot)
    visible = "return document.getElementById('trajectories').data[0].visible"
    toggle = plot.find_element(By.CSS_SELECTOR, ".legend .traces .legendtoggle")
    assert driver.execute_script(visible) is True
    for state in ("legendonly", True):  # Plotly waits out its double-click delay before it toggles
        toggle.click()
        WebDriverWait(driver, 3).until(lambda d, state=state: d.execute_script(visible) == state)


def test_screenshot(driver, page, story):
    top = next(c.id for c in sorted(story.characters, key=lambda c: c.id)
               if any(q.speaker == c.id and q.spoken for q in story.quotes))
    row = driver.find_element(By.CSS_SELECTOR, f'#cast tr[data-c="{top}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", row)
    row.click()
    driver.find_element(By.CSS_SELECTOR, '#focusbar button[data-step="1"]').click()
    driver.save_screenshot(str(page / "report.png"))
    driver.find_element(By.CSS_SELECTOR, '#focusbar button[data-step="0"]').click()
    driver.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
    driver.save_screenshot(str(page / "report-top.png"))
    for section in driver.find_elements(By.CSS_SELECTOR, "section:has(> .plot)"):
        driver.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})", section)
        section.screenshot(str(page / f"{section.get_attribute('id')}.png"))
    assert (page / "report.png").stat().st_size > 10_000
    print(f"screenshots in {page}")
