#!/usr/bin/env python3
"""Checks the dashboard as a person sees it, in Debian's headless Chromium.

Makes a small data set with `modelfunnel generate` whose channel, owner and
one loss reason are HTML injection attempts, writes its dashboard with
`modelfunnel dashboard`, and drives one Chromium through the DevTools
protocol over a pipe (--remote-debugging-pipe: no port, no websocket, only
the standard library). At 390 px (a phone, mobile emulation) and at 1440 px
it asserts: no console error, exception or dialog (an injected alert would
open one); no horizontal overflow at 390 px; every section present; the
funnel's and the KPI cards' numbers equal `modelfunnel report --format csv`;
the hostile values shown as text, with no element or script of theirs; a
breakdown table sorts. The page also has the sections that need inputs of
their own — the revenue plan (--target, --period), the re-engagement queue
(--policy, --as-of) and the tier split (--accounts, --fit-model, with a
hostile account name) with its coverage gaps (--contacts, --activities,
--owner-by, with a hostile rep name) — and their numbers equal
`modelfunnel plan`, `modelfunnel forecast`, `modelfunnel report --mode
period`, `modelfunnel reengage` and `modelfunnel tier` (with --contacts
--activities: the gaps by rule, per rep and the worst accounts). Screenshots of both views are
kept in OUT_DIR.

Usage: dashboard_browser.py MODELFUNNEL_CLI OUT_DIR
       dashboard_browser.py --shoot PAGE OUT_DIR   (only the two screenshots
       of an existing page, e.g. the README's from `modelfunnel demo --dashboard`)
Prints MF_SKIPPED and exits 0 when chromium is not installed.
"""

import base64
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOSTILE_CHANNEL = "<script>alert(1)</script>"
HOSTILE_OWNER = '"><img src=x onerror=alert(2)>'
HOSTILE_REASON = "</title><svg onload=alert(3)>"
HOSTILE_ACCOUNT = "<script>alert(4)</script>"
HOSTILE_REP = "<img src=x onerror=alert(5)>"
FROM, TO = "2024-07-01", "2025-01-01"
AS_OF = "2025-08-15"
TARGET, PLAN_PERIOD = "2,000,000", "2025-Q3"
EXPECTED_SECTIONS = ["kpis", "funnel", "breakdown", "trends", "loss-reasons", "attribution", "revenue-plan",
                     "movement", "reengagement", "tiering", "stage-graph"]
SOURCE = Path(__file__).resolve().parents[2]
POLICY = SOURCE / "examples" / "reengage" / "policy.json"
# One attribute, points = its value; tiers 20/30/50.
FIT_MODEL = """{"version": 1, "id": "account",
  "attributes": [{"name": "size", "linear": {"from": [0, 0], "to": [100, 100]}}],
  "tiers": [{"name": "A", "share": 0.2}, {"name": "B", "share": 0.3}, {"name": "C", "share": 0.5}]}"""


class Browser:
    """One headless Chromium driven through --remote-debugging-pipe: each
    message is JSON followed by a NUL byte, on fds 3 (to the browser) and
    4 (from it)."""

    def __init__(self, chromium: str, profile: str) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:
            # In the child: the pipe ends as fds 3 and 4 (through fds out of
            # their way, in case one end already is 3 or 4). subprocess closes
            # every fd not in pass_fds after this runs, so 3 and 4 are listed.
            r, w = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list = []

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str = None, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read())
        raise RuntimeError(f"no {method} within {timeout} s")

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


PROBE = r"""(() => {
  const d = document.documentElement;
  const num = (el) => el ? Number(el.getAttribute('data-value')) : null;
  const funnel = {};
  document.querySelectorAll('#funnel-table tbody tr').forEach(r => {
    funnel[r.getAttribute('data-stage')] = num(r.querySelector('[data-col=reached]'));
  });
  const teams = {};
  document.querySelectorAll('.card[data-team]').forEach(c => {
    teams[c.getAttribute('data-team')] = {
      input: num(c.querySelector('[data-metric=input]')),
      output: num(c.querySelector('[data-metric=output]'))};
  });
  const rows = (table, key, cols) => {
    const out = {};
    document.querySelectorAll(table + ' tbody tr').forEach(r => {
      out[r.getAttribute(key)] = cols.map(c => num(r.querySelector('[data-col=' + c + ']')));
    });
    return out;
  };
  const wide = [];
  document.querySelectorAll('main *').forEach(e => {
    const r = e.getBoundingClientRect();
    if (r.right > innerWidth + 0.5 && wide.length < 5 && !e.closest('.tw'))
      wide.push(e.tagName + '.' + e.className + ' right=' + Math.round(r.right));
  });
  return {
    scrollWidth: d.scrollWidth, innerWidth: innerWidth,
    sections: Array.from(document.querySelectorAll('main > section')).map(s => s.id),
    funnel: funnel, teams: teams,
    scripts: document.scripts.length,
    images: document.images.length,
    hostileChannelShown: document.body.textContent.includes(%s),
    hostileOwnerShown: document.body.textContent.includes(%s),
    hostileAccountShown: document.body.textContent.includes(%s),
    hostileRepShown: document.body.textContent.includes(%s),
    plan: rows('#plan-table', 'data-stage', ['p50', 'entered']),
    planBand: Object.fromEntries(Array.from(document.querySelectorAll('#plan-table tbody tr')).map(r => {
      const c = r.querySelector('[data-col=band]');
      return [r.getAttribute('data-stage'), [Number(c.getAttribute('data-low')), Number(c.getAttribute('data-high'))]];
    })),
    forecast: (() => { const f = document.querySelector('#plan-forecast');
      return f ? {expected: Number(f.getAttribute('data-expected')), p10: Number(f.getAttribute('data-p10')),
                  p90: Number(f.getAttribute('data-p90'))} : null; })(),
    queue: Array.from(document.querySelectorAll('#reengage-queue tbody tr')).map(r =>
      [r.getAttribute('data-record'), num(r.querySelector('[data-col=rank]')),
       num(r.querySelector('[data-col=expected_value]'))]),
    queueDue: Number((document.querySelector('#reengage-summary') || {getAttribute: () => -1}).getAttribute('data-due')),
    reasons: rows('#reengage-reasons', 'data-reason', ['lost', 'due']),
    tiers: rows('#tier-table', 'data-tier', ['target', 'count']),
    movement: rows('#movement-table', 'data-bucket', ['deals', 'count_change', 'amount_change']),
    uncertain: Array.from(document.querySelectorAll('#tier-uncertain tbody tr')).map(r => r.getAttribute('data-account')),
    coverageWithGaps: Number((document.querySelector('#coverage-summary') || {getAttribute: () => -1}).getAttribute('data-with-gaps')),
    coverageGaps: rows('#coverage-gaps', 'data-gap', ['accounts']),
    coverageReps: rows('#coverage-reps', 'data-rep', ['accounts', 'with_gaps', 'gap_contacts', 'gap_cadence',
                                                      'gap_channel', 'gap_campaign', 'contacts_to_reach']),
    coverageWorst: Array.from(document.querySelectorAll('#coverage-worst tbody tr')).map(r =>
      [r.getAttribute('data-account'), r.getAttribute('data-gaps')]),
    columns: getComputedStyle(document.querySelector('main')).gridTemplateColumns.split(' ').length,
    tooWide: wide,
  };
})()""" % (json.dumps(HOSTILE_CHANNEL), json.dumps(HOSTILE_OWNER), json.dumps(HOSTILE_ACCOUNT),
           json.dumps(HOSTILE_REP))

# Sorts the first breakdown table by its Records column, twice: ascending
# then descending; returns the column's values after each click.
SORT = r"""(() => {
  const t = document.querySelector('table.sortable');
  const b = t.tHead.rows[0].cells[1].querySelector('button');
  const col = () => Array.from(t.tBodies[0].rows).map(r => Number(r.cells[1].getAttribute('data-value')));
  b.click(); const up = col(); b.click(); const down = col();
  return {up: up, down: down};
})()"""


def run(cli: str, args: list) -> subprocess.CompletedProcess:
    return subprocess.run([cli] + args, capture_output=True, text=True, check=True)


def make_data(cli: str, data_dir: Path) -> None:
    """`modelfunnel generate`, then the channel of every 7th lead, the owner
    of every 5th and one loss reason made hostile."""
    run(cli, ["generate", "--out", str(data_dir), "--leads", "4000", "--seed", "3"])
    leads = list(csv.reader((data_dir / "leads.csv").open(newline="")))
    header = leads[0]
    channel = header.index("channel")
    owner = header.index("owner_sdr") if "owner_sdr" in header else header.index("owner")
    for i, row in enumerate(leads[1:]):
        if i % 7 == 0:
            row[channel] = HOSTILE_CHANNEL
        if i % 5 == 0:
            row[owner] = HOSTILE_OWNER
    with (data_dir / "leads.csv").open("w", newline="") as f:
        csv.writer(f).writerows(leads)
    events = list(csv.reader((data_dir / "events.csv").open(newline="")))
    reason = events[0].index("reason")
    for row in events[1:]:
        if row[reason]:
            row[reason] = HOSTILE_REASON
            break
    with (data_dir / "events.csv").open("w", newline="") as f:
        csv.writer(f).writerows(events)


def make_accounts(dir: Path) -> None:
    """Twelve accounts; the one with a hostile name has no size (uncertain: it
    is listed). Their reps (one hostile, some blank), contacts (0 to 6 each,
    one under an unknown account) and touches in 2025 (some on the phone,
    some in a campaign, one of an unknown contact), seeded."""
    reps = ["r1", "r2", HOSTILE_REP, ""]
    rows = [("a%02d" % i, str(100 - 8 * i)) for i in range(10)] + [("a55", "55"), (HOSTILE_ACCOUNT, "")]
    with (dir / "accounts.csv").open("w", newline="") as f:
        csv.writer(f).writerows([("account", "size", "owner")] +
                                [(a, size, reps[i % len(reps)]) for i, (a, size) in enumerate(rows)])
    (dir / "fit.json").write_text(FIT_MODEL)
    rng = random.Random(12)
    contacts, touches = [("account_id", "contact_id", "role")], [("contact_id", "time", "channel", "campaign")]
    for i, (a, _) in enumerate(rows):
        for k in range(rng.randrange(7) if i else 6):
            contact = f"{i}-{k}"
            contacts.append((a, contact, rng.choice(["cfo", "", "buyer"])))
            for _ in range(rng.randrange(4)):
                touches.append((contact, "2025-%02d-%02d" % (rng.randrange(1, 9), rng.randrange(1, 29)),
                                rng.choice(["email", "phone", "event", ""]), rng.choice(["", "", "spring"])))
    contacts.append(("nobody", "x-1", ""))
    touches.append(("nowhere", "2025-03-03", "email", ""))
    with (dir / "contacts.csv").open("w", newline="") as f:
        csv.writer(f).writerows(contacts)
    with (dir / "activities.csv").open("w", newline="") as f:
        csv.writer(f).writerows(touches)


def coverage_args(tmp: Path) -> list:
    """The coverage inputs, alike for `dashboard` and `tier` (both judge cadences on --as-of's day)."""
    return ["--accounts", str(tmp / "accounts.csv"), "--contacts", str(tmp / "contacts.csv"),
            "--activities", str(tmp / "activities.csv"), "--owner-by", "owner"]


def worst_accounts(coverage: list, tiers: list) -> list:
    """The page's worst accounts from `tier --table coverage` (rank order):
    most gaps, then the better tier, the most key contacts still to reach."""
    order = {r["tier"]: i for i, r in enumerate(tiers)}
    with_gaps = [(i, r) for i, r in enumerate(coverage) if r["gaps"]]
    with_gaps.sort(key=lambda x: (-len(x[1]["gaps"].split(";")), order[x[1]["tier"]],
                                  -max(0, int(x[1]["min_contacts"]) - int(x[1]["contacts_reached"])), x[0]))
    return [[r["id"], r["gaps"]] for _, r in with_gaps[:10]]


def csv_rows(cli: str, args: list) -> list:
    return list(csv.DictReader(io.StringIO(run(cli, args).stdout)))


def engine_figures(cli: str, data_dir: Path, tmp: Path) -> dict:
    """The new sections' figures from the engines' own commands."""
    data = ["--data", str(data_dir), "--threads", "1"]
    plan = csv_rows(cli, ["plan"] + data + ["--target", TARGET, "--period", PLAN_PERIOD, "--as-of", AS_OF,
                                            "--format", "csv"])
    begin = "2025-07-01"
    entered = csv_rows(cli, ["report"] + data + ["--mode", "period", "--from", begin, "--to", AS_OF,
                                                 "--as-of", AS_OF, "--format", "csv", "--table", "stages"])
    reached = {r["stage"]: int(r["reached"]) for r in entered}
    forecast = csv_rows(cli, ["forecast"] + data + ["--period", PLAN_PERIOD, "--as-of", AS_OF,
                                                    "--format", "csv"])[0]
    queue = csv_rows(cli, ["reengage"] + data + ["--policy", str(POLICY), "--as-of", AS_OF, "--format", "csv"])
    reasons = csv_rows(cli, ["reengage"] + data + ["--policy", str(POLICY), "--as-of", AS_OF, "--format", "csv",
                                                   "--table", "reasons"])
    tiers = csv_rows(cli, ["tier", "--accounts", str(tmp / "accounts.csv"), "--model", str(tmp / "fit.json"),
                           "--format", "csv", "--table", "tiers"])
    accounts = csv_rows(cli, ["tier", "--accounts", str(tmp / "accounts.csv"), "--model", str(tmp / "fit.json"),
                              "--format", "csv"])
    moved = csv_rows(cli, ["forecast"] + data + ["--movement", "--from", FROM, "--to", TO, "--format", "csv"])
    cover = ["tier", "--model", str(tmp / "fit.json"), "--as-of", AS_OF] + coverage_args(tmp) + ["--format", "csv",
                                                                                                 "--table"]
    coverage = csv_rows(cli, cover + ["coverage"])
    rep_gaps = csv_rows(cli, cover + ["rep_gaps"])
    gap_counts = {g: sum(1 for r in coverage if g in r["gaps"].split(";"))
                  for g in ("contacts", "cadence", "channel", "campaign")}
    return {
        "coverageWithGaps": sum(1 for r in coverage if r["gaps"]),
        "coverageGaps": {g: [n] for g, n in gap_counts.items()},
        "coverageReps": {r["rep"]: [int(r[c]) for c in ("accounts", "with_gaps", "gap_contacts", "gap_cadence",
                                                          "gap_channel", "gap_campaign", "contacts_to_reach")]
                         for r in rep_gaps},
        "coverageWorst": worst_accounts(coverage, tiers),
        "movement": {r["bucket"]: [int(r["deals"]), int(r["count_change"]), round(float(r["amount_change"]), 2)]
                     for r in moved if r["bucket"] not in ("opening", "closing")},
        "plan": {r["stage"]: [int(r["required_p50"]), reached.get(r["stage"], 0)] for r in plan},
        "planBand": {r["stage"]: [int(r["required_p10"]), int(r["required_p90"])] for r in plan},
        "forecast": {k: float(forecast[k]) for k in ("expected", "p10", "p90")},
        "queue": [[r["record_id"], int(r["rank"]), float(r["expected_value"])] for r in queue[:15]],
        "queueDue": len(queue),
        "reasons": {r["reason"]: [int(r["lost_records"]), int(r["due"])] for r in reasons if "lost_records" in r},
        "tiers": {r["tier"]: [int(r["target"]), int(r["count"])] for r in tiers},
        "uncertain": [r["id"] for r in accounts if r["uncertain"] in ("true", "1", "yes")],
    }


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.01 + 1e-6 * abs(b)


def check_engines(r: dict, want: dict, where: str, failures: list) -> None:
    for key in ("plan", "planBand", "queueDue", "reasons", "tiers", "uncertain", "coverageWithGaps", "coverageGaps",
                "coverageReps", "coverageWorst"):
        check(r[key] == want[key], f"{where}: {key} {r[key]} != engine {want[key]}", failures)
    moved = {k: v for k, v in (r["movement"] or {}).items() if k not in ("opening", "closing")}
    check(moved == want["movement"] and len(moved) == 8,
          f"{where}: movement {moved} != engine {want['movement']}", failures)
    f = r["forecast"] or {}
    check(all(close(f.get(k, -1), v) for k, v in want["forecast"].items()),
          f"{where}: forecast {f} != engine {want['forecast']}", failures)
    got, exp = r["queue"], want["queue"]
    check(len(got) == len(exp) and all(g[0] == e[0] and g[1] == e[1] and close(g[2], e[2]) for g, e in zip(got, exp)),
          f"{where}: queue {got[:3]}... != engine {exp[:3]}...", failures)


def report_figures(cli: str, data_dir: Path) -> tuple:
    """Reached per stage and input/output per team, from `modelfunnel report`."""
    common = ["report", "--data", str(data_dir), "--from", FROM, "--to", TO, "--as-of", AS_OF, "--format", "csv"]
    stages = list(csv.DictReader(io.StringIO(run(cli, common + ["--table", "stages"]).stdout)))
    teams = list(csv.DictReader(io.StringIO(run(cli, common + ["--table", "teams"]).stdout)))
    # No --by: every row is the total group's.
    reached = {r["stage"]: int(r["reached"]) for r in stages}
    team = {r["team"]: (int(r["input"]), int(r["output"])) for r in teams}
    return reached, team


def view(browser: Browser, session: str, url: str, width: int, mobile: bool,
         shot: Path, height: int) -> dict:
    browser.call("Emulation.setDeviceMetricsOverride", session, width=width, height=900,
                 deviceScaleFactor=1, mobile=mobile)
    browser.call("Page.navigate", session, url=url)
    browser.wait_for("Page.loadEventFired")
    probe = browser.call("Runtime.evaluate", session, expression=PROBE, returnByValue=True)
    sort = browser.call("Runtime.evaluate", session, expression=SORT, returnByValue=True)
    full = browser.call("Runtime.evaluate", session, returnByValue=True,
                        expression="document.documentElement.scrollHeight")["result"]["value"]
    clip = {"x": 0, "y": 0, "width": width, "height": min(full, height), "scale": 1}
    png = browser.call("Page.captureScreenshot", session, format="png", clip=clip,
                       captureBeyondViewport=True)
    shot.write_bytes(base64.b64decode(png["data"]))
    result = probe["result"]["value"]
    result["sort"] = sort["result"].get("value")
    return result


def problems_in(events: list) -> list:
    out = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.exceptionThrown":
            out.append("exception: " + json.dumps(p.get("exceptionDetails", {}))[:300])
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            out.append("console.error: " + json.dumps(p.get("args", []))[:300])
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            out.append("log error: " + p["entry"].get("text", "")[:300])
        elif m == "Page.javascriptDialogOpening":
            out.append("dialog opened: " + p.get("message", ""))
    return out


def check(condition: bool, what: str, failures: list) -> None:
    if not condition:
        failures.append(what)


def shoot(chromium: str, page: Path, out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        browser = Browser(chromium, str(Path(tmp) / "profile"))
        try:
            target = browser.call("Target.createTarget", url="about:blank")["targetId"]
            session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            browser.call("Page.enable", session)
            browser.call("Runtime.enable", session)
            for width, mobile, name, height in ((390, True, "phone", 1700), (1440, False, "desktop", 1100)):
                view(browser, session, page.resolve().as_uri(), width, mobile,
                     out_dir / f"dashboard-{name}.png", height)
        finally:
            browser.close()
    print(f"screenshots in {out_dir}")
    return 0


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("MF_SKIPPED: chromium is not installed (scripts/setup installs it)")
        return 0
    if sys.argv[1] == "--shoot":
        return shoot(chromium, Path(sys.argv[2]), Path(sys.argv[3]))
    cli, out_dir = sys.argv[1], Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    failures: list = []
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        make_data(cli, data_dir)
        make_accounts(Path(tmp))
        page = out_dir / "dashboard.html"
        run(cli, ["dashboard", "--data", str(data_dir), "--out", str(page), "--from", FROM,
                  "--to", TO, "--by", "channel,owner_sdr,segment", "--trends", "month",
                  "--as-of", AS_OF, "--target", TARGET, "--period", PLAN_PERIOD, "--policy", str(POLICY),
                  "--fit-model", str(Path(tmp) / "fit.json")] + coverage_args(Path(tmp)) + ["--threads", "1"])
        reached, teams = report_figures(cli, data_dir)
        engines = engine_figures(cli, data_dir, Path(tmp))
        browser = Browser(chromium, str(Path(tmp) / "profile"))
        try:
            target = browser.call("Target.createTarget", url="about:blank")["targetId"]
            session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                browser.call(f"{domain}.enable", session)
            for width, mobile, name, height in ((390, True, "phone", 2400), (1440, False, "desktop", 1500)):
                browser.events.clear()
                r = view(browser, session, page.resolve().as_uri(), width, mobile,
                         out_dir / f"dashboard-{name}.png", height)
                browser.call("Runtime.evaluate", session, expression="0")  # drain late events
                where = f"at {width} px"
                for p in problems_in(browser.events):
                    failures.append(f"{where}: {p}")
                check(r["innerWidth"] == width, f"{where}: innerWidth {r['innerWidth']}", failures)
                if width == 390:
                    check(r["scrollWidth"] <= r["innerWidth"],
                          f"{where}: horizontal overflow, scrollWidth {r['scrollWidth']} > "
                          f"{r['innerWidth']} ({r['tooWide']})", failures)
                    check(r["columns"] == 1, f"{where}: {r['columns']} grid columns, not 1", failures)
                else:
                    check(r["columns"] >= 2, f"{where}: {r['columns']} grid columns, not a grid", failures)
                check(r["sections"] == EXPECTED_SECTIONS, f"{where}: sections {r['sections']}", failures)
                check(r["funnel"] == reached, f"{where}: funnel {r['funnel']} != report {reached}", failures)
                for team, (inp, outp) in teams.items():
                    if inp == 0:
                        continue
                    got = r["teams"].get(team)
                    check(got == {"input": inp, "output": outp},
                          f"{where}: team {team} {got} != report ({inp}, {outp})", failures)
                check(r["scripts"] == 1, f"{where}: {r['scripts']} scripts (the page has 1)", failures)
                check(r["images"] == 0, f"{where}: {r['images']} <img> elements", failures)
                check(r["hostileChannelShown"], f"{where}: the hostile channel is not shown as text", failures)
                check(r["hostileOwnerShown"], f"{where}: the hostile owner is not shown as text", failures)
                check(r["hostileAccountShown"], f"{where}: the hostile account is not shown as text", failures)
                check(r["hostileRepShown"], f"{where}: the hostile rep is not shown as text", failures)
                check(engines["coverageWithGaps"] > 0 and len(engines["coverageReps"]) == 4,
                      f"{where}: the coverage data has no gaps or not four reps: {engines['coverageReps']}", failures)
                check_engines(r, engines, where, failures)
                s = r["sort"] or {}
                check(s.get("up") == sorted(s.get("up", [])) and s.get("down") == sorted(s.get("down", []), reverse=True)
                      and len(s.get("up", [])) > 1, f"{where}: sorting failed: {s}", failures)
        finally:
            browser.close()
    for f in failures:
        print("FAILED:", f)
    if failures:
        return 1
    print(f"dashboard checked at 390 px and 1440 px; screenshots in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
