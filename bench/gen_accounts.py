#!/usr/bin/env python3
"""Synthetic accounts for the tiering benchmark, in the Maven layout
(account,sector,year_established,revenue,employees,office_location,
subsidiary_of): sectors with Maven's misspelling and odd case, about 2% of
sectors, employees and revenue blank, scores with many ties.

    gen_accounts.py N OUT.csv [SEED] [--owners K] [--contacts FILE] [--activities FILE]

Only when asked, for the coverage of each tier's play (docs/tiering.md,
"Plays and coverage"):

  --owners K         adds an `owner` column (rep1..repK, about 2% blank);
  --contacts FILE    account_id,contact_id,role: 0 to 8 contacts per account,
                     roles with odd case and about 5% blank, about 1% under an
                     account that does not exist, about 1% rows repeated;
  --activities FILE  contact_id,time,channel,campaign: 0 to 6 touches per
                     contact in 2024, not in date order, by email, phone,
                     event or linkedin (email and event touches mostly in a
                     campaign), about 1% of an unknown contact, about 1%
                     repeated.

Contacts and activities come from a random stream of their own: the
accounts file is the same bytes with or without them (and without
--owners, the same bytes as before these options existed).
"""
import argparse
import random

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("n", type=int)
parser.add_argument("out")
parser.add_argument("seed", type=int, nargs="?", default=1)
parser.add_argument("--owners", type=int, default=0)
parser.add_argument("--contacts")
parser.add_argument("--activities")
args = parser.parse_args()
if args.activities and not args.contacts:
    parser.error("--activities needs --contacts (touches are of contacts)")

n = args.n
random.seed(args.seed)
sectors = ["technolgy", "software", "Software", "telecommunications", "finance", "medical", "marketing",
           "services", "retail", "entertainment", "employment", "mining"]
countries = ["United States", "Kenya", "Norway", "Chile", "Japan", "Germany", "Brazil", "India"]
# The owners have their own stream too, so the other columns stay the bytes they were.
owners = random.Random(args.seed * 7919 + 1)
with open(args.out, "w", newline="") as f:
    f.write("account,sector,year_established,revenue,employees,office_location,subsidiary_of"
            + (",owner" if args.owners else "") + "\n")
    for i in range(n):
        sector = random.choice(sectors) if random.random() > 0.02 else ""
        employees = str(int(random.lognormvariate(7, 1.5))) if random.random() > 0.02 else ""
        revenue = "%.2f" % random.lognormvariate(6.5, 1.2) if random.random() > 0.02 else ""
        owner = ""
        if args.owners:
            owner = "," + (f"rep{owners.randint(1, args.owners)}" if owners.random() > 0.02 else "")
        f.write(f"acct{i:07d},{sector},{random.randint(1950, 2020)},{revenue},{employees},"
                f"{random.choice(countries)},{owner}\n")

if args.contacts:
    rng = random.Random(args.seed * 104729 + 3)
    roles = ["decision maker", "Decision Maker", "champion", "influencer", "user", "User "]
    contacts = []
    with open(args.contacts, "w", newline="") as f:
        f.write("account_id,contact_id,role\n")
        for i in range(n):
            for k in range(rng.randint(0, 8)):
                account = f"acct{i:07d}" if rng.random() > 0.01 else f"gone{rng.randint(0, 99):04d}"
                role = rng.choice(roles) if rng.random() > 0.05 else ""
                row = f"{account},c{i:07d}_{k},{role}\n"
                f.write(row)
                if rng.random() < 0.01:
                    f.write(row)
                contacts.append(f"c{i:07d}_{k}")
    if args.activities:
        channels = ["email", "email", "phone", "event", "linkedin", "Phone"]
        campaigns = ["spring_launch", "webinar_q2", "industry_news", "summit_invite", "newsletter"]
        with open(args.activities, "w", newline="") as f:
            f.write("contact_id,time,channel,campaign\n")
            for contact in contacts:
                for _ in range(rng.randint(0, 6)):
                    who = contact if rng.random() > 0.01 else "unknown_contact"
                    day = rng.randint(0, 365)
                    month, dom = divmod(day, 31)
                    month = min(month, 11) + 1
                    dom = min(dom + 1, 28)
                    channel = rng.choice(channels)
                    campaign = rng.choice(campaigns) if channel in ("email", "event") and rng.random() < 0.7 else ""
                    row = f"{who},2024-{month:02d}-{dom:02d}T{rng.randint(8, 17):02d}:00:00Z,{channel},{campaign}\n"
                    f.write(row)
                    if rng.random() < 0.01:
                        f.write(row)
