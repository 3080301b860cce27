"""A host's request limits, as the client keeps them and as servers state them.

Every figure a server states (``x-rate-limit-limit``, ``x-rate-limit-interval``,
``x-concurrency-limit``, ``Retry-After``) is read defensively and clamped to a sane range: a
server that says "1 request per 99999999 s", "a rate of 1e-300", "inf at once" or "retry in a
day" can slow a command down to the bounds below, never hang it or crash it.
"""

from __future__ import annotations

import email.utils
import math
import re
import threading
import time
from collections.abc import Callable, Mapping

# Requests leave 5 % further apart than the limit allows: network jitter can bring two of
# them closer together on arrival, and a server counting "10 in any second" would refuse
# the eleventh (benchmarks/fetch.py measures it).
SPACING_MARGIN = 1.05
# The widest gap between two requests to one host that a server's headers can impose, and
# the most requests at once that they can allow.
MAX_SPACING = 5.0
MAX_CONCURRENCY = 10
# The longest wait that a ``Retry-After`` can ask of us.
RETRY_AFTER_CAP = 30.0


def clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


class HostLimit:
    """At most `rate` requests per `interval` seconds and `concurrency` at once.

    Requests are spaced evenly (a request may start every interval/rate seconds, at most
    :data:`MAX_SPACING`); a 429 pushes every later start back.
    """

    def __init__(
        self,
        rate: float,
        interval: float,
        concurrency: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.interval, self.concurrency = rate, interval, concurrency
        self.clock, self.sleep = clock, sleep
        self.active = 0
        self.next_start = 0.0
        self.condition = threading.Condition()

    @property
    def spacing(self) -> float:
        """Seconds between two starts, within [0, MAX_SPACING]."""
        return clamp(self.interval / self.rate * SPACING_MARGIN, 0.0, MAX_SPACING)

    def acquire(self) -> None:
        with self.condition:
            while self.active >= self.concurrency:
                self.condition.wait()
            self.active += 1
            now = self.clock()
            start = max(now, self.next_start)
            self.next_start = start + self.spacing
        if start > now:
            self.sleep(start - now)

    def release(self) -> None:
        with self.condition:
            self.active -= 1
            self.condition.notify()

    def pause(self, seconds: float) -> None:
        with self.condition:
            self.next_start = max(self.next_start, self.clock() + seconds)

    def update(self, headers: Mapping[str, str]) -> None:
        """Follow the server's own statement of its limits, within sane bounds."""
        limit = _number(headers.get("x-rate-limit-limit"))
        interval = _seconds(headers.get("x-rate-limit-interval"))
        concurrency = _number(headers.get("x-concurrency-limit"))
        with self.condition:
            if limit is not None and limit > 0:
                self.rate = clamp(limit, 1e-3, 1e6)
            if interval is not None and interval > 0:
                self.interval = clamp(interval, 1e-3, 3600.0)
            if concurrency is not None and concurrency >= 1:
                self.concurrency = int(clamp(concurrency, 1, MAX_CONCURRENCY))
                self.condition.notify_all()


def _number(value: str | None) -> float | None:
    """A finite number, or None for anything else (``inf``, ``nan``, words)."""
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _seconds(value: str | None) -> float | None:
    m = re.fullmatch(r"\s*(\d{1,15}(?:\.\d{1,9})?)\s*(ms|s|m)?\s*", value or "")
    if not m:
        return None
    return float(m.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[m.group(2)]


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number or an HTTP date (unclamped)."""
    if not value:
        return None
    text = value.strip()
    if re.fullmatch(r"\d{1,15}", text):
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        stamp = when.timestamp()
    except (OverflowError, ValueError, OSError):
        return None
    return max(0.0, stamp - (time.time() if now is None else now))
