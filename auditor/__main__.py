import os
import sys


def _forget_the_current_folder() -> None:
    """``python -m auditor`` puts the current folder first on ``sys.path``.

    Run from inside the audited repository, its ``tomllib.py``, ``git.py`` or ``yaml.py``
    would then be imported, and so run, in place of the modules the auditor imports later.
    The entry is dropped, unless the auditor itself comes from that folder (a source checkout).
    """
    cwd = os.getcwd()
    home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for item in list(sys.path):
        full = os.path.abspath(item or os.curdir)
        if full == cwd and full != home:
            sys.path.remove(item)


_forget_the_current_folder()

from auditor.cli import entry  # noqa: E402 - only once the current folder is off sys.path

entry()
