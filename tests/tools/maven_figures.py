#!/usr/bin/env python3
"""Reference funnel figures for the Maven Analytics "CRM Sales Opportunities" export.

Independent of the modelfunnel library: Python 3 standard library only.

Usage:
    /usr/bin/python3 tests/tools/maven_figures.py SHARED_DATA_DIR > out.json

SHARED_DATA_DIR is the directory holding SOURCE.md, sales_pipeline.csv,
sales_teams.csv, products.csv and accounts.csv (e.g. ../shared/data/maven-crm).
Files are read as UTF-8 (BOM tolerated) CSV with CRLF line ends; field values are
used verbatim (no trimming, no renaming such as "GTXPro" -> "GTX Pro").

Definitions
-----------
* A deal is one row of sales_pipeline.csv, keyed by opportunity_id.
  It is *won* when deal_stage == "Won", *lost* when deal_stage == "Lost",
  *open* otherwise (Prospecting, Engaging).
* Groups: by sales_agent ("by_agent"); by manager ("by_manager") and by
  regional_office ("by_office"), both joined from sales_teams.csv on
  sales_agent; and "total" over all deals (group key "*").  A deal whose agent
  is missing from sales_teams.csv is counted under quirks and goes into the
  group with key null for manager/office; since JSON object keys are strings,
  that group is written under the key "null" (what json.dumps does with None).
  Agents listed in sales_teams.csv with no deal get no by_agent entry (they are
  listed under quirks).
* Per group:
  - deals: number of rows; won, lost, open: counts by the rule above.
  - win_rate = won / (won + lost) as a float; null when won + lost == 0.
  - win_rate_wilson95_low / _high: 95% Wilson score interval for win_rate with
    n = won + lost, p = win_rate, z = 1.959963984540054:
      center = (p + z^2/(2n)) / (1 + z^2/n)
      half   = z * sqrt(p(1-p)/n + z^2/(4n^2)) / (1 + z^2/n)
      low = center - half, high = center + half; null when n == 0.
  - won_revenue: sum of close_value over won deals (exact integer).
  - Cycle days of a deal: (close_date - engage_date) in whole days (ISO dates).
    The cycle sample is the closed deals (won or lost) having both engage_date
    and close_date (negative values, if any, would be kept; see quirks).
  - n_cycle: size of that sample; n_cycle_won: size of its won-only part.
  - median_days_engage_to_close: median of the sample (statistics.median:
    mean of the two middle values for even n); null when the sample is empty.
  - median_days_engage_to_won: the same over won deals only.
  - p90_days_engage_to_close: type-7 quantile (linear interpolation between
    closest ranks): on the ascending sample x (0-based), h = (n-1)*0.9,
    value = x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h]);
    null when empty.
  - mean_days_engage_to_close: arithmetic mean of the sample; null when empty.
  Medians, p90 and mean are always written as floats.
* Output: JSON with sorted keys; floats are Python repr (shortest round-trip,
  full precision).
"""

import csv
import datetime
import hashlib
import json
import math
import os
import statistics
import sys
from collections import Counter, OrderedDict

Z = 1.959963984540054


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def parse_date(s):
    return datetime.date.fromisoformat(s) if s else None


def outcome(stage):
    if stage == "Won":
        return "won"
    if stage == "Lost":
        return "lost"
    return "open"


def wilson(won, n):
    if n == 0:
        return None, None
    p = won / n
    denom = 1 + Z * Z / n
    center = (p + Z * Z / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    return center - half, center + half


def p90(xs):
    if not xs:
        return None
    x = sorted(xs)
    h = (len(x) - 1) * 0.9
    lo = math.floor(h)
    if lo + 1 >= len(x):
        return float(x[lo])
    return float(x[lo] + (h - lo) * (x[lo + 1] - x[lo]))


def figures(deals):
    won = sum(1 for d in deals if d["outcome"] == "won")
    lost = sum(1 for d in deals if d["outcome"] == "lost")
    opn = sum(1 for d in deals if d["outcome"] == "open")
    closed = won + lost
    lo, hi = wilson(won, closed)
    cyc = [d["days"] for d in deals
           if d["outcome"] != "open" and d["days"] is not None]
    cyc_won = [d["days"] for d in deals
               if d["outcome"] == "won" and d["days"] is not None]
    return {
        "deals": len(deals),
        "won": won,
        "lost": lost,
        "open": opn,
        "win_rate": (won / closed) if closed else None,
        "win_rate_wilson95_low": lo,
        "win_rate_wilson95_high": hi,
        "won_revenue": sum(d["close_value"] for d in deals if d["outcome"] == "won"),
        "n_cycle": len(cyc),
        "n_cycle_won": len(cyc_won),
        "median_days_engage_to_close": float(statistics.median(cyc)) if cyc else None,
        "median_days_engage_to_won": float(statistics.median(cyc_won)) if cyc_won else None,
        "p90_days_engage_to_close": p90(cyc),
        "mean_days_engage_to_close": (sum(cyc) / len(cyc)) if cyc else None,
    }


def group(deals, keyfn):
    groups = OrderedDict()
    for d in deals:
        groups.setdefault(keyfn(d), []).append(d)
    # None key -> "null" (as json.dumps would write it)
    return {("null" if k is None else k): figures(v) for k, v in groups.items()}


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: maven_figures.py SHARED_DATA_DIR\n")
        return 2
    root = argv[1]
    files = ["sales_pipeline.csv", "sales_teams.csv", "products.csv", "accounts.csv"]
    paths = {f: os.path.join(root, f) for f in files}

    pipeline = read_csv(paths["sales_pipeline.csv"])
    teams_rows = read_csv(paths["sales_teams.csv"])
    products = read_csv(paths["products.csv"])
    accounts = read_csv(paths["accounts.csv"])

    team_agent_counts = Counter(r["sales_agent"] for r in teams_rows)
    teams = {r["sales_agent"]: r for r in teams_rows}
    product_names = {r["product"] for r in products}
    account_names = {r["account"] for r in accounts}

    deals = []
    for r in pipeline:
        eng = parse_date(r["engage_date"])
        clo = parse_date(r["close_date"])
        cv = r["close_value"]
        t = teams.get(r["sales_agent"])
        deals.append({
            "id": r["opportunity_id"],
            "agent": r["sales_agent"],
            "manager": t["manager"] if t else None,
            "office": t["regional_office"] if t else None,
            "stage": r["deal_stage"],
            "outcome": outcome(r["deal_stage"]),
            "engage": eng,
            "close": clo,
            "days": (clo - eng).days if (eng and clo) else None,
            "close_value": int(cv) if cv != "" else None,
            "raw": r,
        })

    # ---- quirks ----
    by_stage = {}
    for d in deals:
        s = by_stage.setdefault(d["stage"], {"rows": 0, "empty_engage_date": 0,
                                             "empty_close_date": 0,
                                             "empty_close_value": 0,
                                             "zero_close_value": 0,
                                             "empty_account": 0})
        s["rows"] += 1
        s["empty_engage_date"] += d["engage"] is None
        s["empty_close_date"] += d["close"] is None
        s["empty_close_value"] += d["close_value"] is None
        s["zero_close_value"] += d["close_value"] == 0
        s["empty_account"] += d["raw"]["account"] == ""
    neg = [d for d in deals if d["days"] is not None and d["days"] < 0]
    zero_days = sum(1 for d in deals if d["days"] == 0)
    id_counts = Counter(d["id"] for d in deals)
    missing_agents = Counter(d["agent"] for d in deals if d["agent"] not in teams)
    unknown_products = Counter(d["raw"]["product"] for d in deals
                               if d["raw"]["product"] not in product_names)
    unknown_accounts = Counter(d["raw"]["account"] for d in deals
                               if d["raw"]["account"] != ""
                               and d["raw"]["account"] not in account_names)
    pipeline_agents = {d["agent"] for d in deals}
    stripped = sum(1 for r in pipeline for v in r.values()
                   if isinstance(v, str) and v != v.strip())
    eng_dates = [d["engage"] for d in deals if d["engage"]]
    clo_dates = [d["close"] for d in deals if d["close"]]
    quirks = {
        "by_deal_stage": by_stage,
        "close_before_engage": {"count": len(neg),
                                "opportunity_ids": sorted(d["id"] for d in neg)},
        "close_same_day_as_engage": zero_days,
        "duplicate_opportunity_ids": {k: v for k, v in sorted(id_counts.items()) if v > 1},
        "pipeline_agents_missing_from_sales_teams": {
            "deals": sum(missing_agents.values()), "agents": dict(missing_agents)},
        "sales_teams_agents_without_deals": sorted(set(teams) - pipeline_agents),
        "sales_teams_duplicate_agents": {k: v for k, v in team_agent_counts.items() if v > 1},
        "pipeline_products_not_in_products_csv": dict(unknown_products),
        "products_csv_products_not_in_pipeline": sorted(
            product_names - {d["raw"]["product"] for d in deals}),
        "pipeline_accounts_not_in_accounts_csv": dict(unknown_accounts),
        "accounts_sectors": dict(sorted(Counter(r["sector"] for r in accounts).items())),
        "fields_with_surrounding_whitespace": stripped,
        "engage_date_range": [min(eng_dates).isoformat(), max(eng_dates).isoformat()] if eng_dates else None,
        "close_date_range": [min(clo_dates).isoformat(), max(clo_dates).isoformat()] if clo_dates else None,
    }

    title = ""
    src_md = os.path.join(root, "SOURCE.md")
    if os.path.exists(src_md):
        with open(src_md, encoding="utf-8") as f:
            title = f.readline().lstrip("# ").strip()
    source = {
        "dataset": title,
        "directory": os.path.basename(os.path.normpath(root)),
        "files": {f: {"sha256": sha256(p),
                      "rows": len({"sales_pipeline.csv": pipeline,
                                   "sales_teams.csv": teams_rows,
                                   "products.csv": products,
                                   "accounts.csv": accounts}[f])}
                  for f, p in paths.items()},
        "generator": "tests/tools/maven_figures.py",
    }
    definitions = {
        "deal": "one row of sales_pipeline.csv, keyed by opportunity_id",
        "won/lost/open": 'deal_stage == "Won" / == "Lost" / anything else (Prospecting, Engaging)',
        "groups": "by_agent: sales_agent; by_manager, by_office: manager / regional_office joined "
                  "from sales_teams.csv on sales_agent (agent missing -> key \"null\"); total: all deals",
        "win_rate": "won / (won + lost) as float; null when won + lost == 0",
        "win_rate_wilson95": "Wilson score interval, z = 1.959963984540054, n = won + lost: "
                             "center = (p + z^2/2n)/(1 + z^2/n), half = z*sqrt(p(1-p)/n + z^2/4n^2)/(1 + z^2/n); "
                             "low = center - half, high = center + half",
        "won_revenue": "sum of close_value over won deals (integer)",
        "cycle_days": "close_date - engage_date in whole days, over closed (won or lost) deals with both dates",
        "n_cycle": "number of deals in the cycle sample (n_cycle_won: won ones)",
        "median_days_engage_to_close": "median of cycle days (mean of two middle values for even n); null when empty",
        "median_days_engage_to_won": "same, won deals only",
        "p90_days_engage_to_close": "type 7: h = (n-1)*0.9 on sorted 0-based x, x[fl h] + (h - fl h)*(x[fl h + 1] - x[fl h])",
        "mean_days_engage_to_close": "arithmetic mean of cycle days",
    }

    out = {
        "source": source,
        "definitions": definitions,
        "total": figures(deals),
        "by_agent": group(deals, lambda d: d["agent"]),
        "by_manager": group(deals, lambda d: d["manager"]),
        "by_office": group(deals, lambda d: d["office"]),
        "quirks": quirks,
    }
    json.dump(out, sys.stdout, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
