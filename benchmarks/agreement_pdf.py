"""Agreement PDF benchmark: time and memory to render one agreement in a warm process.

Run from the repository root:

    .venv/bin/python benchmarks/agreement_pdf.py [--runs 30] [--warmup 3]

Four documents: a draft and a final (signed) agreement, each without and with the data processing
annex. For each it prints the page count, the median and p95 wall time over the timed runs (and the
CPU time, which other load on the machine disturbs less), and the peak Python memory of one render
(tracemalloc). The process's peak resident set size (ru_maxrss, including Python, Django, WeasyPrint
and Pango) is printed at the end.

Targets (issue 4): a typical 3-5 page agreement in <= 250 ms median and <= 350 ms p95 on a 2-core
machine, peak memory under 150 MB.

It then times sealing the final agreement with the configured seal (PAdES B-B; in development the
seal `manage.py create_dev_seal` makes, created here if missing). Target (issue 12): sealing adds
<= 150 ms median.
"""

from __future__ import annotations

import argparse
import copy
import io
import logging
import math
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyky.settings")
# Development defaults (as `make` sets them): the settings refuse to start without a secret otherwise,
# and nothing is served here.
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

import pypdf  # noqa: E402
from django.core.management import call_command  # noqa: E402

from contracts.rendering import render_agreement_pdf  # noqa: E402
from contracts.sealing import seal_pdf  # noqa: E402

MEDIAN_TARGET_MS = 250
P95_TARGET_MS = 350
MEMORY_TARGET_MB = 150
SEAL_MEDIAN_TARGET_MS = 150

# A typical agreement: a Finnish school pilot with the parties' own texts at realistic length.
SNAPSHOT: dict[str, Any] = {
    "number": "KYKY-2026-00107",
    "language": "fi",
    "template_version": "2026.1",
    "status": "approved",
    "issued_at": "2026-08-12T10:30:00+03:00",
    "verification_code": "H3TD-9QKM-4WBN",
    "verification_url": "https://kyky.espoo.example/verify/H3TD-9QKM-4WBN/",
    "city": {"name": "Espoon kaupunki", "municipality": "espoo", "business_id": "0101263-6"},
    "unit": {"name": "Tapiolan koulu", "kind": "school", "address": "Opintie 1\n02100 Espoo"},
    "company": {"name": "Sanaseppä Oy", "business_id": "2871450-7", "address": "Keilaranta 7\n02150 Espoo"},
    "contacts": {
        "school": {
            "name": "Sanna Laine",
            "title": "äidinkielen ja kirjallisuuden lehtori",
            "email": "sanna.laine@edu.espoo.example",
            "phone": "+358 40 555 0101",
        },
        "company": {
            "name": "Jussi Heikkinen",
            "title": "pedagoginen asiantuntija",
            "email": "jussi.heikkinen@sanaseppa.example",
            "phone": "+358 50 555 0202",
        },
    },
    "pilot": {
        "title": "Kirjoittamisen palautetyökalu yläkoulun äidinkieleen",
        "purpose": "Kokeillaan, auttaako välitön, erittelevä palaute oppilaita muokkaamaan tekstejään ja "
        "säästääkö se opettajan aikaa. Pilotissa verrataan kahden kirjoitustehtävän muokkauskierroksia.",
        "product": "Sanaseppä-kirjoitusalusta, koulukäyttöön tarkoitettu selainversio",
        "groups": "8B, 8C, 9A",
        "pupil_count": 68,
        "starts_on": "2026-09-07",
        "ends_on": "2026-12-11",
        "place": "Tapiolan koulu, äidinkielen luokat ja etäopetus koulun laitteilla",
        "levels": ["8. luokka", "9. luokka"],
        "subjects": ["Äidinkieli ja kirjallisuus", "Monilukutaito"],
    },
    "company_provides": "Kirjoitusalustan käyttöoikeudet 75 oppilaalle ja 5 opettajalle pilotin ajaksi, "
    "90 minuutin perehdytys opettajille koululla, tehtäväpohjat kahteen kirjoitustehtävään sekä tuki "
    "sähköpostitse ja puhelimitse arkisin klo 8-16, vastaus viimeistään seuraavana arkipäivänä.",
    "school_provides": "Alustan käyttö kahdessa kirjoitustehtävässä kummassakin ryhmässä, opettajien "
    "lyhyt oppimispäiväkirja käytöstä, kaksi palautekeskustelua yrityksen kanssa (lokakuussa ja "
    "pilotin lopussa) sekä oppilaiden nimetön palautekysely pilotin päättyessä.",
    "personal_data": {
        "processed": True,
        "categories": [
            "oppilaan nimi ja luokka",
            "Espoon koulukäyttäjätunnus (kertakirjautuminen)",
            "oppilaan kirjoittamat tekstit ja niihin annettu palaute",
            "käytön lokitiedot (kirjautumisajat)",
        ],
        "purpose": "Palautteen antaminen oppilaan teksteihin ja tekstien näyttäminen opettajalle.",
        "storage_location": "Pilvipalvelu Euroopan unionissa (Frankfurt, Saksa)",
        "retention": "Pilotin ajan. Oppilaat ja opettajat voivat ladata tekstinsä ennen pilotin päättymistä; "
        "tiedot poistetaan 30 päivän kuluessa pilotin päättymisestä.",
        "subprocessors": [
            {"name": "Hetzner Online GmbH", "service": "Palvelinkapasiteetti", "location": "Saksa"},
            {"name": "Sentry (EU-alue)", "service": "Virheiden seuranta", "location": "Saksa"},
        ],
    },
    "reference_use": "Yritys saa mainita verkkosivuillaan, myyntiesityksissään ja sijoittajaviestinnässään, "
    "että Sanaseppä-kirjoitusalustaa on pilotoitu Espoon kaupungin perusopetuksessa syksyllä 2026.",
}

SIGNATURES = [
    {
        "party": "school",
        "name": "Kari Mäkelä",
        "role": "rehtori",
        "organisation": "Tapiolan koulu",
        "signed_at": "2026-08-24T07:12:45+00:00",
        "document_sha256": "4c0d8c6f2a1b3e5d7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e",
    },
    {
        "party": "company",
        "name": "Jussi Heikkinen",
        "role": "toimitusjohtaja",
        "organisation": "Sanaseppä Oy",
        "signed_at": "2026-08-25T12:03:09+00:00",
        "document_sha256": "4c0d8c6f2a1b3e5d7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e",
    },
]


def snapshot(*, processed: bool) -> dict[str, Any]:
    """The typical agreement, with or without the data processing annex."""
    terms = copy.deepcopy(SNAPSHOT)
    terms["personal_data"]["processed"] = processed
    return terms


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure(name: str, render, *, runs: int, warmup: int) -> dict[str, Any]:
    """Time `render` after `warmup` untimed calls, then the peak Python memory of one more call."""
    for _ in range(warmup):
        pdf = render()
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        pdf = render()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    tracemalloc.start()
    render()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "name": name,
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
        "kib": len(pdf) / 1024,
        "median": statistics.median(wall),
        "p95": p95(wall),
        "cpu_median": statistics.median(cpu),
        "peak_mb": peak,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed renders per document (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed renders first (default 3)")
    args = parser.parse_args()
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    # WeasyPrint logs every layout step at INFO; production logging should keep it at WARNING too.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    cases = [
        ("draft, no annex", lambda: render_agreement_pdf(snapshot(processed=False), draft=True)),
        ("draft, annex", lambda: render_agreement_pdf(snapshot(processed=True), draft=True)),
        (
            "final, no annex",
            lambda: render_agreement_pdf(snapshot(processed=False), signatures=SIGNATURES, draft=False),
        ),
        ("final, annex", lambda: render_agreement_pdf(snapshot(processed=True), signatures=SIGNATURES, draft=False)),
    ]
    print(
        f"Agreement PDF (PDF/A-3b, tagged), {args.runs} timed renders after {args.warmup} warm-ups, {os.cpu_count()} CPUs"
    )
    print(
        f"{'document':<17} {'pages':>5} {'KiB':>5} {'median ms':>10} {'p95 ms':>7} {'cpu ms':>7} {'peak MB':>8}  verdict"
    )
    failed = False
    for name, render in cases:
        result = measure(name, render, runs=args.runs, warmup=args.warmup)
        ok = (
            result["median"] <= MEDIAN_TARGET_MS
            and result["p95"] <= P95_TARGET_MS
            and result["peak_mb"] < MEMORY_TARGET_MB
        )
        failed |= not ok
        print(
            f"{result['name']:<17} {result['pages']:>5} {result['kib']:>5.0f} {result['median']:>10.0f} "
            f"{result['p95']:>7.0f} {result['cpu_median']:>7.0f} {result['peak_mb']:>8.1f}  {'PASS' if ok else 'FAIL'}"
        )
    call_command("create_dev_seal", verbosity=0)
    final = render_agreement_pdf(snapshot(processed=True), signatures=SIGNATURES, draft=False)
    result = measure("seal final, annex", lambda: seal_pdf(final), runs=args.runs, warmup=args.warmup)
    ok = result["median"] <= SEAL_MEDIAN_TARGET_MS
    failed |= not ok
    print(
        f"{result['name']:<17} {result['pages']:>5} {result['kib']:>5.0f} {result['median']:>10.0f} "
        f"{result['p95']:>7.0f} {result['cpu_median']:>7.0f} {result['peak_mb']:>8.1f}  {'PASS' if ok else 'FAIL'}"
        f"  (sealing alone; target median <= {SEAL_MEDIAN_TARGET_MS} ms)"
    )
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    rss_ok = maxrss_mb < MEMORY_TARGET_MB
    failed |= not rss_ok
    print(
        f"process peak RSS (ru_maxrss): {maxrss_mb:.0f} MB, of which {baseline_mb:.0f} MB before the first render "
        f"(Python, Django, WeasyPrint imported)  {'PASS' if rss_ok else 'FAIL'}"
    )
    print(
        f"targets: median <= {MEDIAN_TARGET_MS} ms, p95 <= {P95_TARGET_MS} ms, peak memory < {MEMORY_TARGET_MB} MB: "
        f"{'FAIL' if failed else 'PASS'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
