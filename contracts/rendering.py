"""Render a frozen agreement snapshot to an archival PDF (PDF/A-3b) with WeasyPrint.

The renderer is a pure function of its arguments: the same snapshot, signatures and draft flag give
the same bytes, so a stored PDF can be checked by re-rendering and hashing. The text comes from the
versioned templates in contracts/templates/contracts/agreement/<template_version>/<language>.html;
a released version is never edited, so old agreements keep rendering as they were signed.

WeasyPrint may load nothing but the project's own static files (fonts, the stylesheet) and data:
URIs: `StaticFilesOnlyFetcher` refuses every other URL and stops the rendering if one is asked for.
User text reaches the HTML only through Django's autoescaping, so it cannot add tags or CSS.
"""

from __future__ import annotations

import gc
import hashlib
import json
import mimetypes
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname
from zoneinfo import ZoneInfo

import pydyf
import segno
import weasyprint
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse, path2url

from contracts.snapshot import SnapshotError, validate_signatures, validate_snapshot

CONTRACTS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = CONTRACTS_DIR.parent
STATIC_DIR = CONTRACTS_DIR / "static"
# The only directories WeasyPrint may read from; frontend/static holds the shared brand assets.
STATIC_ROOTS: tuple[Path, ...] = tuple(
    root.resolve() for root in (STATIC_DIR, PROJECT_DIR / "frontend" / "static") if root.is_dir()
)
BASE_URL = path2url(STATIC_DIR)  # a directory URL, with its trailing slash

PDF_VARIANT = "pdf/a-3b"
ATTACHMENT_NAME = "agreement.json"
ATTACHMENT_FORMAT = "kyky-agreement"
ATTACHMENT_FORMAT_VERSION = 1
# Signing times are printed in the city's local time; the agreements are Finnish municipal contracts.
LOCAL_TIMEZONE = ZoneInfo("Europe/Helsinki")
QR_QUIET_ZONE = 4  # modules, as the QR specification requires

PARTY_ORDER = {"school": 0, "company": 1}


class RenderingError(RuntimeError):
    """The PDF could not be rendered (a resource was refused or failed to load)."""


class FetchRefused(ValueError):
    """WeasyPrint asked for a URL outside the project's static files."""


class StaticFilesOnlyFetcher(URLFetcher):
    """A URL fetcher that serves files under `roots` and data: URIs, and refuses everything else.

    Refusals are fatal (`fail_on_errors`): an agreement missing its font or stylesheet must not be
    produced, and nothing in a correct template ever asks for another URL.
    """

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)

    def resolve(self, url: str) -> Path:
        """Map a file: URL to a file under one of the roots, or raise FetchRefused."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"Refusing to fetch {url!r}: only the project's static files may be loaded.")
        # resolve() collapses "..", percent-encoded or not, and follows symlinks before the check.
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise FetchRefused(f"Refusing to fetch {url!r}: not a file in the project's static directories.")
        return path

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            # Decoded by urllib's DataHandler; no I/O.
            return super().fetch(url, headers)
        path = self.resolve(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


FETCHER = StaticFilesOnlyFetcher(STATIC_ROOTS)
# WeasyPrint's image cache, shared between renders. Each agreement adds its QR code, so the cache is
# emptied between renders once it passes the limit: bounded memory in a long-running process.
IMAGE_CACHE: dict[str, Any] = {}
IMAGE_CACHE_LIMIT = 256
# Pango's font map and the shared caches are not thread-safe; one render at a time per process.
_RENDER_LOCK = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of one render.

    A render allocates a few hundred thousand objects that die together. With the collector on they
    trigger dozens of young-generation collections and, every few renders, a full one over all of
    Django's objects. Pausing it cut the mean CPU time per agreement by about 15 % and the 95th
    percentile by about a fifth in a warm process (benchmarks/agreement_pdf.py). Reference counting
    still frees most objects at once, and the collector's next run after the render takes the
    cycles. The pause is process-wide but lasts one render (a fraction of a second), under the lock.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def font_configuration() -> FontConfiguration:
    """The process-wide FontConfiguration: @font-face files are registered once, not per render."""
    return FontConfiguration()


@cache
def stylesheet(template_version: str) -> weasyprint.CSS:
    """The parsed stylesheet of a template version, kept for the life of the process."""
    path = STATIC_DIR / "contracts" / "agreement" / template_version / "agreement.css"
    if not path.is_file():
        raise SnapshotError(f"Unknown agreement template version {template_version!r}.")
    return weasyprint.CSS(url=path2url(path), url_fetcher=FETCHER, font_config=font_configuration())


def _stream_item_bytes(item: object) -> bytes:
    # The serialisation pydyf applies to each item of a stream (pydyf.Stream.data).
    if isinstance(item, bytes):
        return item
    if isinstance(item, float):
        return (str(int(item)) if item.is_integer() else f"{item:f}".rstrip("0")).encode("ascii")
    if isinstance(item, pydyf.Object):
        return item.data
    return str(item).encode("ascii")


def finish_pdf(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher, run on the PDF objects just before they are written."""
    # WeasyPrint 70 lists each embedded file twice in the catalogue's /AF (from the name tree and
    # from the file specifications); list it once.
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    # pydyf deflates a stream whenever its bytes are read, and with a file identifier (required by
    # PDF/A) it reads every object twice: to write it and to hash the file. Deflate each stream once
    # here instead, at zlib's default level rather than pydyf's 9: together about 30 ms less per
    # agreement for files 2 % larger.
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            deflate = zlib.compressobj(level=6)
            raw = b"\n".join(_stream_item_bytes(item) for item in obj.stream)
            obj.stream = [deflate.compress(raw) + deflate.flush()]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


def pdf_identifier(number: str, template_version: str) -> bytes:
    """The PDF file identifier: stable for one agreement and template version."""
    return hashlib.sha256(f"{number}\n{template_version}".encode()).hexdigest()[:32].encode("ascii")


def qr_code(url: str) -> str:
    """The QR code for `url` as a PNG data: URI, one pixel per module with the standard quiet zone.

    A raster image becomes one PDF XObject shared by every page's footer; an SVG path would be
    parsed and drawn again on every page, which costs more than the rest of the footer.
    """
    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=QR_QUIET_ZONE)


def qr_stylesheet(url: str) -> weasyprint.CSS:
    """The per-agreement stylesheet that puts the QR code for `url` into every page's footer."""
    # The data: URI is base64 from segno (no quotes or parentheses), so it is safe inside url("").
    css = f'@page {{ @bottom-left {{ background-image: url("{qr_code(url)}"); }} }}'
    return weasyprint.CSS(string=css, base_url=BASE_URL, url_fetcher=FETCHER, font_config=font_configuration())


def _aware(value: str, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise SnapshotError(f"{field} is not an ISO 8601 datetime: {value!r}.") from exc
    if moment.tzinfo is None:
        raise SnapshotError(f"{field} must carry a UTC offset: {value!r}.")
    return moment


def _date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise SnapshotError(f"{field} is not an ISO 8601 date: {value!r}.") from exc


def _w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _local(value: str, field: str) -> tuple[datetime, str]:
    """Naive local time, so that Django's date filter prints it as is whatever TIME_ZONE says, and its offset."""
    local = _aware(value, field).astimezone(LOCAL_TIMEZONE)
    offset = local.strftime("%z")
    return local.replace(tzinfo=None), f"{offset[:3]}:{offset[3:]}"


def _signature_context(signature: dict) -> dict[str, Any]:
    signed_at, offset = _local(signature["signed_at"], "signed_at")
    return {**signature, "signed_at": signed_at, "utc_offset": offset}


def _seal_context(seal: dict | None) -> dict[str, Any] | None:
    """The visible seal box of a sealed final PDF: the seal certificate's subject and the sealing time."""
    if not seal:
        return None
    sealed_at, offset = _local(seal["sealed_at"], "seal.sealed_at")
    return {"subject": seal["subject"], "sealed_at": sealed_at, "utc_offset": offset}


def terms_of(snapshot: dict) -> dict:
    """What the PDF says and attaches: the snapshot without its workflow status.

    The status changes while signatures are collected; leaving it out keeps the approved document's
    bytes, and so the hash each signer accepts, the same.
    """
    return {key: value for key, value in snapshot.items() if key != "status"}


def attachment_json(snapshot: dict, signatures: list[dict], *, draft: bool) -> str:
    """The machine-readable copy of the terms embedded in the PDF (deterministic JSON)."""
    payload = {
        "format": ATTACHMENT_FORMAT,
        "format_version": ATTACHMENT_FORMAT_VERSION,
        "draft": draft,
        "agreement": terms_of(snapshot),
        "signatures": signatures,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=2)


def ordered_signatures(signatures: list[dict] | None) -> list[dict]:
    """Validated signatures in a fixed order (the city's first), whatever order they were given in."""
    signatures = list(signatures or [])
    validate_signatures(signatures)
    return sorted(signatures, key=lambda signature: (PARTY_ORDER[signature["party"]], signature["signed_at"]))


def _pdf_dates(snapshot: dict, signatures: list[dict]) -> tuple[datetime, datetime]:
    """Creation and modification dates: when the terms were issued, and when they were last signed."""
    issued_at = _aware(snapshot["issued_at"], "issued_at")
    signed = [_aware(signature["signed_at"], "signed_at") for signature in signatures]
    return issued_at.astimezone(UTC), max([issued_at, *signed]).astimezone(UTC)


def render_agreement_html(
    snapshot: dict, *, signatures: list[dict] | None = None, draft: bool = True, seal: dict | None = None
) -> str:
    """The agreement as HTML, from its versioned template (autoescaped), in the snapshot's language."""
    validate_snapshot(snapshot)
    signatures = ordered_signatures(signatures)
    created, modified = _pdf_dates(snapshot, signatures)
    pilot = {
        **snapshot["pilot"],
        "starts_on": _date(snapshot["pilot"]["starts_on"], "pilot.starts_on"),
        "ends_on": _date(snapshot["pilot"]["ends_on"], "pilot.ends_on"),
    }
    context = {
        **terms_of(snapshot),
        "pilot": pilot,
        "draft": draft,
        "signatures": [_signature_context(signature) for signature in signatures],
        "seal": _seal_context(seal),
        "created": _w3c(created),
        "modified": _w3c(modified),
    }
    name = f"contracts/agreement/{snapshot['template_version']}/{snapshot['language']}.html"
    try:
        template = get_template(name)
    except TemplateDoesNotExist as exc:
        raise SnapshotError(f"No agreement template {name}.") from exc
    with translation.override(snapshot["language"]):
        return template.render(context)


def render_agreement_pdf(
    snapshot: dict, *, signatures: list[dict] | None = None, draft: bool = True, seal: dict | None = None
) -> bytes:
    """Render the agreement as PDF/A-3b bytes.

    `signatures` (final agreements) adds the signature page with each signer and the SHA-256 of the
    approved document they signed; `draft` marks every page as a draft; `seal` ({"subject",
    "sealed_at"}) adds the visible box of the electronic seal to the signature page. Raises SnapshotError for a
    snapshot that cannot be rendered and RenderingError when a resource fails to load.
    """
    validate_snapshot(snapshot)
    signatures = ordered_signatures(signatures)
    html = render_agreement_html(snapshot, signatures=signatures, draft=draft, seal=seal)
    created, modified = _pdf_dates(snapshot, signatures)
    attachment = weasyprint.Attachment(
        string=attachment_json(snapshot, signatures, draft=draft),
        name=ATTACHMENT_NAME,
        # Not translated: the description is part of the bytes, and a catalogue update must not
        # change how an old agreement renders.
        description="KYKY agreement terms (JSON)",
        # The dates default to "now"; pinned, the bytes depend on the arguments alone.
        created=created,
        modified=modified,
        relationship="Data",
        url_fetcher=FETCHER,
    )
    with _RENDER_LOCK, collector_paused():
        if len(IMAGE_CACHE) > IMAGE_CACHE_LIMIT:
            # Only between renders: an entry may be referenced until its render has written the PDF.
            IMAGE_CACHE.clear()
        try:
            document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=FETCHER)
            return document.write_pdf(
                finisher=finish_pdf,
                font_config=font_configuration(),
                stylesheets=[stylesheet(snapshot["template_version"]), qr_stylesheet(snapshot["verification_url"])],
                cache=IMAGE_CACHE,
                pdf_variant=PDF_VARIANT,
                pdf_tags=True,
                pdf_identifier=pdf_identifier(snapshot["number"], snapshot["template_version"]),
                attachments=[attachment],
            )
        except FatalURLFetchingError as exc:
            # A BaseException in WeasyPrint; an ordinary error for our callers.
            raise RenderingError(str(exc)) from exc
