"""Take `serve-qr.png`: what `civic-quiz serve` prints in an 80x40 terminal, QR code included.

Run from the repository root, with the test extras installed, tmux and Debian's Chromium:
`python docs/images/make_qr_screenshot.py`. It runs
`civic-quiz serve --host 0.0.0.0 --port PORT --db /tmp/lesson.sqlite3` in a tmux pane of 80x40,
captures the pane with its colours, writes it as HTML (rich's own export: no other tool
needed) and saves a screenshot of that page next to this script. The addresses shown are
this machine's; the database is a throw-away file under /tmp, removed afterwards.

The QR code is drawn with half blocks (two modules a character, one above the other): the
page draws those blocks as boxes of whole pixels, a line twice as tall as a character is wide,
so that the modules are square and no seam shows between them.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from rich.console import Console
from rich.text import Text

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from tests.web.served import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

OUTPUT = HERE / "serve-qr.png"
DB = Path("/tmp/lesson.sqlite3")
SESSION = "civic-quiz-qr-shot"
COLUMNS, ROWS = 80, 40

PAGE = """<!doctype html>
<meta charset="utf-8">
<style>
  body {{ margin: 0; background: #000; }}
  pre {{
    margin: 0; padding: 12px 16px; display: inline-block;
    color: #e5e5e5; background: #000;
    font-family: "DejaVu Sans Mono", monospace; font-size: 15px; line-height: 1.2;
  }}
</style>
<pre id="pane">{code}</pre>
"""


SQUARE_BLOCKS = """() => {
    const pre = document.getElementById("pane");
    const probe = document.createElement("span");
    probe.textContent = "x".repeat(80);
    pre.appendChild(probe);
    const natural = probe.getBoundingClientRect().width / 80;
    probe.remove();
    // Whole pixels: a character as wide as the next pixel, a line twice as tall.
    const width = Math.ceil(natural);
    pre.style.letterSpacing = `${width - natural}px`;
    pre.style.lineHeight = `${2 * width}px`;
    const fills = {
        "\u2588": "currentColor",
        "\u2580": "linear-gradient(currentColor 50%, transparent 50%)",
        "\u2584": "linear-gradient(transparent 50%, currentColor 50%)",
    };
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
        if (![...node.data].some((c) => c in fills)) continue;
        const parts = document.createDocumentFragment();
        for (const c of node.data) {
            if (c in fills) {
                const block = document.createElement("span");
                block.style.cssText = `display: inline-block; vertical-align: top;`
                    + ` width: ${width}px; height: ${2 * width}px; background: ${fills[c]}`;
                parts.appendChild(block);
            } else {
                parts.appendChild(document.createTextNode(c));
            }
        }
        node.replaceWith(parts);
    }
}"""
"""Square modules with no seams: the blocks of the QR code are drawn as boxes of whole pixels,
a character wide and a line tall (twice as tall as wide), instead of the font's glyphs."""


def capture(port: int) -> str:
    """Run the server in tmux until it has printed everything, and capture its pane."""
    civic = shutil.which("civic-quiz") or f"{sys.executable} -m game"
    command = f"{civic} serve --host 0.0.0.0 --port {port} --db {DB}"
    tmux = ["tmux", "-L", SESSION]  # a server of its own: no other session is touched
    # The server is the pane's own command: the pane shows only what it prints.
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", SESSION, "-x", str(COLUMNS), "-y", str(ROWS), command],
        check=True,
        cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            shown = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", SESSION], capture_output=True, text=True
            ).stdout
            if "Press ctrl+c to stop." in shown:
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"civic-quiz serve did not start:\n{shown}")
            time.sleep(0.2)
        time.sleep(0.5)  # the last line after the QR code
        pane = subprocess.run(
            [*tmux, "capture-pane", "-e", "-p", "-t", SESSION],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        subprocess.run([*tmux, "send-keys", "-t", SESSION, "C-c"], check=False)
        time.sleep(1)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, stderr=subprocess.DEVNULL)
    lines = pane.rstrip("\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def to_html(pane: str) -> str:
    """The captured pane (with its colour escapes) as an HTML page."""
    console = Console(record=True, width=COLUMNS, color_system="truecolor", file=io.StringIO())
    console.print(Text.from_ansi(pane), crop=False, soft_wrap=True)
    return console.export_html(inline_styles=True, code_format=PAGE)


def main() -> int:
    """Capture what serve prints, render it, save the screenshot."""
    if any(DB.parent.glob(DB.name + "*")):
        print(f"{DB} exists already: remove it first (this script makes a throw-away one)")
        return 1
    try:
        pane = capture(free_port())
    finally:
        for path in DB.parent.glob(DB.name + "*"):
            path.unlink()
    if "/home/" in pane or str(REPO) in pane:
        print("the captured output names a path of this machine:\n" + pane)
        return 1
    html_path = HERE / ".serve-qr.html"
    html_path.write_text(to_html(pane), encoding="utf-8")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
            )
            page = browser.new_page(viewport={"width": 1000, "height": 1000})
            page.goto(html_path.as_uri())
            # Square modules: a line is as tall as two characters are wide.
            page.evaluate(SQUARE_BLOCKS)
            page.locator("#pane").screenshot(path=str(OUTPUT))
            browser.close()
    finally:
        html_path.unlink()
    print(pane)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
