"""Serving benchmark: the production server under load, on generated data, side by side with the floor.

Run from the repository root (needs PostgreSQL on 127.0.0.1:5432 as in the README, and wrk: `apt-get
install -y wrk`):

    .venv/bin/python benchmarks/serving.py [--duration 15] [--soak 60] [--clients 16] [--soak-clients 32]

It creates a fresh PostgreSQL database (dropped at the end unless --keep), migrates it, collects the
static files and generates 10,000 published proposals, 10,000 needs and 1,000 agreements with
bulk_create (texts from benchmarks/matching_synth.py). Then it starts gunicorn as production runs it
(deploy/gunicorn.conf.py, 2 workers, DEBUG off, WhiteNoise, the database cache, the development seal),
signs in over HTTP (a token from POST /api/v1/auth/token/, a session from the login page) and measures
with wrk, one endpoint after the other at --clients connections:

- the floor, GET /api/v1/subjects/ (a public code list: the framework's fixed cost per request);
- the filtered proposal list, GET /api/v1/proposals/?subject=mathematics&level=grade_4 (a teacher);
- a need's matches, GET /api/v1/needs/<id>/matches/ (against the 10,000 proposals);
- an agreement's PDF, GET /api/v1/agreements/<id>/pdf/ (a draft, rendered per request);
- the proposal list page, GET /proposals/?subject=mathematics&level=grade_4 (HTML, signed in);
- the list, the matches and the page again, each request with a query parameter no other request has
  (`fresh=<n>`, which the filters ignore), so no answer can have been kept (kyky/core/read_cache.py): the
  rows above measure a repeated read with nothing changed in between, these a read built afresh.

It prints one table: requests per second, p50 and p95 latency, and each as a ratio to the floor, with
the machine's load average (`uptime`) before each measurement, since other processes share the cores.
Then a soak: --soak-clients connections for --soak seconds, cycling through every row but the PDF, counting non-2xx answers, socket errors and timeouts (the target is none).

Targets (issue 11): the list >= 0.5 of the floor's requests/s, >= 300 req/s and p95 <= 100 ms at 16
clients; the page >= 0.3 of the floor; a need's matches p95 <= 50 ms; no failed request in the soak.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "bench-serving-password-1"
TEACHER = "teacher@bench.example"

LIST_QUERY = "subject=mathematics&level=grade_4"

# wrk's Lua side: counts non-2xx answers in every thread and prints one JSON line at the end, with the
# exact p50/p95/p99 from wrk's latency histogram (its --latency output has no p95).
WRK_SCRIPT = r"""
local threads = {}
local paths = {}
local headers = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
function init(args)
  non2xx = 0
  counter = 0
  for i = 1, #args, 2 do
    table.insert(paths, args[i])
    local h = {}
    if args[i + 1] ~= "" then
      local name, value = args[i + 1]:match("^([^:]+):%s*(.*)$")
      h[name] = value
    end
    table.insert(headers, h)
  end
end
function request()
  counter = counter + 1
  local i = (counter % #paths) + 1
  -- "{n}" in a path becomes a value no other request of the run has: an answer that cannot have been kept.
  local path = paths[i]:gsub("{n}", id .. "-" .. counter)
  return wrk.format("GET", path, headers[i])
end
function response(status, hdrs, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "non2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, bad))
end
"""


# Generating the data (in a child process with the server's settings)


def _business_id(n: int) -> str | None:
    """A valid Finnish business ID from a 7-digit number, or None when that number has no check digit."""
    digits = f"{n:07d}"
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return None
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


def generate(n_proposals: int, n_needs: int, n_agreements: int, seed: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from benchmarks import matching_synth as synth
    from contracts.models import Agreement
    from contracts.services import _verification_code, build_snapshot, verification_url
    from kyky.accounts.models import Membership, Organisation, User
    from kyky.catalog.models import Language, Level, Municipality, Subject
    from kyky.core.versions import corpus_changed
    from kyky.pilots.models import Application, Need, Pilot, Proposal

    rng = random.Random(seed)
    now = timezone.now()
    # The generator's windows lie in the school year 2026-27; move them so that they are still ahead.
    shift = max((timezone.localdate() - date(2026, 8, 1)).days, 0)

    def moved(day: date) -> date:
        return day + timedelta(days=shift)

    municipalities = [m for m in synth.MUNICIPALITIES if Municipality.objects.filter(pk=m).exists()]
    subjects = set(Subject.objects.values_list("pk", flat=True))
    levels = set(Level.objects.values_list("pk", flat=True))
    languages = set(Language.objects.values_list("pk", flat=True))
    unusable = make_password(None)

    with transaction.atomic():
        ids = (b for b in (_business_id(n) for n in range(2_000_000, 3_000_000)) if b)
        companies = Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench Oppiminen {i} Oy",
                kind=Organisation.Kind.COMPANY,
                municipality_id=municipalities[i % len(municipalities)],
                business_id=next(ids),
            )
            for i in range(200)
        )
        units = Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench koulu {i}",
                kind=Organisation.Kind.SCHOOL if i % 4 else Organisation.Kind.DAYCARE,
                municipality_id=municipalities[i % len(municipalities)],
            )
            for i in range(500)
        )
        orgs = companies + units
        users = User.objects.bulk_create(
            User(email=f"member{i}@bench.example", name=f"Bench Member {i}", password=unusable, language="fi")
            for i in range(len(orgs))
        )
        Membership.objects.bulk_create(
            Membership(
                user=user,
                organisation=org,
                role=Membership.Role.REPRESENTATIVE if org.is_provider else Membership.Role.PRINCIPAL,
            )
            for user, org in zip(users, orgs, strict=True)
        )
        user_of = {org.pk: user for user, org in zip(users, orgs, strict=True)}
        # Who signs in: a teacher of the first school (the one whose agreement is fetched).
        school = next(unit for unit in units if unit.kind == Organisation.Kind.SCHOOL)
        teacher = User.objects.create_user(TEACHER, PASSWORD, name="Bench Teacher", language="fi")
        Membership.objects.create(user=teacher, organisation=school, role=Membership.Role.TEACHER)

        docs = synth.proposals(n_proposals, seed=seed)
        proposals = Proposal.objects.bulk_create(
            Proposal(
                organisation=(company := rng.choice(companies)),
                created_by=user_of[company.pk],
                title=doc.title[:200],
                summary=doc.summary[:300],
                description=doc.description[:5000],
                starts_on=moved(doc.starts_on),
                ends_on=moved(doc.ends_on),
                capacity=doc.capacity_left,
                teacher_hours=rng.randint(0, 40),
                requirements="Tabletit tai kannettavat, verkkoyhteys." if rng.random() < 0.5 else "",
                delivery=doc.delivery,
                processes_personal_data=rng.random() < 0.3,
                status=Proposal.Status.PUBLISHED,
                published_at=now,
            )
            for doc in docs
        )
        through = Proposal.subjects.through
        through.objects.bulk_create(
            through(proposal=p, subject_id=code)
            for p, doc in zip(proposals, docs, strict=True)
            for code in doc.subjects
            if code in subjects
        )
        through = Proposal.levels.through
        through.objects.bulk_create(
            through(proposal=p, level_id=code)
            for p, doc in zip(proposals, docs, strict=True)
            for code in doc.levels
            if code in levels
        )
        through = Proposal.languages.through
        through.objects.bulk_create(
            through(proposal=p, language_id=code)
            for p, doc in zip(proposals, docs, strict=True)
            for code in doc.languages
            if code in languages
        )
        through = Proposal.municipalities.through
        through.objects.bulk_create(
            through(proposal=p, municipality_id=code)
            for p, doc in zip(proposals, docs, strict=True)
            for code in doc.municipalities
            if code in municipalities
        )

        units_in = {m: [u for u in units if u.municipality_id == m] for m in municipalities}
        need_docs = synth.needs(n_needs, seed=seed + 1)
        needs = Need.objects.bulk_create(
            Need(
                organisation=(unit := rng.choice(units_in.get(doc.municipality) or units)),
                created_by=user_of[unit.pk],
                title=doc.title[:200],
                description=doc.description[:5000],
                language_id=doc.language,
                group_size=rng.randint(8, 28),
                starts_on=moved(doc.starts_on),
                ends_on=moved(doc.ends_on),
                municipality_id=unit.municipality_id,
                accepts_remote=doc.accepts_remote,
                status=Need.Status.PUBLISHED,
                published_at=now,
            )
            for doc in need_docs
        )
        through = Need.subjects.through
        through.objects.bulk_create(
            through(need=n, subject_id=code)
            for n, doc in zip(needs, need_docs, strict=True)
            for code in doc.subjects
            if code in subjects
        )
        through = Need.levels.through
        through.objects.bulk_create(
            through(need=n, level_id=code)
            for n, doc in zip(needs, need_docs, strict=True)
            for code in doc.levels
            if code in levels
        )

        # Agreements: distinct pairs, the first between the teacher's school and some company.
        first_need = next(n for n in needs if n.organisation_id == school.pk)
        pair_needs = [first_need] + rng.sample([n for n in needs if n is not first_need], n_agreements - 1)
        pair_proposals = rng.sample(proposals, n_agreements)
        applications = Application.objects.bulk_create(
            Application(
                proposal=p,
                need=n,
                initiated_by=Application.Side.SCHOOL,
                created_by=user_of[n.organisation_id],
                status=Application.Status.ACCEPTED,
                decided_by=user_of[p.organisation_id],
                decided_at=now,
            )
            for p, n in zip(pair_proposals, pair_needs, strict=True)
        )
        pilots = Pilot.objects.bulk_create(
            Pilot(
                application=a,
                proposal=a.proposal,
                need=a.need,
                unit_id=a.need.organisation_id,
                company_id=a.proposal.organisation_id,
                municipality_id=a.need.municipality_id,
            )
            for a in applications
        )
        org_by_id = {org.pk: org for org in orgs}
        agreements = []
        for i, pilot in enumerate(pilots, start=1):
            pilot.unit, pilot.company = org_by_id[pilot.unit_id], org_by_id[pilot.company_id]
            language = pilot.need.language_id if pilot.need.language_id in Agreement.Language.values else "fi"
            snapshot = build_snapshot(
                pilot=pilot,
                school_user=user_of[pilot.unit_id],
                company_user=user_of[pilot.company_id],
                language=language,
            )
            code = _verification_code()
            number = f"KYKY-BENCH-{i:05d}"
            snapshot.update(number=number, verification_code=code, verification_url=verification_url(code))
            agreements.append(
                Agreement(
                    pilot=pilot,
                    number=number,
                    language=language,
                    template_version=snapshot["template_version"],
                    verification_code=code,
                    unit_id=pilot.unit_id,
                    company_id=pilot.company_id,
                    municipality_id=pilot.municipality_id,
                    snapshot=snapshot,
                )
            )
        agreements = Agreement.objects.bulk_create(agreements)
        Need.objects.filter(pk__in=[n.pk for n in pair_needs]).update(status=Need.Status.MATCHED)
        for p in pair_proposals:
            p.groups_accepted = 1
        Proposal.objects.bulk_update(pair_proposals, ["groups_accepted"])
        corpus_changed("proposals", "needs")
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather after a bulk load
        cursor.execute("ANALYZE")

    return data_facts()


def data_facts() -> dict:
    """The ids the measurements use, and the data's size."""
    import django

    django.setup()
    from contracts.models import Agreement
    from kyky.accounts.models import User
    from kyky.pilots.models import Need, Proposal

    school = User.objects.get(email=TEACHER).member.organisation
    # A need whose matches are asked for: a published mathematics need of the teacher's school if any.
    need = (
        Need.objects.filter(organisation=school, status=Need.Status.PUBLISHED, subjects="mathematics").first()
        or Need.objects.filter(status=Need.Status.PUBLISHED, subjects="mathematics").first()
    )
    return {
        "need": need.pk,
        "agreement": Agreement.objects.filter(unit=school).order_by("pk").first().pk,
        "proposals": Proposal.objects.count(),
        "needs": Need.objects.count(),
        "agreements": Agreement.objects.count(),
        "list_matches": Proposal.objects.filter(subjects="mathematics", levels="grade_4").count(),
    }


# The server and the client


def _run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    return result.stdout


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
        check=True,
        capture_output=True,
    )


def _load() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__().replace("'", "")


def _get(url: str, headers: dict[str, str] | None = None, opener=None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _token(base: str) -> str:
    body = json.dumps({"email": TEACHER, "password": PASSWORD}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token/", data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["token"]


def _session(base: str) -> str:
    """Sign in through the login page as a browser does; the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, page = _get(f"{base}/accounts/login/", opener=opener)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": TEACHER, "password": PASSWORD})
    request = urllib.request.Request(
        f"{base}/accounts/login/",
        data=form.encode(),
        headers={"Referer": f"{base}/accounts/login/", "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    opener.open(request, timeout=30).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit("signing in through the login page failed")
    return f"sessionid={cookies['sessionid']}"


def _wait_idle(base: str, limit: float = 60) -> None:
    """Wait until the server answers the floor at once: requests a finished wrk run left queued (a sync
    worker still serves a connection its client closed) must not slow the next measurement."""
    deadline = time.monotonic() + limit
    quick = 0
    while time.monotonic() < deadline and quick < 3:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            _get(f"{base}/api/v1/subjects/")
        quick = quick + 1 if time.monotonic() - started < 0.25 else 0
        time.sleep(0.2)


def _wrk(base: str, targets: list[tuple[str, str]], clients: int, seconds: int, script: Path) -> dict:
    args = []
    for path, header in targets:
        args += [path, header]
    command = [
        "wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
        base, "--", *args,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRKJSON "))
    result = json.loads(line.removeprefix("WRKJSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "timeout")) + result["non2xx"]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per endpoint")
    parser.add_argument("--soak", type=int, default=60, help="seconds of the soak (0: none)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--soak-clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8761)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--agreements", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database", help="PostgreSQL database name (default: a fresh one, dropped at the end)")
    parser.add_argument("--reuse", action="store_true", help="the database exists and holds the data already")
    parser.add_argument("--keep", action="store_true", help="keep the database (for --reuse next time)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--static", help="collect the static files here and reuse them next time (default: a new directory)"
    )
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--facts", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.generate or options.facts:
        sys.path.insert(0, str(ROOT))
        if options.generate:
            print(json.dumps(generate(options.proposals, options.needs, options.agreements, options.seed)))
        else:
            print(json.dumps(data_facts()))
        return 0
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    database = options.database or f"kyky_bench_serving_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="kyky-serving-"))
    base = f"http://127.0.0.1:{options.port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KYKY_", "GUNICORN_"))},
        "DJANGO_SETTINGS_MODULE": "kyky.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-serving-" + "k3y" * 20,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATIC_ROOT": options.static or str(work / "static"),
        "KYKY_DATA_DIR": str(work / "data"),
        "KYKY_SITE_URL": base,
        "KYKY_SEAL_P12_FILE": str(work / "data" / "seal" / "dev-seal.p12"),
        "KYKY_SEAL_PASSWORD_FILE": str(work / "data" / "seal" / "dev-seal.password"),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "PYTHONPATH": str(ROOT),
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env.pop("REDIS_URL", None)
    server = None
    try:
        if not options.reuse:
            _psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            _psql(f"CREATE DATABASE {database}")
        started = time.monotonic()
        _run(
            [PYTHON, "manage.py", "create_dev_seal", "-v", "0"],
            {**env, "DJANGO_DEBUG": "1", "KYKY_SEAL_P12_FILE": "", "KYKY_SEAL_PASSWORD_FILE": ""},
        )
        _run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        _run([PYTHON, "manage.py", "createcachetable"], env)
        if not (Path(env["DJANGO_STATIC_ROOT"]) / "staticfiles.json").exists():
            _run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        if options.reuse:
            facts = json.loads(_run([PYTHON, __file__, "--facts"], env).strip().splitlines()[-1])
        else:
            facts = json.loads(
                _run(
                    [PYTHON, __file__, "--generate", "--proposals", str(options.proposals), "--needs",
                     str(options.needs), "--agreements", str(options.agreements), "--seed", str(options.seed)],
                    env,
                ).strip().splitlines()[-1]
            )  # fmt: skip
        print(
            f"data: {facts['proposals']} proposals ({facts['list_matches']} with mathematics and grade 4), "
            f"{facts['needs']} needs, {facts['agreements']} agreements; ready in {time.monotonic() - started:.0f} s"
        )
        server_log = (work / "server.log").open("w")
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{options.port}",
             "--workers", str(options.workers), "kyky.wsgi"],
            env=env, cwd=ROOT, start_new_session=True, stdout=server_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(240):
            try:
                if _get(f"{base}/api/v1/subjects/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit("the server did not answer")

        token = f"Authorization: Token {_token(base)}"
        cookie = f"Cookie: {_session(base)}"
        # The PDF last: its renders take the longest, and a slow endpoint's queue must not spill into another's run.
        endpoints = [
            ("floor: GET /api/v1/subjects/", "/api/v1/subjects/", ""),
            ("proposal list (API, filtered)", f"/api/v1/proposals/?{LIST_QUERY}", token),
            ("a need's matches (API)", f"/api/v1/needs/{facts['need']}/matches/", token),
            ("proposal list page (HTML)", f"/proposals/?{LIST_QUERY}", cookie),
            # The same three reads, each request with a query parameter no other request has (ignored by the
            # filters), so every answer is built afresh: the figures of a read that is not a repeat.
            ("list, built afresh", f"/api/v1/proposals/?{LIST_QUERY}&fresh={{n}}", token),
            ("matches, built afresh", f"/api/v1/needs/{facts['need']}/matches/?fresh={{n}}", token),
            ("list page, built afresh", f"/proposals/?{LIST_QUERY}&fresh={{n}}", cookie),
            ("agreement PDF (draft)", f"/api/v1/agreements/{facts['agreement']}/pdf/", token),
        ]
        for label, path, header in endpoints:
            status, _body = _get(base + path.replace("{n}", "0"), dict([header.split(": ", 1)]) if header else None)
            if status != 200:
                raise SystemExit(f"{label}: {path} answered {status}: {_body[:300]!r}")

        script = work / "bench.lua"
        script.write_text(WRK_SCRIPT)
        # Warm up every worker (the fonts of the PDF are loaded once per process; the matching indexes were
        # built before the workers forked).
        for _label, path, header in endpoints[:-1]:
            _wrk(base, [(path, header)], max(4, options.workers * 2), 3, script)
        _wait_idle(base)
        for _ in range(options.workers * 2):
            _get(base + endpoints[-1][1], dict([endpoints[-1][2].split(": ", 1)]))

        rows = []
        for label, path, header in endpoints:
            _wait_idle(base)
            load = _load()
            result = _wrk(base, [(path, header)], options.clients, options.duration, script)
            rows.append((label, path, load, result))
        floor = rows[0][3]

        print()
        print(
            f"gunicorn, {options.workers} workers, PostgreSQL, DEBUG off; wrk {options.clients} connections, "
            f"{options.duration} s each; {os.cpu_count()} cores shared with other work (load before each run)"
        )
        header_line = f"{'endpoint':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'rps/floor':>10} {'p50/floor':>10} {'p95/floor':>10} {'errors':>7}  load 1/5/15"
        print(header_line)
        print("-" * len(header_line))
        for label, _path, load, r in rows:
            print(
                f"{label:34} {r['rps']:8.1f} {r['p50_us'] / 1000:8.1f} {r['p95_us'] / 1000:8.1f} "
                f"{r['rps'] / floor['rps']:10.2f} {r['p50_us'] / floor['p50_us']:10.2f} "
                f"{r['p95_us'] / floor['p95_us']:10.2f} {r['errors']:7d}  {load}"
            )
        by_label = {label: r for label, _p, _l, r in rows}
        lst, matches, page = (by_label[endpoints[i][0]] for i in (1, 2, 3))
        checks = [
            ("list >= 0.5 of the floor's req/s", lst["rps"] / floor["rps"] >= 0.5, f"{lst['rps'] / floor['rps']:.2f}"),
            ("list >= 300 req/s", lst["rps"] >= 300, f"{lst['rps']:.0f}"),
            ("list p95 <= 100 ms", lst["p95_us"] <= 100_000, f"{lst['p95_us'] / 1000:.1f} ms"),
            (
                "page >= 0.3 of the floor's req/s",
                page["rps"] / floor["rps"] >= 0.3,
                f"{page['rps'] / floor['rps']:.2f}",
            ),
            ("matches p95 <= 50 ms", matches["p95_us"] <= 50_000, f"{matches['p95_us'] / 1000:.1f} ms"),
        ]
        soak = None
        if options.soak:
            _wait_idle(base)
            load = _load()
            soak = _wrk(
                base,
                [(path, header) for _l, path, header in endpoints[:-1]],
                options.soak_clients,
                options.soak,
                script,
            )
            print()
            print(
                f"soak: {options.soak_clients} connections for {options.soak} s over every row but the PDF, in turn (the PDF "
                "is measured apart: 32 clients rendering at once queue longer than a client waits): "
                f"{soak['requests']} requests ({soak['rps']:.0f}/s), p95 {soak['p95_us'] / 1000:.0f} ms, "
                f"max {soak['max_us'] / 1000:.0f} ms; non-2xx {soak['non2xx']}, socket errors "
                f"{soak['connect'] + soak['read'] + soak['write']}, timeouts {soak['timeout']}  (load before {load})"
            )
            checks.append(("soak: no failed request", soak["errors"] == 0, str(soak["errors"])))
        print()
        for name, ok, value in checks:
            print(f"{'ok  ' if ok else 'MISS'} {name}: {value}")
        if options.json:
            Path(options.json).write_text(
                json.dumps(
                    {"rows": [{"endpoint": e, "path": p, "load": ld, **r} for e, p, ld, r in rows], "soak": soak},
                    indent=2,
                )
            )
        return 0 if all(ok for _n, ok, _v in checks) else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if not options.keep and not options.reuse:
            with contextlib.suppress(subprocess.CalledProcessError):
                _psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
