"""Fetching feeds the way good citizens do, and safely.

One shared ``httpx.AsyncClient``; at most 8 fetches at once and 2 per host; a total
deadline per feed (``asyncio.timeout`` around connect, redirects and the whole
streamed body, so a server trickling a byte a second is cut off too); at most 5
redirects, each hop checked to be http(s); conditional GET; Retry-After on 429/503;
a User-Agent naming casebook.

The body is decompressed here rather than by httpx: httpx's decoders inflate a whole
network chunk at once (a 64 KB chunk of a gzip bomb is 64 MB), while this one inflates
at most what is left of the 10 MB cap and stops there.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from tui import __version__
from tui.core.clean import clean_line, safe_url
from tui.core.config import Config
from tui.feeds.items import FeedError

USER_AGENT = f"casebook/{__version__}"
ACCEPT = (
    "application/feed+json, application/atom+xml, application/rss+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
MB = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    deadline: float = 20.0  # seconds per feed, from its first byte sent to its last received
    max_bytes: int = 10 * MB  # after decompression
    max_redirects: int = 5
    max_connections: int = 8
    per_host: int = 2


def policy_from(config: Config) -> FetchPolicy:
    """The ``[feeds]`` settings of config.toml (concurrency, timeout_seconds)."""
    return FetchPolicy(
        deadline=float(config.values["feeds.timeout_seconds"]),
        max_connections=int(config.values["feeds.concurrency"]),
    )


@dataclass(frozen=True, slots=True)
class Fetched:
    not_modified: bool
    body: bytes
    url: str  # after redirects: relative links resolve against it
    content_type: str
    etag: str | None
    last_modified: str | None


class FetchError(FeedError):
    """A fetch that failed; ``retry_at`` is set when the server asked us to wait."""

    def __init__(self, message: str, retry_at: float | None = None) -> None:
        super().__init__(clean_line(message)[:300])
        self.retry_at = retry_at


def _too_big(cap: int) -> FetchError:
    size = f"{cap // MB} MB" if cap >= MB else f"{cap} bytes"
    return FetchError(f"the feed is larger than {size} (refused)")


class _Inflater:
    """Content-Encoding gzip/deflate/identity, inflating no more than the cap allows."""

    def __init__(self, encoding: str, cap: int) -> None:
        # "identity, gzip" is gzip; more than one real coding is not something we asked for.
        codings = [c.strip() for c in encoding.lower().split(",")]
        real = [c for c in codings if c not in ("", "identity")]
        encoding = real[0] if len(real) == 1 else ", ".join(real)
        self.cap = cap
        self.size = 0
        self.parts: list[bytes] = []
        self._z: zlib._Decompress | None
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding[:40]!r}")
        # "deflate" is zlib-wrapped by the spec, but some servers send raw deflate.
        self._may_be_raw = encoding == "deflate"
        # Some servers say gzip and send the body as it is (feedparser reads those too).
        self._may_be_plain = self._z is not None and encoding != "deflate"

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise _too_big(self.cap)
        self.parts.append(data)

    def _inflate(self, z: zlib._Decompress, data: bytes) -> None:
        while data:
            self._add(z.decompress(data, self.cap - self.size + 1))
            data = z.unconsumed_tail

    def feed(self, chunk: bytes) -> None:
        if self._may_be_plain and chunk:
            self._may_be_plain = False
            if not _GZIP_MAGIC.startswith(chunk[:2]):
                self._z = None
        if self._z is None:
            self._add(chunk)
            return
        try:
            try:
                self._inflate(self._z, chunk)
            except zlib.error:
                if not (self._may_be_raw and self.size == 0):
                    raise
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self._inflate(self._z, chunk)
        except zlib.error as exc:
            raise FetchError(f"the compressed body is damaged ({exc})") from None
        self._may_be_raw = False

    def body(self) -> bytes:
        return b"".join(self.parts)


def _gunzip_again(body: bytes, cap: int) -> bytes:
    """A body that is still gzip (a server that compresses twice, or a .gz file served as
    it is): inflated once more, within the same cap."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    inflater = _Inflater("gzip", cap)
    inflater.feed(body)
    return inflater.body()


def retry_at_of(value: str | None, now: float) -> float | None:
    """Retry-After as seconds or an HTTP date; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return now + min(int(value), 7 * 24 * 3600)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when.timestamp() if when.tzinfo else None


class Fetcher:
    """One per refresh: owns the shared client and the concurrency limits."""

    def __init__(
        self, policy: FetchPolicy | None = None, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.client = httpx.AsyncClient(
            follow_redirects=False,  # each hop is checked here
            limits=httpx.Limits(
                max_connections=self.policy.max_connections,
                max_keepalive_connections=self.policy.max_connections,
            ),
            # A safety net only: the per-feed deadline (asyncio.timeout) always fires first.
            timeout=httpx.Timeout(self.policy.deadline + 5),
            headers={
                "User-Agent": USER_AGENT,
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
            transport=transport,
        )
        self._slots = asyncio.Semaphore(self.policy.max_connections)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def aclose(self) -> None:
        await self.client.aclose()

    def _host_slot(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        slot = self._hosts.get(host)
        if slot is None:
            slot = self._hosts[host] = asyncio.Semaphore(self.policy.per_host)
        return slot

    async def fetch(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """Raises FetchError (with the reason) for anything but a usable response."""
        if safe_url(url) is None:
            raise FetchError("not an http(s) URL")
        try:
            httpx.URL(url)  # a host IDNA cannot encode ("https://☃.example/") is refused here
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a valid URL ({exc})") from None
        async with self._host_slot(url), self._slots:
            try:
                async with asyncio.timeout(self.policy.deadline):
                    return await self._fetch(url, etag, last_modified)
            except FetchError:
                raise
            except TimeoutError:
                raise FetchError(
                    f"timed out after {self.policy.deadline:g} s (the deadline per feed)"
                ) from None
            except httpx.HTTPError as exc:
                raise FetchError(_describe(exc)) from None
            except httpx.InvalidURL as exc:
                # httpx builds the next request of a redirect itself, even when not following
                # it, and fails on a Location such as "javascript:alert(1)".
                raise FetchError(f"redirect to an invalid URL refused ({exc})") from None
            except (httpx.StreamError, ValueError, OSError) as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}") from None
            except Exception as exc:  # one feed's failure, whatever it is, is that feed's
                # (a port past 65535 surfaces as an ExceptionGroup from the connection pool)
                raise FetchError(f"could not fetch ({type(exc).__name__}: {exc})") from None

    async def _fetch(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(self.policy.max_redirects + 1):
            async with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in (301, 302, 303, 307, 308):
                    url = _next_hop(url, response.headers.get("location"))
                    continue
                if status == 304:
                    return Fetched(True, b"", url, "", etag, last_modified)
                if status in (429, 503):
                    retry_at = retry_at_of(response.headers.get("retry-after"), time.time())
                    raise FetchError(f"HTTP {status} {response.reason_phrase}", retry_at)
                if not 200 <= status < 300:
                    raise FetchError(f"HTTP {status} {response.reason_phrase}")
                body = await self._read(response)
                return Fetched(
                    False,
                    body,
                    url,
                    response.headers.get("content-type", ""),
                    _validator(response.headers.get("etag")),
                    _validator(response.headers.get("last-modified")),
                )
        raise FetchError(f"too many redirects (more than {self.policy.max_redirects})")

    async def _read(self, response: httpx.Response) -> bytes:
        cap = self.policy.max_bytes
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise _too_big(cap)
        inflater = _Inflater(response.headers.get("content-encoding", ""), cap)
        async for chunk in response.aiter_raw():
            inflater.feed(chunk)
        return _gunzip_again(inflater.body(), cap)


def _validator(value: str | None) -> str | None:
    """An ETag or Last-Modified worth storing: short, and nothing a cleaner would change."""
    if not value or len(value) > 512 or value != clean_line(value):
        return None
    return value


def _next_hop(url: str, location: str | None) -> str:
    if not location:
        raise FetchError("a redirect without a Location")
    try:
        target = urljoin(url, location.strip())
    except ValueError:
        target = ""
    if safe_url(target) is None:
        scheme = location.split(":", 1)[0] if ":" in location else location
        raise FetchError(f"redirect to a non-http(s) URL ({scheme[:20]}:) refused")
    return target


def _describe(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({exc})" if str(exc) else "cannot connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the protocol ({exc})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
