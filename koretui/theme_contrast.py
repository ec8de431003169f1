"""Theme variables nudged so frames, focus marks and the cursor read in every theme Textual offers.

Textual's themes are tuned for its own widgets, not for every pairing an app makes: rose-pine's
focus border is darker than its unfocused frames (1.9:1), gruvbox's table cursor draws cream on
sage (2.4:1), solarized's frames at 60% of the text colour are 2.1:1. Each variable here is kept
when it reads (3:1 for marks, 4.5:1 for text, WCAG 2.1) and otherwise moved toward the text colour
(or black/white for text on the cursor) just far enough. ANSI themes are left alone: their colours
are the terminal's, so nothing can be measured or blended (their pairings are in the stylesheets).
tests/tui/test_look.py reads the rendered colours of every theme.
"""

from __future__ import annotations

from textual.color import BLACK, WHITE, Color, ColorParseError

MARK = 3.0
"""Least contrast of a frame or a focus mark against what it is drawn on (WCAG 1.4.11)."""

TEXT = 4.5
"""Least contrast of text against its background (WCAG 1.4.3)."""

FOCUS_TINT = 0.05
"""A focused widget's background is tinted with 5% of the text colour (Textual's default CSS): its
frame is drawn on that."""

FRAME_STRENGTH = 0.6
"""How much of the text colour an unfocused frame has when that reads (Textual's own blurred
border is almost the background)."""


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, other: Color) -> float:
    """WCAG contrast ratio, 1 (same colour) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def toward(color: Color, target: Color, grounds: list[Color], least: float) -> Color:
    """`color`, moved toward `target` in tenths until it has `least`:1 against every ground."""
    for tenth in range(11):
        candidate = color.blend(target, tenth / 10)
        if all(contrast(candidate, ground) >= least for ground in grounds):
            return candidate
    return target


def _parse(value: str | None) -> Color | None:
    if value is None:
        return None
    try:
        color = Color.parse(value)
    except ColorParseError:
        return None
    return None if color.ansi is not None else color


BUTTON_VARIANTS = ("primary", "warning", "error")
"""The button variants the app uses: each gets $button-on-<variant>, its label colour."""


def _drawn(text: str | None, ground: Color) -> Color | None:
    """The colour a label in `text` (a colour, or "auto 87%") is drawn in on `ground`."""
    if text is not None and text.startswith("auto"):
        alpha = float(text.removeprefix("auto").strip().rstrip("%") or 100) / 100
        return ground.blend(ground.get_contrast_text(1.0), alpha)
    return _parse(text)


def best_text(grounds: list[Color]) -> Color:
    """Black or white on `grounds` (a colour, and it tinted as when focused): the one Textual's
    "auto" picks, at full strength, when it reads on each; else the one that reads best."""

    def least(color: Color) -> float:
        return min(contrast(color, ground) for ground in grounds)

    picked = grounds[0].get_contrast_text(1.0)
    return picked if least(picked) >= TEXT else max((BLACK, WHITE), key=least)


def button_labels(variables: dict[str, str]) -> dict[str, str]:
    """$button-on-<variant>: the theme's button label colour where it reads on that variant's
    colour, else black or white (Textual's "auto" picks by brightness, not contrast: 3.5:1 on
    gruvbox's red). ANSI themes keep their label in the variant's colour, as Textual draws it
    (on the terminal's background), but blue on black is bright blue."""
    labels = {}
    theme_text = variables.get("button-color-foreground")
    foreground = _parse(variables.get("foreground"))
    for variant in BUTTON_VARIANTS:
        ground = _parse(variables.get(variant))
        if ground is None:
            label = variables.get(variant, "ansi_default")
            if label == "ansi_blue" and variables.get("ansi-background") == "ansi_black":
                label = "ansi_bright_blue"  # dark blue on black reads in few palettes (2.2:1 in xterm's)
            labels[f"button-on-{variant}"] = label
            continue
        grounds = [ground] if foreground is None else [ground, ground.blend(foreground, FOCUS_TINT)]
        drawn = _drawn(theme_text, ground)
        readable = drawn is not None and min(contrast(drawn, each) for each in grounds) >= TEXT
        labels[f"button-on-{variant}"] = theme_text if readable and theme_text else best_text(grounds).hex
    return labels


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """$frame (unfocused frames), $border (focus marks), $block-cursor-foreground (text on the table
    and list cursor) and $button-on-<variant>, each readable on what it is drawn on."""
    foreground = _parse(variables.get("foreground"))
    background = _parse(variables.get("background"))
    surface = _parse(variables.get("surface")) or background
    if foreground is None or background is None or surface is None:  # an ANSI theme
        return {"frame": f"{variables.get('foreground', 'ansi_default')} 60%", **button_labels(variables)}
    grounds = [background, surface, surface.blend(foreground, FOCUS_TINT)]
    adjusted = {"frame": toward(surface.blend(foreground, FRAME_STRENGTH), foreground, grounds, MARK).hex}
    border = _parse(variables.get("border"))
    if border is not None and min(contrast(border, ground) for ground in grounds) < MARK:
        adjusted["border"] = toward(border, foreground, grounds, MARK).hex
    cursor = _parse(variables.get("block-cursor-background"))
    if cursor is not None:
        text = _parse(variables.get("block-cursor-foreground"))
        if text is None or contrast(text, cursor) < TEXT:
            adjusted["block-cursor-foreground"] = best_text([cursor]).hex
    return {**adjusted, **button_labels(variables)}
