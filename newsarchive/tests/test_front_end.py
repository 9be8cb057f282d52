"""The front end an archivist uses: labelled controls, readable contrast, no inline code
(the Content-Security-Policy allows only 'self'), no downloads, and sides that mirror."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = (ROOT / "static" / "css" / "archive.css").read_text(encoding="utf-8")
CSS = re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.S)  # the rules, without comments
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))

# (foreground, background, minimum): WCAG 2.1 AA, 4.5:1 for text, 3:1 for borders and focus rings.
CONTRAST = [
    ("--ink", "--paper", 4.5),
    ("--muted", "--paper", 4.5),
    ("--muted", "--surface", 4.5),
    ("--muted", "--tint", 4.5),
    ("--muted", "--empty-bg", 4.5),
    ("--muted", "--panel", 4.5),
    ("--accent", "--paper", 4.5),
    ("--accent", "--surface", 4.5),
    ("--accent", "--tint", 4.5),
    ("--surface", "--accent", 4.5),  # button text
    ("--ok", "--ok-bg", 4.5),
    ("--ink", "--mark", 4.5),
    ("--ink", "--error-bg", 4.5),
    ("--focus", "--paper", 3),
    ("--focus", "--surface", 3),
    ("--field", "--surface", 3),
]


def palette() -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", CSS, re.S).group(1)
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", root))


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_on_known_pairs():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#767676", "#fff") == pytest.approx(4.54, abs=0.01)


def test_palette_contrast_meets_wcag_aa():
    colours = palette()
    weak = [
        f"{fg} on {bg}: {contrast(colours[fg], colours[bg]):.2f} < {minimum}"
        for fg, bg, minimum in CONTRAST
        if contrast(colours[fg], colours[bg]) < minimum
    ]
    assert weak == []


def test_no_hex_colour_outside_the_palette_except_white():
    # A colour typed straight into a rule would escape the contrast check above.
    rules = re.sub(r":root\s*{.*?}", "", CSS, count=1, flags=re.S)
    assert set(re.findall(r"#[0-9a-fA-F]{3,6}\b", rules)) <= {"#fff"}


def test_stylesheet_downloads_nothing():
    for forbidden in ("url(", "@import", "@font-face"):
        assert forbidden not in CSS


def test_fonts_are_arabic_system_faces_with_arabic_leading():
    text_fonts = re.search(r"--font-text:([^;]+);", CSS).group(1)
    for face in ('"Noto Naskh Arabic"', "Tahoma", '"Geeza Pro"', '"Arabic Typesetting"'):
        assert face in text_fonts
    assert text_fonts.strip().endswith("serif")
    body = re.search(r"\nbody\s*{([^}]*)}", CSS).group(1)
    assert float(re.search(r"line-height:\s*([\d.]+)", body).group(1)) >= 1.7


def test_sides_are_logical_so_the_english_view_mirrors():
    physical = re.findall(
        r"\b(?:margin|padding|border|inset)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:"
        r"|text-align:\s*(?:left|right)|float:\s*(?:left|right)",
        CSS,
    )
    assert physical == []


def test_focus_is_visible():
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*3px solid var\(--focus\)", CSS)


def test_tap_targets_are_44px():
    assert "--tap: 2.75rem" in CSS  # 44 px at the default 16 px
    for selector in (".facets li a", ".pagination a", ".chips a", "input, select, button"):
        rule = re.search(re.escape(selector) + r"\s*{([^}]*)}", CSS)
        assert rule and "min-height: var(--tap)" in rule.group(1), selector


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_style_or_script(path):
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"<style\b", html)
    assert not re.search(r"<script\b(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+\s*=", html)  # onclick= and friends


class Controls(HTMLParser):
    """Every form control on a page, and the ids that a <label for> names."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled_ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled_ids.add(attrs["for"])
        if tag in ("select", "textarea") or (
            tag == "input" and attrs.get("type") not in ("hidden", "submit", "button")
        ):
            self.controls.append(attrs)


@pytest.mark.django_db
def test_every_form_control_is_labelled(client, samples):
    article = samples["000"]
    person = article.linked_people()[0]
    urls = [
        "/",
        f"/search/?q=كورسك&person={person.pk}",
        "/search/?q=البطريق",
        article.get_absolute_url(),
        person.get_absolute_url(),
        "/archive/",
        "/articles/999999/",
    ]
    for url in urls:
        page = Controls()
        page.feed(client.get(url).content.decode())
        assert page.controls, url
        unlabelled = [
            c
            for c in page.controls
            if c.get("id") not in page.labelled_ids and not c.get("aria-label")
        ]
        assert unlabelled == [], url
