"""The agreement PDF: read back with pypdf (and qpdf/poppler where installed) and checked for content and form."""

from __future__ import annotations

import gc
import hashlib
import io
import json
import re
import shutil
import socket
import subprocess
from functools import cache
from pathlib import Path

import pypdf
import pytest
import segno
import weasyprint
from weasyprint.urls import FatalURLFetchingError

from contracts import rendering
from contracts.rendering import (
    STATIC_DIR,
    FetchRefused,
    StaticFilesOnlyFetcher,
    render_agreement_html,
    render_agreement_pdf,
)
from contracts.snapshot import SnapshotError
from tests.contracts.samples import SIGNATURES, make_snapshot

LANGUAGES = ["fi", "sv", "en"]

HEADINGS = {
    "fi": [
        "1. Sopijaosapuolet ja määritelmät",
        "2. Yhteyshenkilöt",
        "3. Pilotin tarkoitus ja toteutus",
        "4. Yrityksen velvollisuudet",
        "5. Yksikön velvollisuudet",
        "6. Maksuttomuus, ei ostovelvoitetta eikä yksinoikeutta",
        "7. Immateriaalioikeudet",
        "8. Tietosuoja",
        "9. Mainonnan ja suoramarkkinoinnin kielto",
        "10. Referenssin käyttö ja viestintä",
        "11. Salassapito",
        "12. Vastuut",
        "13. Voimassaolo ja päättäminen",
        "14. Sopimuksen muuttaminen ja siirtäminen",
        "15. Sovellettava laki ja riitojen ratkaiseminen",
        "16. Allekirjoittaminen ja sopimusasiakirjat",
    ],
    "sv": [
        "1. Avtalsparter och definitioner",
        "2. Kontaktpersoner",
        "3. Pilotens syfte och genomförande",
        "4. Företagets åtaganden",
        "5. Enhetens åtaganden",
        "6. Avgiftsfrihet, ingen köpskyldighet och ingen ensamrätt",
        "7. Immateriella rättigheter",
        "8. Dataskydd",
        "9. Förbud mot reklam och direktmarknadsföring",
        "10. Användning som referens och kommunikation",
        "11. Sekretess",
        "12. Ansvar",
        "13. Giltighet och upphörande",
        "14. Ändring och överlåtelse av avtalet",
        "15. Tillämplig lag och tvistlösning",
        "16. Undertecknande och avtalshandlingar",
    ],
    "en": [
        "1. Parties and definitions",
        "2. Contact persons",
        "3. Purpose and implementation of the Pilot",
        "4. Obligations of the Company",
        "5. Obligations of the Unit",
        "6. Free of charge, no obligation to buy and no exclusivity",
        "7. Intellectual property rights",
        "8. Data protection",
        "9. No advertising or direct marketing",
        "10. Use as a reference and communication",
        "11. Confidentiality",
        "12. Liability",
        "13. Term and termination",
        "14. Amendment and assignment",
        "15. Governing law and disputes",
        "16. Signing and agreement documents",
    ],
}
TITLES = {
    "fi": "Yhteiskehittämis- ja pilotointisopimus",
    "sv": "Avtal om samutveckling och pilotering",
    "en": "Co-development and Pilot Agreement",
}
ANNEX_TITLES = {
    "fi": "Liite 1: Henkilötietojen käsittelyä koskeva liite",
    "sv": "Bilaga 1: Bilaga om behandling av personuppgifter",
    "en": "Annex 1: Data Processing Annex",
}
NO_PERSONAL_DATA = {
    "fi": "Tuote ei käsittele oppilaiden henkilötietoja.",
    "sv": "Produkten behandlar inte personuppgifter om elever.",
    "en": "The Product processes no personal data of pupils.",
}
DRAFT_MARKS = {"fi": "LUONNOS", "sv": "UTKAST", "en": "DRAFT"}
SIGNATURE_TITLES = {"fi": "Allekirjoitukset", "sv": "Underskrifter", "en": "Signatures"}
DATES = {
    "fi": ("1.9.2026", "27.11.2026"),
    "sv": ("1.9.2026", "27.11.2026"),
    "en": ("1 September 2026", "27 November 2026"),
}
# The signing times of SIGNATURES in Helsinki summer time, as each language prints them.
SIGNED_AT = {
    "fi": ("19.8.2026 klo 09.45.10 (UTC+03:00)", "20.8.2026 klo 14.02.33 (UTC+03:00)"),
    "sv": ("19.8.2026 kl. 09.45.10 (UTC+03:00)", "20.8.2026 kl. 14.02.33 (UTC+03:00)"),
    "en": ("19 August 2026 at 09:45:10 (UTC+03:00)", "20 August 2026 at 14:02:33 (UTC+03:00)"),
}
HASH = SIGNATURES[0]["document_sha256"]


@cache
def rendered(language: str = "fi", processed: bool = True, final: bool = False) -> bytes:
    """One render per combination for the whole module: rendering is the slow part."""
    snapshot = make_snapshot(language=language, personal_data__processed=processed)
    if final:
        return render_agreement_pdf(snapshot, signatures=SIGNATURES, draft=False)
    return render_agreement_pdf(snapshot, draft=True)


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with whitespace collapsed, so that line breaks do not matter."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


# Content


@pytest.mark.parametrize("language", LANGUAGES)
def test_cover_names_the_parties_business_ids_and_dates(language):
    content = text(rendered(language))
    assert TITLES[language] in content
    for expected in (
        "Espoon kaupunki",
        "0101263-6",
        "Auroran koulu",
        "Laskuri Oy",
        "3052781-5",
        "KYKY-2026-00042",
        "Murtoluvut pelillisesti 5.-luokkalaisille",
        "Liisa Virtanen",
        "mikko.korhonen@laskuri.example",
        "Laskuri Murtoluvut -oppimispeli (selainversio)",
        "5A, 5B",
        "46",
        "Matematiikka, Digitaalinen osaaminen",
        *DATES[language],
    ):
        assert expected in content, expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_clause_heading_is_present_in_order(language):
    content = text(rendered(language))
    positions = [content.find(heading) for heading in HEADINGS[language]]
    assert -1 not in positions, [h for h, p in zip(HEADINGS[language], positions, strict=True) if p == -1]
    assert positions == sorted(positions)


@pytest.mark.parametrize("language", LANGUAGES)
def test_free_text_of_the_parties_is_in_the_agreement(language):
    content = text(rendered(language))
    assert "2 tunnin perehdytys opettajille" in content  # company_provides
    assert "opettajien palautehaastattelu" in content  # school_provides
    assert "on pilotoitu Espoon kaupungin perusopetuksessa" in content  # reference_use


@pytest.mark.parametrize("language", LANGUAGES)
def test_annex_is_included_when_personal_data_is_processed(language):
    content = text(rendered(language, processed=True))
    assert ANNEX_TITLES[language] in content
    assert NO_PERSONAL_DATA[language] not in content
    for detail in (
        "oppilaan etunimi ja sukunimen alkukirjain",
        "Oppilaan edistymisen näyttäminen opettajalle pilotin aikana.",
        "Palvelimet Suomessa (Helsinki), UpCloud Oy",
        "tiedot poistetaan 30 päivän kuluessa pilotin päättymisestä",
        "Palvelinkapasiteetti",
    ):
        assert detail in content, detail


@pytest.mark.parametrize("language", LANGUAGES)
def test_annex_is_left_out_when_no_personal_data_is_processed(language):
    content = text(rendered(language, processed=False))
    assert ANNEX_TITLES[language] not in content
    assert NO_PERSONAL_DATA[language] in content
    assert "UpCloud" not in content


def test_annex_without_subprocessors_says_so():
    snapshot = make_snapshot(language="en", personal_data__subprocessors=[])
    assert "The processor uses no subprocessors." in text(render_agreement_pdf(snapshot))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "joka on Kaupungin päiväkoti"), ("sv", "som är ett daghem i Staden"), ("en", "a day-care centre of")],
)
def test_day_care_centre_is_named_as_such(language, expected):
    snapshot = make_snapshot(language=language, unit__kind="daycare", unit__name="Päiväkoti Satakieli")
    html = render_agreement_html(snapshot)
    assert expected in html
    assert "Päiväkoti Satakieli" in html


# Draft and final


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_a_draft_is_marked(language):
    pages = pages_text(rendered(language))
    assert all(DRAFT_MARKS[language] in page for page in pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_final_agreement_is_not_marked_as_draft(language):
    content = text(rendered(language, final=True))
    assert DRAFT_MARKS[language] not in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_signature_page_lists_both_signatures_and_the_approved_hash(language):
    pages = pages_text(rendered(language, final=True))
    last = pages[-1]
    assert last.startswith(SIGNATURE_TITLES[language])
    for expected in ("Anna Nieminen, rehtori", "Mikko Korhonen, toimitusjohtaja", "Auroran koulu", "Laskuri Oy"):
        assert expected in last
    for signed_at in SIGNED_AT[language]:
        assert signed_at in last
    assert last.count(HASH) == 2
    # The city signs first, whatever order the signatures came in.
    assert last.index("Anna Nieminen") < last.index("Mikko Korhonen")


def test_draft_has_no_signature_page():
    assert SIGNATURE_TITLES["fi"] not in pages_text(rendered("fi"))[-1]


def test_signature_page_comes_after_the_annex():
    pages = pages_text(rendered("fi", final=True))
    annex_page = next(i for i, page in enumerate(pages) if ANNEX_TITLES["fi"] in page)
    assert annex_page < len(pages) - 1


# The embedded terms


@pytest.mark.parametrize("final", [False, True])
def test_terms_are_attached_as_json_matching_the_snapshot(final):
    pdf = rendered("fi", final=final)
    attachments = reader(pdf).attachments
    assert list(attachments) == ["agreement.json"]
    payload = json.loads(attachments["agreement.json"][0])
    expected = make_snapshot()
    del expected["status"]  # informative only: it must not change the approved document's bytes
    assert payload["agreement"] == expected
    assert payload["format"] == "kyky-agreement"
    assert payload["draft"] is not final
    if final:
        assert [signature["party"] for signature in payload["signatures"]] == ["school", "company"]
        assert {json.dumps(s, sort_keys=True) for s in payload["signatures"]} == {
            json.dumps(s, sort_keys=True) for s in SIGNATURES
        }
    else:
        assert payload["signatures"] == []


def test_attachment_is_an_associated_file_for_pdf_a_3():
    root = reader(rendered("fi")).trailer["/Root"]
    associated = [ref.get_object() for ref in root["/AF"]]
    assert len(associated) == 1
    assert associated[0]["/AFRelationship"] == "/Data"
    assert associated[0]["/F"] == "agreement.json"
    assert associated[0]["/EF"]["/F"].get_object()["/Subtype"] == "/application/json"


# Form: PDF/A, fonts, structure


def test_pdf_a_metadata_title_and_author():
    pdf = reader(rendered("fi"))
    info = pdf.metadata
    assert info.title == "Yhteiskehittämis- ja pilotointisopimus KYKY-2026-00042"
    assert info.author == "Espoon kaupunki"
    xmp = pdf.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="B"' in xmp
    assert '<rdf:li xml:lang="x-default">Yhteiskehittämis- ja pilotointisopimus KYKY-2026-00042</rdf:li>' in xmp
    assert "<rdf:li>Espoon kaupunki</rdf:li>" in xmp
    intents = pdf.trailer["/Root"]["/OutputIntents"]
    assert intents[0]["/S"] == "/GTS_PDFA1"


def test_dates_come_from_the_snapshot_and_the_signatures():
    draft, final = reader(rendered("fi")), reader(rendered("fi", final=True))
    assert draft.metadata["/CreationDate"] == "D:20260803061500Z"
    assert draft.metadata["/ModDate"] == "D:20260803061500Z"
    assert final.metadata["/CreationDate"] == "D:20260803061500Z"
    assert final.metadata["/ModDate"] == "D:20260820110233Z"  # the last signature


def test_pdf_is_tagged_and_declares_its_language():
    for language in LANGUAGES:
        root = reader(rendered(language)).trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"]
        assert "/StructTreeRoot" in root
        assert root["/Lang"] == language


def test_file_identifier_is_derived_from_number_and_template_version():
    ident = reader(rendered("fi")).trailer["/ID"][0]
    expected = rendering.pdf_identifier("KYKY-2026-00042", "2026.1")
    assert ident.original_bytes == expected
    assert ident.original_bytes == reader(rendered("en", final=True)).trailer["/ID"][0].original_bytes


def test_pages_are_a4():
    for page in reader(rendered("fi")).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def _fonts(pdf: pypdf.PdfReader) -> dict[str, pypdf.generic.DictionaryObject]:
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    return fonts


def test_every_font_is_embedded():
    fonts = _fonts(reader(rendered("fi", final=True)))
    assert fonts
    for name, font in fonts.items():
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"
        assert "KYKY-Sans" in name  # the bundled DejaVu copy, never a system substitute


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils (pdffonts) is not installed")
def test_pdffonts_reports_every_font_embedded(tmp_path):
    path = tmp_path / "agreement.pdf"
    path.write_bytes(rendered("sv", final=True))
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()
    rows = [line.split() for line in lines[2:]]
    assert rows
    assert all(row[-5] == "yes" for row in rows), lines  # the "emb" column


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf is not installed")
@pytest.mark.parametrize(("processed", "final"), [(False, False), (True, False), (True, True)])
def test_qpdf_finds_no_errors(tmp_path, processed, final):
    path = tmp_path / "agreement.pdf"
    path.write_bytes(rendered("fi", processed=processed, final=final))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


# Footer and verification


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_footer_has_number_version_code_verification_url_and_page_count(language):
    pages = pages_text(rendered(language, final=True))
    label = {"fi": "Sivu", "sv": "Sida", "en": "Page"}[language]
    for number, page in enumerate(pages, start=1):
        assert "KYKY-2026-00042" in page
        assert "2026.1" in page
        assert "7KQ4-MZ2D-X9PA" in page
        assert "https://kyky.espoo.example/verify/7KQ4-MZ2D-X9PA/" in page
        assert f"{label} {number} / {len(pages)}" in page


def _qr_modules(image) -> list[list[bool]]:
    gray = image.convert("L")
    return [[gray.getpixel((x, y)) < 128 for x in range(gray.width)] for y in range(gray.height)]


def test_every_page_carries_a_qr_code_of_the_verification_url():
    pdf = reader(rendered("fi", final=True))
    expected = segno.make("https://kyky.espoo.example/verify/7KQ4-MZ2D-X9PA/", error="m", micro=False)
    matrix = [[bool(module) for module in row] for row in expected.matrix_iter(border=rendering.QR_QUIET_ZONE)]
    for page in pdf.pages:
        images = list(page.images)
        assert images, "no QR code on the page"
        assert _qr_modules(images[0].image) == matrix


def test_verification_url_is_a_link():
    pdf = reader(rendered("fi"))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    assert "https://kyky.espoo.example/verify/7KQ4-MZ2D-X9PA/" in uris


# Determinism and versions


def test_same_arguments_render_the_same_bytes():
    snapshot = make_snapshot()
    first = render_agreement_pdf(snapshot, signatures=SIGNATURES, draft=False)
    assert render_agreement_pdf(snapshot, signatures=list(reversed(SIGNATURES)), draft=False) == first
    assert first == rendered("fi", final=True)


def test_status_changes_do_not_change_the_approved_document():
    """Signers each accept the same hash even though the status moves on between their signatures."""
    approved = render_agreement_pdf(make_snapshot(status="approved"))
    assert hashlib.sha256(approved).digest() == hashlib.sha256(rendered("fi")).digest()


def test_different_terms_render_different_bytes():
    assert render_agreement_pdf(make_snapshot(pilot__pupil_count=45)) != rendered("fi")


def test_template_is_chosen_by_the_snapshot_version_and_language():
    html = render_agreement_html(make_snapshot(language="sv"))
    assert '<html lang="sv">' in html
    assert (STATIC_DIR / "contracts" / "agreement" / "2026.1" / "agreement.css").is_file()
    with pytest.raises(SnapshotError):
        render_agreement_pdf(make_snapshot(template_version="2099.1"))


@pytest.mark.parametrize(
    "change",
    [
        {"language": "de"},
        {"template_version": "../../../etc"},
        {"issued_at": "2026-08-03T09:15:00"},  # no offset
        {"pilot__starts_on": "1.9.2026"},
        {"unit__kind": "office"},
    ],
)
def test_malformed_snapshot_is_refused(change):
    with pytest.raises(SnapshotError):
        render_agreement_pdf(make_snapshot(**change))


def test_missing_keys_are_named():
    snapshot = make_snapshot()
    del snapshot["company"]
    with pytest.raises(SnapshotError, match="company"):
        render_agreement_pdf(snapshot)


def test_signature_from_an_unknown_party_is_refused():
    with pytest.raises(SnapshotError):
        render_agreement_pdf(make_snapshot(), signatures=[{**SIGNATURES[0], "party": "city"}], draft=False)


# Injection and fetching

INJECTED_TAG = '<img src="http://127.0.0.1:9/x.png"><b>bold</b>'
INJECTED_CSS = "url(http://127.0.0.1:9/y.css)"


@pytest.fixture
def fetches(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for, and a guard that fails any network connection."""
    seen: list[str] = []
    original = StaticFilesOnlyFetcher.fetch

    def recording_fetch(self, url, headers=None):
        seen.append(url)
        return original(self, url, headers)

    def no_network(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(StaticFilesOnlyFetcher, "fetch", recording_fetch)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    # Start from cold caches so that the stylesheet and the QR image really go through the fetcher.
    rendering.stylesheet.cache_clear()
    monkeypatch.setattr(rendering, "IMAGE_CACHE", {})
    return seen


def _injected_snapshot() -> dict:
    return make_snapshot(
        language="en",
        pilot__title=INJECTED_TAG,
        company_provides=f"Licences <style>body {{ background: {INJECTED_CSS} }}</style> for 50 pupils",
        school_provides=f'<link rel="stylesheet" href="http://127.0.0.1:9/z.css"> {INJECTED_CSS}',
        reference_use='"><script>alert(1)</script><a href="http://127.0.0.1:9/">site</a>',
        unit__name="Auroran koulu </td></tr></table><h1>Fake</h1>",
        personal_data__categories=[f"<svg onload=x>{INJECTED_CSS}</svg>"],
    )


def test_user_text_is_escaped_in_the_html():
    html = render_agreement_html(_injected_snapshot())
    assert "<img" not in html
    assert "<b>bold" not in html
    assert "<style>" not in html.split("</head>", 1)[1]
    assert "<script" not in html
    assert "<link" not in html
    assert "<h1>Fake" not in html
    assert "&lt;img src=&quot;http://127.0.0.1:9/x.png&quot;&gt;&lt;b&gt;bold&lt;/b&gt;" in html


def test_user_text_appears_literally_and_nothing_outside_static_files_is_fetched(fetches):
    pdf = render_agreement_pdf(_injected_snapshot())
    content = text(pdf)
    assert INJECTED_TAG in content
    assert f"<style>body {{ background: {INJECTED_CSS} }}</style>" in content
    assert '<link rel="stylesheet" href="http://127.0.0.1:9/z.css">' in content
    assert "<script>alert(1)</script>" in content
    # The fetcher was used (for the stylesheet and the QR code), and only for static files and data.
    assert fetches
    static_roots = [root.as_uri() + "/" for root in rendering.STATIC_ROOTS]
    for url in fetches:
        assert url.startswith("data:") or any(url.startswith(root) for root in static_roots), url
    assert any(url.endswith("/agreement.css") for url in fetches)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_pdftotext_reads_injected_markup_as_text(tmp_path, fetches):
    path = tmp_path / "agreement.pdf"
    path.write_bytes(render_agreement_pdf(_injected_snapshot()))
    extracted = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert INJECTED_TAG in extracted


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.com/font.ttf",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file://remotehost" + str(STATIC_DIR / "contracts" / "fonts" / "DejaVuSansCondensed.ttf"),
        (STATIC_DIR / "contracts" / "fonts").as_uri() + "/../../../rendering.py",
        (STATIC_DIR / "contracts" / "fonts").as_uri() + "/%2e%2e/%2e%2e/%2e%2e/rendering.py",
        STATIC_DIR.as_uri() + "/contracts/fonts/",  # a directory, not a file
        "javascript:alert(1)",
        "/etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(FetchRefused):
        rendering.FETCHER.fetch(url)


def test_fetcher_serves_static_files_and_data_uris():
    font = rendering.FETCHER.fetch((STATIC_DIR / "contracts" / "fonts" / "DejaVuSansCondensed.ttf").as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"
    data = rendering.FETCHER.fetch("data:text/plain;base64,S1lLWQ==")
    assert data.read() == b"KYKY"


def test_a_refused_resource_stops_the_rendering_without_network_access(monkeypatch):
    """The second line of defence: even markup that reached WeasyPrint cannot make it fetch a URL."""

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    document = weasyprint.HTML(string='<img src="http://127.0.0.1:9/x.png">', url_fetcher=rendering.FETCHER)
    with pytest.raises(FatalURLFetchingError):
        document.write_pdf()


# Process-wide state


def test_shared_image_cache_stays_bounded(monkeypatch):
    cache_dict: dict = {}
    monkeypatch.setattr(rendering, "IMAGE_CACHE", cache_dict)
    monkeypatch.setattr(rendering, "IMAGE_CACHE_LIMIT", 2)
    sizes = []
    for code in ("AAAA-1111", "BBBB-2222", "CCCC-3333", "DDDD-4444"):
        url = f"https://kyky.espoo.example/verify/{code}/"
        render_agreement_pdf(
            make_snapshot(verification_code=code, verification_url=url, personal_data__processed=False)
        )
        sizes.append(len(cache_dict))
    assert max(sizes) <= 2 + sizes[0]  # never more than the limit plus one render's entries


def test_static_roots_are_inside_the_project():
    project = Path(rendering.__file__).resolve().parent.parent
    assert rendering.STATIC_ROOTS
    assert all(root.is_relative_to(project) for root in rendering.STATIC_ROOTS)


def test_clause_numbers_run_without_gaps_in_every_language():
    """Clause numbers run 1..16 without gaps in every language (a translation must not drop one)."""
    for language in LANGUAGES:
        numbers = [int(m) for m in re.findall(r"<h2>(\d+)\. ", render_agreement_html(make_snapshot(language=language)))]
        assert numbers[:16] == list(range(1, 17))


# A released template version is frozen: agreements made with it must re-render as they were.

RELEASED_VERSIONS = {
    # version: SHA-256 over its template directory, stylesheet and fonts (see _version_digest).
    # 2026.1 gained the seal box and the sign-in line (issue 12), printed only when the seal and a
    # signature's method are given: without them every agreement renders to the same bytes as before.
    "2026.1": "1a445b48ceb3b7e7fb3249d2d9f126914186039179fa9fe47aaa29c4c359a668",
    # 2027.1 names the provider ("Palveluntarjoaja", "Leverantören", "the Provider") where 2026.1 says the company.
    "2027.1": "ba9f90cde297664f719afda1be95830f21aa4355288c3d9508336be11d4e0521",
}


def _version_digest(version: str) -> str:
    templates = Path(rendering.CONTRACTS_DIR, "templates", "contracts", "agreement", version)
    static = STATIC_DIR / "contracts" / "agreement" / version
    stylesheet = static / "agreement.css"
    fonts = [(static / url).resolve() for url in re.findall(r'url\("([^"]+)"\)', stylesheet.read_text())]
    files = sorted([*templates.iterdir(), *static.iterdir(), *fonts])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.mark.parametrize(("version", "expected"), RELEASED_VERSIONS.items())
def test_released_template_version_is_unchanged(version, expected):
    assert _version_digest(version) == expected, (
        f"The files of agreement template {version} changed. Agreements made with it must re-render "
        "identically: put the new text in a new version directory (and CURRENT_TEMPLATE_VERSION) instead."
    )


def test_garbage_collector_runs_again_after_a_render_even_a_failed_one(monkeypatch):
    render_agreement_pdf(make_snapshot(personal_data__processed=False))
    assert gc.isenabled()

    def broken(url):
        raise RuntimeError("boom")

    monkeypatch.setattr(rendering, "qr_stylesheet", broken)
    with pytest.raises(RuntimeError, match="boom"):
        render_agreement_pdf(make_snapshot(personal_data__processed=False))
    assert gc.isenabled()
