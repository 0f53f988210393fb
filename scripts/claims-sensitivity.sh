#!/usr/bin/env bash
# Remakes the "Which verdicts flip" tables of docs/CLAIMS.md: the claims report on
# the default world under one change at a time, at 300 replications; the verdicts,
# then the verdicts through the pledges alone.
# Usage: scripts/claims-sensitivity.sh   (from the repository root)
set -euo pipefail
cargo build --release --quiet
bin=target/release/deterrence
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
names=("as shipped" "reliability 0.2" "reliability 1" "no misperception" "no security dilemma" "every pact defensive" "every pact offensive")
sets=("" "alliances.*.reliability=0.2" "alliances.*.reliability=1.0" "model.perception_noise=0" "model.pact_threat=0" 'alliances.*.kind="defense"' 'alliances.*.kind="offense"')
for i in "${!names[@]}"; do
  args=(claims -q --replications 300 --out "$tmp/$i")
  if [ -n "${sets[$i]}" ]; then args+=(--set "${sets[$i]}"); fi
  "$bin" "${args[@]}"
done
python3 - "$tmp" "${names[@]}" <<'PY'
import csv, sys
tmp, names = sys.argv[1], sys.argv[2:]
short = {"supported": "S", "contradicted": "C", "no meaningful effect": "0", "inconclusive": "–", "not applicable": "n/a"}
for column in ["verdict", "pledges_verdict"]:
    table = {}
    for i in range(len(names)):
        for row in csv.DictReader(open(f"{tmp}/{i}/claims.csv")):
            if row[column]:
                table.setdefault(row["id"], []).append(short[row[column]])
    print("| ID | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for claim, verdicts in table.items():
        print(f"| {claim} | " + " | ".join(verdicts) + " |")
    print()
PY
