"""Run by test_editor_recovery in a process of its own: open the editor on a pack (the real
app, headless), type into a field, wait for the autosave, say so, then wait to be killed."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from textual.widgets import Input

from game.authoring.editing import autosave_path
from game.ui.editor.app import EditorApp
from game.ui.editor.screen import EditorScreen

TYPED = " (typed before the kill)"


async def main(path: Path) -> None:
    app = EditorApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, EditorScreen) and app.screen.query("#field-prompt")):
            await pilot.pause(0.05)
        app.screen.query_one("#field-prompt", Input).focus()
        await pilot.press("end", *TYPED)
        # No save: only the autosave timer (2 s after the last key) writes anything.
        saved = autosave_path(path)
        while not (saved.exists() and TYPED.encode() in saved.read_bytes()):
            await pilot.pause(0.1)
        print("AUTOSAVED", flush=True)
        while True:
            time.sleep(1)  # the app is stuck here, as a frozen terminal would be


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
