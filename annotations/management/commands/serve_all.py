"""python manage.py serve_all [ADDRPORT]: the development server and one task worker, as one command.

Both run as child processes; their output is interleaved line by line, each line labelled ``web |`` or
``worker |``. Ctrl+C (or SIGTERM) stops both; if either exits, the other is stopped too.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the development web server and one background-task worker together (Ctrl+C stops both)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Where runserver listens")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = [sys.executable, sys.argv[0]]
        commands = {
            "web": [*manage, "runserver", options["addrport"]],
            "worker": [*manage, "db_worker", "--interval", "1"],
        }
        width = max(map(len, commands))
        lock = threading.Lock()
        children: dict[str, subprocess.Popen[bytes]] = {}
        threads = []
        for label, command in commands.items():
            child = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
            )
            children[label] = child
            thread = threading.Thread(target=self._pump, args=(label.ljust(width), child.stdout, lock), daemon=True)
            thread.start()
            threads.append(thread)

        stopping = threading.Event()

        def stop(signum: int = signal.SIGTERM, frame: Any = None) -> None:
            stopping.set()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping.is_set() and all(c.poll() is None for c in children.values()):
                stopping.wait(0.2)
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            for label, child in children.items():
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
                with lock:
                    self.stdout.write(f"{label.ljust(width)} | stopped (exit code {child.returncode})")
            for thread in threads:
                thread.join(timeout=2)

    def _pump(self, label: str, stream: IO[bytes] | None, lock: threading.Lock) -> None:
        if stream is None:
            return
        for raw in iter(stream.readline, b""):
            with lock:
                self.stdout.write(f"{label} | {raw.decode(errors='replace').rstrip()}")
                self.stdout.flush()
