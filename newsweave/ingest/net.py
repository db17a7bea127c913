"""Where a fetch may connect, and when it must stop: the guards `Fetcher` puts around every request.

URLs reach newsweave from feeds, colleagues and the web API's clients. Fetched blindly, `http://127.0.0.1:5432/`
or `http://169.254.169.254/` reads the machine's own services or a cloud's metadata endpoint (server-side
request forgery). So every host is resolved and its addresses checked before connecting, and the address a
connection actually reached is checked again before a byte is sent (a name may resolve differently the second
time: DNS rebinding). A user crawling their own intranet names it in `NetworkSettings.allow_private`.

Timeouts in HTTP clients bound each read, not the whole fetch: a server sending one byte a second never trips
them. `Deadline` shuts the fetch's sockets down when its wall-clock time is up, wherever the fetch is waiting,
and stops waiting for a fetch stuck where no socket can be shut down (resolving a host name). A deadline long
enough for a big page on a slow link holds a dripping server just as long, so once a response has started its
bytes must also keep up a floor speed (`SpeedFloor`, curl's --speed-limit/--speed-time): a drip is cut after a
few seconds, a server that takes its time to answer and then sends its page is not.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpcore
import httpx

from newsweave.settings import NetworkSettings

T = TypeVar("T")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
NAT64 = ipaddress.ip_network("64:ff9b::/96")
"""IPv6 addresses a NAT64 gateway translates to the IPv4 address in their last 32 bits."""
ADDRESS_KINDS: tuple[tuple[str, str], ...] = (
    ("loopback", "is_loopback"),  # not language
    ("link-local", "is_link_local"),  # not language
    ("multicast", "is_multicast"),  # not language
    ("unspecified", "is_unspecified"),  # not language
    ("reserved", "is_reserved"),  # not language
    ("private", "is_private"),  # not language
)
"""The kinds of address a fetch refuses by default, as the `ipaddress` module tells them."""
MIN_WAIT = 0.001
"""Seconds a read waits at least: a socket timeout of zero or less would not wait at all but fail."""


class Refused(Exception):
    """A connection the address policy does not allow; the message is the skip reason."""


class TooSlow(Exception):
    """A response whose bytes arrived under the speed floor; the message is the skip reason."""


def address_kind(address: IPAddress) -> str | None:
    """Why this address is not a public one (None when it is). IPv4 addresses carried inside IPv6 ones
    (IPv4-mapped, 6to4, NAT64) are judged as the IPv4 address they reach."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address in NAT64:
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            return address_kind(inner)
    for kind, test in ADDRESS_KINDS:
        if getattr(address, test):
            return kind
    return None if address.is_global else "non-public"  # not language


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses, plus the private crawl targets the user named (`NetworkSettings.allow_private`)."""

    hosts: frozenset[str] = frozenset()
    """Host names or address literals allowed on any port (casefolded)."""
    host_ports: frozenset[tuple[str, int]] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_settings(cls, cfg: NetworkSettings) -> AddressPolicy:
        hosts: set[str] = set()
        host_ports: set[tuple[str, int]] = set()
        networks: list[IPNetwork] = []
        for entry in cfg.allow_private:
            if "/" in entry:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            host, port = _host_and_port(entry)
            if port is None:
                hosts.add(host)
            else:
                host_ports.add((host, port))
        return cls(frozenset(hosts), frozenset(host_ports), tuple(networks))

    def refusal(self, host: str, port: int) -> str | None:
        """Why `host:port` may not be fetched (None when it may), judged on every address the name resolves to:
        a name with one private address among public ones is refused, since any of them may be the one used."""
        if self._named(host, port):
            return None
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            return f"cannot resolve host {host!r}: {error}"
        for info in infos:
            refused = self.address_refusal(host, port, str(info[4][0]))
            if refused:
                return refused
        return None

    def address_refusal(self, host: str, port: int, address: str) -> str | None:
        """Why a connection to `address` (for `host:port`) is refused; also used on the address a connection
        actually reached, which closes the gap between resolving a name and connecting to it."""
        if self._named(host, port):
            return None
        ip = ipaddress.ip_address(address.split("%")[0])
        kind = address_kind(ip)
        if kind is None or any(ip in network for network in self.networks):
            return None
        shown = host if host == address else f"{host} ({address})"
        return (f"refused: {shown} is not a public address ({kind}); private crawl targets must be named in the "
                f"network.allow_private setting")

    def _named(self, host: str, port: int) -> bool:
        name = host.casefold().strip("[]")
        return name in self.hosts or (name, port) in self.host_ports


def _host_and_port(entry: str) -> tuple[str, int | None]:
    """`host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address, casefolded."""
    entry = entry.strip().casefold()
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else None
    host, colon, port = entry.rpartition(":")
    if colon and port.isdigit() and ":" not in host:
        return host, int(port)
    return entry, None


@dataclass
class Deadline:
    """A fetch's wall-clock limit: when it passes, every socket the fetch opened is shut down, which ends any
    read or write it is blocked in (a per-read timeout does not: a byte a second resets it every second)."""

    seconds: float
    end: float = field(init=False)
    _sockets: list[socket.socket] = field(default_factory=list, init=False)
    _expired: bool = field(default=False, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.end = time.monotonic() + self.seconds
        self._timer = threading.Timer(max(0.0, self.seconds), self.cut)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def run(self, call: Callable[[], T]) -> T | None:
        """`call`'s result, or None when it has not returned by the deadline. Not every wait of a fetch is on a
        socket the deadline can shut down: the system resolver (`getaddrinfo`, for the address check and again
        for the connection) blocks inside libc for as long as a DNS server keeps it waiting. So `call` runs in a
        daemon thread of its own, which the caller stops waiting for at the deadline; its sockets are shut down
        then, and a resolver that hangs keeps only that thread until it gives up."""
        outcome: list[T] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                outcome.append(call())
            except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
                failure.append(error)

        worker = threading.Thread(target=work, name="newsweave-fetch", daemon=True)
        worker.start()
        worker.join(self.remaining())
        if worker.is_alive():
            self.cut()
        if failure:
            raise failure[0]
        return outcome[0] if outcome else None

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    @property
    def expired(self) -> bool:
        return self._expired or time.monotonic() >= self.end

    def watch(self, sock: socket.socket) -> None:
        """Shut `sock` down at the deadline (at once, if it has passed)."""
        with self._lock:
            self._sockets.append(sock)
            if not self._expired:
                return
        _shut(sock)

    def cut(self) -> None:
        """End the fetch now: at the deadline, or earlier for a response under the speed floor."""
        with self._lock:
            self._expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    """Shutting down (not closing) wakes a thread blocked on the socket and leaves closing to its owner."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by its owner, or never connected: nothing left to stop


@dataclass(frozen=True)
class SpeedFloor:
    """The least a response must deliver once it has started: `NetworkSettings.low_speed_bytes` a second,
    judged over each `low_speed_seconds` from its first byte. The wait for that first byte is not judged: a
    server that is slow to answer is bounded by the fetch's deadline alone."""

    bytes_per_second: int
    seconds: float

    @classmethod
    def from_settings(cls, cfg: NetworkSettings) -> SpeedFloor:
        return cls(cfg.low_speed_bytes, cfg.low_speed_seconds)

    @property
    def least(self) -> float:
        """Bytes each window must bring."""
        return self.bytes_per_second * self.seconds

    def reason(self, got: int) -> str:
        return (f"timed out as too slow: {got} bytes in {self.seconds:g} s once the response had started, under "
                f"the floor of {self.bytes_per_second} bytes a second (network.low_speed_bytes over "
                f"network.low_speed_seconds)")


class FloorStream(httpcore.NetworkStream):
    """A connection held to a `SpeedFloor`. While the current window has not had its bytes, a read waits no
    longer than the window has left; a window that ends short raises `TooSlow`. One request per connection
    (keep-alive is off), so the first byte read is the first byte of the response."""

    def __init__(self, stream: httpcore.NetworkStream, floor: SpeedFloor) -> None:
        self._stream = stream
        self._floor = floor
        self._window_end: float | None = None
        self._got = 0

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        now = time.monotonic()
        window = None if self._window_end is None else self._roll(now)
        clamped = window is not None and self._got < self._floor.least and (timeout is None or window < timeout)
        try:
            data = self._stream.read(max_bytes, window if clamped else timeout)
        except httpcore.ReadTimeout:
            if clamped:
                raise TooSlow(self._floor.reason(self._got)) from None
            raise
        now = time.monotonic()
        if self._window_end is None:
            self._window_end = now + self._floor.seconds if data else None
        else:
            self._roll(now)
        self._got += len(data)
        return data

    def _roll(self, now: float) -> float:
        """Judge the window once it has ended and start the next one; the seconds left of the window."""
        assert self._window_end is not None
        if now >= self._window_end:
            if self._got < self._floor.least:
                raise TooSlow(self._floor.reason(self._got))
            self._window_end, self._got = now + self._floor.seconds, 0
        return max(self._window_end - now, MIN_WAIT)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        """The handshake is not judged (its bytes are not the response's); the encrypted stream is."""
        return FloorStream(self._stream.start_tls(ssl_context, server_hostname, timeout), self._floor)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class FloorBackend(httpcore.NetworkBackend):
    """httpcore's own network backend, each connection held to the speed floor."""

    def __init__(self, floor: SpeedFloor) -> None:
        self._backend = httpcore.SyncBackend()
        self._floor = floor

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return FloorStream(stream, self._floor)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        return FloorStream(self._backend.connect_unix_socket(path, timeout, socket_options), self._floor)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class FloorTransport(httpx.HTTPTransport):
    """httpx's transport over `FloorBackend`, keeping no connection alive. httpx 0.28 takes no network backend
    (encode/httpx#3180), so the connection pool it made is replaced by one built as it builds it, with the
    backend: requests, responses and errors still go through httpx's own handling."""

    def __init__(self, floor: SpeedFloor) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False), max_keepalive_connections=0,
            network_backend=FloorBackend(floor),
        )
