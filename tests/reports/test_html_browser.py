"""The HTML report in a real headless Chromium: it renders offline, target text never runs,
and the filter and expand controls work. Chromium comes from ``python -m reports.browser_setup``
(the tox ``tests`` env runs it); without it the test fails under ``CI`` and skips elsewhere."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reports.browser_setup import CHROMEDRIVER, CHROMIUM, installed
from reports.events import rule_outcomes
from reports.html import write_html
from specs import default_rules
from tests.reports.samples import RUN, sample_events

SCREENSHOT = Path(__file__).resolve().parents[2] / "reports" / "out" / "browser" / "report.png"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1600",
)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    if not installed():
        message = f"{CHROMIUM} / {CHROMEDRIVER} missing: run `python -m reports.browser_setup` as root"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def _visible_rules(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        row.get_attribute("data-rule") for row in driver.find_elements(By.CSS_SELECTOR, "tr.rule") if row.is_displayed()
    ]


@pytest.mark.slow
def test_report_renders_and_its_controls_work_in_chromium(tmp_path: Path, browser: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    events = sample_events()  # a failing rule whose target answered with <script>, tags and Markdown
    outcomes = rule_outcomes(default_rules(), events, ["kontent"])
    page = tmp_path / "report.html"
    write_html(page, RUN, outcomes, events)
    browser.get(page.as_uri())

    # nothing the target said ran: no global, no alert, no injected element, no CSP violation
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.find_elements(By.CSS_SELECTOR, "img") == []
    assert "<script>window.pwned=1</script>" in browser.find_element(By.CSS_SELECTOR, "#failures pre.message").text
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors

    # failures come first, with the rule, its doc reference and the curl command
    failures = browser.find_element(By.ID, "failures")
    assert failures.location["y"] < browser.find_element(By.ID, "matrix").location["y"]
    assert "kontent.http.max_body" in failures.text and "Delivery GraphQL API reference §" in failures.text
    doc_link = failures.find_element(By.CSS_SELECTOR, "p.doc a").get_attribute("href") or ""
    assert doc_link.startswith("https://kontent.ai/learn/reference/delivery-graphql-api#:~:text=")
    assert failures.find_element(By.CSS_SELECTOR, "pre.curl").text.startswith("curl -sS")

    # the page's own script ran and every rule is listed
    all_rules = _visible_rules(browser)
    assert len(all_rules) == len(outcomes)
    assert browser.find_element(By.ID, "shown").text == f"{len(outcomes)} of {len(outcomes)} rules shown"

    # the text filter hides rows
    browser.find_element(By.ID, "filter").send_keys("max_body")
    shown = _visible_rules(browser)
    assert "kontent.http.max_body" in shown and len(shown) < len(outcomes) / 2
    browser.find_element(By.ID, "filter").send_keys(" 8 kB")  # every word must match
    assert _visible_rules(browser) == ["kontent.http.max_body"]
    browser.find_element(By.ID, "filter").clear()
    browser.execute_script("document.getElementById('filter').dispatchEvent(new Event('input'))")
    assert len(_visible_rules(browser)) == len(outcomes)

    # the outcome checkboxes hide rows by outcome
    browser.find_element(By.CSS_SELECTOR, ".outcome-filter[value=passed]").click()
    assert all(outcomes[rule].outcome != "passed" for rule in _visible_rules(browser))
    assert "kontent.http.max_body" in _visible_rules(browser)
    browser.find_element(By.CSS_SELECTOR, ".outcome-filter[value=passed]").click()

    # expanding a row shows its reproduction
    row = browser.find_element(By.CSS_SELECTOR, 'tr[data-rule="kontent.http.max_body"]')
    curl = row.find_element(By.CSS_SELECTOR, "pre.curl")
    assert not curl.is_displayed()
    row.find_element(By.TAG_NAME, "summary").click()
    assert curl.is_displayed() and curl.text.startswith("curl -sS")

    browser.execute_script("window.scrollTo(0, 0)")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    png = browser.get_screenshot_as_png()
    SCREENSHOT.write_bytes(png)
    assert png.startswith(b"\x89PNG") and len(png) > 30_000, "a rendered page, not a blank one"
