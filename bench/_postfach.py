"""A real SMTP server on this machine for the load and fault run (aiosmtpd): the task worker
sends its e-mails to it over SMTP, as it would to the district's mail server, and the run
reads what arrived and when.

It can hold back the next e-mail: the worker then hangs in the middle of sending (its task is
running) until the run lets go, and gets a temporary refusal (451), as from a mail server in
trouble. So a task is certainly running when PostgreSQL stops."""

import asyncio
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller


@dataclass
class Eingang:
    zeit: float  # time.monotonic()
    empfaenger: tuple[str, ...]
    betreff: str
    angenommen: bool  # False: held back and refused with 451


class _Annahme:
    def __init__(self, postfach: "Postfach"):
        self.postfach = postfach

    async def handle_DATA(self, server, session, envelope):
        postfach = self.postfach
        nachricht = message_from_bytes(envelope.original_content or envelope.content)
        betreff = str(make_header(decode_header(nachricht.get("Subject", ""))))
        with postfach.sperre:
            halten, postfach.halten = postfach.halten, False
        if halten:
            postfach.gehalten.set()
            # In a thread: the event loop serves other connections meanwhile.
            await asyncio.get_running_loop().run_in_executor(None, postfach.freigabe.wait, 60)
        with postfach.sperre:
            postfach.eingaenge.append(
                Eingang(time.monotonic(), tuple(envelope.rcpt_tos), betreff, not halten)
            )
        if halten:
            return "451 4.3.0 Voruebergehend nicht moeglich, bitte spaeter erneut"
        return "250 OK"


class Postfach:
    def __init__(self, port: int):
        self.port = port
        self.sperre = threading.Lock()
        self.eingaenge: list[Eingang] = []
        self.halten = False
        self.gehalten = threading.Event()
        self.freigabe = threading.Event()
        self._controller = Controller(_Annahme(self), hostname="127.0.0.1", port=port)

    def __enter__(self) -> "Postfach":
        self._controller.start()
        return self

    def __exit__(self, *_fehler):
        self.freigabe.set()
        self._controller.stop()

    def naechste_zurueckhalten(self):
        """The next e-mail waits in the middle of its sending until `freigeben()`."""
        self.gehalten.clear()
        self.freigabe.clear()
        with self.sperre:
            self.halten = True

    def freigeben(self):
        self.freigabe.set()

    def angenommen(self, empfaenger: str) -> list[Eingang]:
        with self.sperre:
            return [e for e in self.eingaenge if e.angenommen and empfaenger in e.empfaenger]

    def alle(self) -> list[Eingang]:
        with self.sperre:
            return list(self.eingaenge)
