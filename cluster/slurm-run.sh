#!/usr/bin/env bash
# Runs a deterrence experiment on a Slurm cluster: a job array with one task
# per shard, and a merge job that starts when every shard has succeeded.
#
#   cluster/slurm-run.sh [options] -- COMMAND [ARGS...]
#
#   cluster/slurm-run.sh -n 16 -o results/reliability -- \
#       sweep scenarios/two-blocs.toml --param 'alliances.*.reliability' \
#       --range 0:1:0.1 --replications 10000
#
# COMMAND is run, compare, sweep or claims, with its arguments as you would
# give them on one machine (no --out, no --shard: the script adds them).
#
# Options:
#   -n N        shards (array tasks); default 8
#   -o DIR      output directory; default output/slurm-<date>-<time>
#               DIR/shards/K  the shards' outputs
#               DIR/merged    the merged outputs, as a single run writes them
#               DIR/logs      one log per task, and the merge job's log
#               DIR/*.sbatch  the two batch scripts, as submitted
#   -c CPUS     CPUs per shard task (its worker threads); default 1
#   -b FILE     the deterrence binary; default target/release/deterrence
#   -w          wait until the merge job has ended, and exit with its status
#   -s 'ARGS'   extra sbatch options for both jobs, e.g. '-p short -t 01:00:00'
#
# The working directory of the jobs is the directory you submit from, so
# relative scenario paths work as they do on your command line. Each
# replication draws the random numbers it would draw in a single run, so the
# merged files are byte-identical to `deterrence COMMAND ARGS --out DIR`.
set -euo pipefail

# The comment above, without its marks.
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 2; }

shards=8
out=""
cpus=1
bin="target/release/deterrence"
wait_for_merge=0
extra=""
while getopts "n:o:c:b:ws:h" opt; do
  case "$opt" in
    n) shards="$OPTARG" ;;
    o) out="$OPTARG" ;;
    c) cpus="$OPTARG" ;;
    b) bin="$OPTARG" ;;
    w) wait_for_merge=1 ;;
    s) extra="$OPTARG" ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[[ "${1:-}" == "--" ]] && shift
[[ $# -ge 1 ]] || usage

case "$1" in
  run|compare|sweep|claims) ;;
  *) echo "slurm-run.sh: the command must be run, compare, sweep or claims, not '$1'" >&2; exit 2 ;;
esac
for a in "$@"; do
  case "$a" in
    --out|--out=*|--shard|--shard=*)
      echo "slurm-run.sh: leave out $a: the script sets the shards' and the merge's directories" >&2
      exit 2 ;;
  esac
done
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "slurm-run.sh: -n needs a positive number, not '$shards'" >&2; exit 2; }
[[ "$cpus" =~ ^[1-9][0-9]*$ ]] || { echo "slurm-run.sh: -c needs a positive number, not '$cpus'" >&2; exit 2; }
[[ -x "$bin" ]] || { echo "slurm-run.sh: no deterrence binary at $bin (run 'cargo build --release', or give -b)" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "slurm-run.sh: sbatch not found: is this a Slurm login node?" >&2; exit 2; }

bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
out="${out:-output/slurm-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out/shards" "$out/logs"
out="$(cd "$out" && pwd)"
if [[ -e "$out/merged" ]]; then
  echo "slurm-run.sh: $out/merged exists: choose another -o" >&2
  exit 2
fi

threads=()
printf '%s\n' "$@" | grep -qx -- '--threads' || threads=(--threads "$cpus")
args="$(printf '%q ' "$@")"

cat > "$out/shard.sbatch" <<EOF
#!/usr/bin/env bash
#SBATCH --job-name=deterrence-shard
#SBATCH --array=1-$shards
#SBATCH --cpus-per-task=$cpus
#SBATCH --output=$out/logs/shard-%a.log
set -euo pipefail
exec $(printf '%q' "$bin") $args${threads[*]:+${threads[*]} }--shard "\$SLURM_ARRAY_TASK_ID/$shards" --out "$out/shards/\$SLURM_ARRAY_TASK_ID" --quiet
EOF

cat > "$out/merge.sbatch" <<EOF
#!/usr/bin/env bash
#SBATCH --job-name=deterrence-merge
#SBATCH --kill-on-invalid-dep=yes
#SBATCH --cpus-per-task=1
#SBATCH --output=$out/logs/merge.log
set -euo pipefail
exec $(printf '%q' "$bin") merge "$out"/shards/* --out "$out/merged"
EOF

# shellcheck disable=SC2086 # $extra holds several sbatch options on purpose
array=$(sbatch --parsable $extra "$out/shard.sbatch")
array="${array%%;*}"
echo "submitted shards: job array $array (1-$shards), logs in $out/logs"
wait_flag=()
[[ $wait_for_merge == 1 ]] && wait_flag=(--wait)
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${wait_flag[@]+"${wait_flag[@]}"} --dependency="afterok:$array" $extra "$out/merge.sbatch")
merge="${merge%%;*}"
echo "submitted merge: job $merge, after every shard succeeds; results in $out/merged"
if [[ $wait_for_merge == 1 ]]; then
  # sbatch --wait also returns 0 for a merge job cancelled because a shard
  # failed; the merged manifest, written last, says whether the merge ran.
  if [[ ! -f "$out/merged/manifest.json" ]]; then
    state=$(scontrol show job "$merge" -o 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
    echo "slurm-run.sh: the merge did not complete (job $merge: ${state:-state unknown}); see $out/logs" >&2
    exit 1
  fi
  echo "done: $out/merged"
else
  echo "follow with: squeue -j $array,$merge    (if a shard fails, the merge job is cancelled: see $out/logs)"
fi
