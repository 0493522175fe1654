#!/usr/bin/env python3
"""Synthetic accounts for the tiering benchmark, in the Maven layout
(account,sector,year_established,revenue,employees,office_location,
subsidiary_of): sectors with Maven's misspelling and odd case, about 2% of
sectors, employees and revenue blank, scores with many ties.

    gen_accounts.py N OUT.csv [SEED]
"""
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
sectors = ["technolgy", "software", "Software", "telecommunications", "finance", "medical", "marketing",
           "services", "retail", "entertainment", "employment", "mining"]
countries = ["United States", "Kenya", "Norway", "Chile", "Japan", "Germany", "Brazil", "India"]
with open(out, "w", newline="") as f:
    f.write("account,sector,year_established,revenue,employees,office_location,subsidiary_of\n")
    for i in range(n):
        sector = random.choice(sectors) if random.random() > 0.02 else ""
        employees = str(int(random.lognormvariate(7, 1.5))) if random.random() > 0.02 else ""
        revenue = "%.2f" % random.lognormvariate(6.5, 1.2) if random.random() > 0.02 else ""
        f.write(f"acct{i:07d},{sector},{random.randint(1950, 2020)},{revenue},{employees},"
                f"{random.choice(countries)},\n")
