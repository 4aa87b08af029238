"""Imported only inside multiprocessing's forkserver (``pool.pool_context`` preloads it).

The forkserver is started by the app with a plain fork+exec, so nothing ties its life to ours: after
a kill -9 of the app it stayed, with its workers and the resource tracker, for ever. Importing this
module there asks the kernel to kill it when the app dies; the workers it forks die with it
(``children.worker_initializer``), and the resource tracker then sees its pipe close and exits.
"""

from __future__ import annotations

import os
import signal

from app.core import children

if children.set_parent_death_signal(signal.SIGKILL):
    _owner = os.environ.get(children.MARKER, "")
    if _owner.isdigit() and os.getppid() != int(_owner):  # the app died before we got here
        os._exit(1)
