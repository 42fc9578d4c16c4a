"""Which process a temporary file belongs to, so a later run can remove what a killed one left.

A temporary file's name carries this host and process id. SIGKILL gives a process no chance
to remove its temporary files; the next run that sees one whose process is gone removes it.
Files of live processes and of other hosts (a shared file system) are never touched.
"""

from __future__ import annotations

import os
import re


def _hostname() -> str:
    """This host's name: os.uname's on POSIX (what socket.gethostname returns there, without
    importing socket: ~3 ms of every command's start-up), else socket's."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


HOST = re.sub(r"[^A-Za-z0-9.]", "_", _hostname())[:64] or "host"


def owner_tag() -> str:
    """`HOST-PID` of this process, to put in a temporary file's name."""
    return f"{HOST}-{os.getpid()}"


def owner_is_gone(host: str, pid: int) -> bool:
    """True when `host` is this host and no process `pid` exists (never for this process).

    >>> owner_is_gone(HOST, os.getpid())
    False
    >>> owner_is_gone("another-host", 2 ** 22 + 1)
    False
    """
    if host != HOST or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, someone else's
        return False
    return False
