"""Links from a report to the code on the repository's web host: ``blob/<sha>/path#L<line>``.

Only when both are known: the commit (HEAD) and a remote whose web address can be derived
(GitHub and GitHub Enterprise, GitLab, Bitbucket; ``origin`` first, else the only remote).
Credentials in a remote URL never reach a link.  A file with uncommitted changes gets no link
(its lines at the commit are not the audited ones).  Git runs read-only, as everywhere in the
auditor (``git_environment``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

from auditor.lazyre import lazy_compile

Link = Callable[[str, "int | None"], "str | None"]

_SCP = lazy_compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>(?!/)[^\s]+)$")


def web_url(remote: str) -> str | None:
    """``https://host/owner/repo`` from a remote URL (https, ssh, scp-like), or None."""
    remote = remote.strip()
    m = _SCP.match(remote)
    if m and "://" not in remote:
        host, path = m.group("host"), m.group("path")
    else:
        try:
            parts = urlsplit(remote)
        except ValueError:
            return None
        if parts.scheme not in ("https", "http", "ssh", "git", "git+ssh"):
            return None
        host, path = parts.hostname or "", parts.path  # hostname drops user:password@
    path = path.strip("/").removesuffix(".git")
    if not host or path.count("/") < 1 or not re.fullmatch(r"[\w.~/-]+", path):
        return None
    return f"https://{host.lower()}/{path}"


def blob_link(base: str, commit: str, prefix: str = "") -> Link:
    """``link(path, line)``: the file at ``commit`` under ``base``, at the line."""
    host = urlsplit(base).hostname or ""

    def link(path: str, line: int | None) -> str | None:
        where = quote(prefix + path, safe="/")
        if "bitbucket" in host:
            return f"{base}/src/{commit}/{where}" + (f"#lines-{line}" if line else "")
        middle = "/-/blob/" if "gitlab" in host else "/blob/"
        return f"{base}{middle}{commit}/{where}" + (f"#L{line}" if line else "")

    return link


def links_for(root: Path) -> Link | None:
    """Links for the audited folder ``root``, or None when the commit or the host is unknown."""
    try:
        import git

        from auditor.repository import git_environment

        repo = git.Repo(root, search_parent_directories=True)
        repo.git.update_environment(**git_environment())
        commit = repo.head.commit.hexsha
        remotes = {r.name: r for r in repo.remotes}
        remote = remotes.get("origin") or (
            next(iter(remotes.values())) if len(remotes) == 1 else None
        )
        if remote is None:
            return None
        base = web_url(next(iter(remote.urls)))
        if base is None or repo.working_tree_dir is None:
            return None
        top = Path(repo.working_tree_dir).resolve()
        rel = Path(root).resolve().relative_to(top).as_posix()
        prefix = "" if rel in ("", ".") else rel.rstrip("/") + "/"
        changed = {
            line[3:].strip('"')
            for line in repo.git.status("--porcelain", "--untracked-files=all").splitlines()
            if len(line) > 3
        }
    except Exception:  # no git, no commit, a bare or broken repository: no links
        return None
    link = blob_link(base, commit, prefix)

    def checked(path: str, line: int | None) -> str | None:
        return None if (prefix + path) in changed else link(path, line)

    return checked
