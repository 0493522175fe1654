"""Writes N lost deals in the canonical layout (leads.csv, events.csv) for
bench/run_reengage.sh: each lead reaches opportunity and is then lost with a
reason (budget, timing, competitor, no_decision, fit) and an amount; every
tenth lost deal is re-opened later (so it is not lost any more).

    /usr/bin/python3 bench/gen_lost.py DIR [N] [SEED]
"""
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 17)
os.makedirs(out, exist_ok=True)
reasons = ["budget", "timing", "competitor", "no_decision", "fit"]
segments = ["smb", "mid", "enterprise"]
base = 1_672_531_200  # 2023-01-01


def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


with open(os.path.join(out, "leads.csv"), "w") as leads, open(os.path.join(out, "events.csv"), "w") as events:
    leads.write("lead_id,created_at,channel,campaign,segment,industry,employees,budget_ok,authority_ok,need_ok,"
                "timeline_days,owner_sdr\n")
    events.write("lead_id,stage,ts,amount,reason\n")
    lw, ew = [], []
    for i in range(1, n + 1):
        lid = f"L{i:08d}"
        t0 = base + rng.randrange(0, 500 * 86400)
        seg = rng.randrange(3)
        lw.append(f"{lid},{iso(t0)},web,C001,{segments[seg]},software,100,1,1,1,{rng.randrange(0, 365)},SDR1\n")
        t1 = t0 + rng.randrange(86400, 60 * 86400)
        t2 = t1 + rng.randrange(3600, 90 * 86400)
        cents = rng.randrange(1000_00, 200_000_00) * (1 + seg)
        ew.append(f"{lid},opportunity,{iso(t1)},,\n")
        ew.append(f"{lid},closed_lost,{iso(t2)},{cents // 100}.{cents % 100:02d},{reasons[rng.randrange(5)]}\n")
        if i % 10 == 0:
            ew.append(f"{lid},opportunity,{iso(t2 + 120 * 86400)},,\n")
        if len(ew) > 100_000:
            leads.writelines(lw)
            events.writelines(ew)
            lw, ew = [], []
    leads.writelines(lw)
    events.writelines(ew)
