"""The command that opens a file at a line in the user's editor ($VISUAL, then $EDITOR)."""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping

#: Editors that take ``--goto path:line:column``.
_GOTO = {"code", "code-insiders", "codium", "vscodium", "cursor", "windsurf"}
#: Editors that take ``path:line:column``.
_COLON = {"subl", "sublime_text", "zed", "hx", "helix"}


def editor_command(
    path: str, line: int | None, column: int | None = None, env: Mapping[str, str] | None = None
) -> list[str] | None:
    """The argv opening ``path`` at ``line``; None when no editor is configured or found.

    vi-like editors (vi, vim, nvim, nano, emacs, micro, kak, ...) and unknown ones get
    ``+LINE path``; VS Code and friends ``--goto path:LINE:COL``; Sublime, Zed and Helix
    ``path:LINE:COL``.
    """
    env = os.environ if env is None else env
    raw = (env.get("VISUAL") or env.get("EDITOR") or "").strip()
    if raw:
        try:
            argv = shlex.split(raw)
        except ValueError:
            argv = raw.split()
    else:
        fallback = shutil.which("vi")
        if fallback is None:
            return None
        argv = [fallback]
    if not argv:
        return None
    name = os.path.basename(argv[0]).lower()
    name = name.removesuffix(".exe")
    if not line:
        return [*argv, path]
    if name in _GOTO:
        return [*argv, "--goto", f"{path}:{line}:{column or 1}"]
    if name in _COLON:
        return [*argv, f"{path}:{line}:{column or 1}"]
    return [*argv, f"+{line}", path]
