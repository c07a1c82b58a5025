"""Chinese and Korean pages are set in their own system fonts with a taller line, and pass the
same audit as every page: axe-core, weight, no other host, reflow on a phone."""

import pytest

from .conftest import audit, format_reports

pytestmark = pytest.mark.browser

PAGES = {
    "zh-hans": ("Noto Sans CJK SC", ["/zh-hans/", "/zh-hans/news-events/", "/zh-hans/news-events/cop26-highlight/"]),
    "ko": ("Noto Sans CJK KR", ["/ko/", "/ko/news-events/", "/ko/news-events/cop26-highlight/"]),
}
BODY_STYLE = """() => {
    const style = getComputedStyle(document.body);
    return {font: style.fontFamily, lineHeight: parseFloat(style.lineHeight), fontSize: parseFloat(style.fontSize)};
}"""


def test_chinese_and_korean_pages_use_their_fonts_and_pass_the_audit(phone, desktop):
    reports = []
    for language, (font, paths) in PAGES.items():
        for viewport, browser_page in (("phone", phone), ("desktop", desktop)):
            for path in paths:
                response = browser_page.visit(path)
                assert response.status == 200, path
                assert browser_page.page.locator("html").get_attribute("lang") == language
                body = browser_page.page.evaluate(BODY_STYLE)
                assert font in body["font"], (path, body["font"])
                assert body["lineHeight"] == pytest.approx(1.8 * body["fontSize"], abs=0.5), path
                name = f"{language}{path.removeprefix(f'/{language}').rstrip('/').replace('/', '-') or '-home'}"
                reports.append(audit(browser_page, f"{name}-{viewport}"))
    assert not [report for report in reports if report["problems"]], format_reports(reports)
