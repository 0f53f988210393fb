#!/usr/bin/env bash
# Regenerates the README's images in docs/img/ from the shipped scenarios; with
# --check, regenerates them into a scratch directory and fails if any committed
# image differs (the charts are drawn with the embedded font, so the bytes are
# the same on every machine). Usage, from the repository root:
#   scripts/readme-images.sh           # rewrite docs/img/
#   scripts/readme-images.sh --check   # CI: are the committed images current?
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
[ "${1:-}" = "--check" ] && check=true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for s in two-blocs multipolar cold-war-1985 europe-1914; do
  cargo run --release --locked --quiet -- run "scenarios/$s.toml" --out "$work/$s" --format png --scale 0.6 --quiet
done
cargo run --release --locked --quiet -- claims scenarios/europe-1914.toml scenarios/interwar-1938.toml scenarios/cold-war-1985.toml --out "$work/claims3" --format png --scale 0.6 --quiet
cargo run --release --locked --quiet -- animate scenarios/europe-1914.toml --replication 3 --scale 0.5 --out "$work/europe-1914-r3.gif" --quiet
images=(
  "two-blocs/charts/map.png:docs/img/two-blocs-map.png"
  "two-blocs/charts/levels.png:docs/img/two-blocs-levels.png"
  "multipolar/charts/war_sizes.png:docs/img/multipolar-war-sizes.png"
  "cold-war-1985/charts/map.png:docs/img/cold-war-1985-map.png"
  "europe-1914/charts/map.png:docs/img/europe-1914-map.png"
  "europe-1914-r3.gif:docs/img/europe-1914-r3.gif"
  "claims3/charts/verdicts.png:docs/img/claims-three-worlds-verdicts.png"
)
stale=0
for pair in "${images[@]}"; do
  made="$work/${pair%%:*}"
  committed="${pair##*:}"
  if $check; then
    if ! cmp -s "$made" "$committed"; then
      echo "$committed is stale: run scripts/readme-images.sh and commit the result" >&2
      stale=1
    fi
  else
    cp "$made" "$committed"
    echo "wrote $committed"
  fi
done
exit "$stale"
