#!/usr/bin/env bash
# Checks the cluster workflow against a real Slurm: starts a one-node Slurm
# cluster on this machine (installing Debian's slurm-wlm and munge if they are
# missing), submits cluster/slurm-run.sh's job array and merge job for a shipped
# scenario, waits for them (bounded), and checks that the merged outputs are
# byte for byte those of a single run. Stops everything it started.
#
#   cluster/slurm-test.sh            # from the repository root, after cargo build --release
#
# Installing and starting the daemons needs root. Where Slurm is not installed
# and cannot be (no root, no apt-get, or the install fails), the test says so
# and exits 0, unless SLURM_TEST_REQUIRED=1; the same byte-for-byte check with
# the shards run as plain processes is part of `cargo test` (tests/cli/shard.rs).
# Everything the cluster writes lives in a temporary directory; /etc is not touched.
set -euo pipefail

cd "$(dirname "$0")/.."
bin="$PWD/target/release/deterrence"
limit="${SLURM_TEST_TIMEOUT:-300}"
required="${SLURM_TEST_REQUIRED:-0}"

say() { echo "slurm-test: $*"; }
skip() {
  if [[ "$required" == 1 ]]; then say "FAILED: $*"; exit 1; fi
  say "skipped: $*"
  exit 0
}

[[ -x "$bin" ]] || { say "no binary at $bin: run cargo build --release first"; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  [[ "$(id -u)" == 0 ]] || skip "Slurm is not installed, and installing it needs root"
  command -v apt-get >/dev/null || skip "Slurm is not installed, and there is no apt-get to install it"
  say "installing slurm-wlm and munge"
  if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge) \
      > /tmp/slurm-test-apt.log 2>&1; then
    tail -5 /tmp/slurm-test-apt.log
    skip "apt-get could not install slurm-wlm (log: /tmp/slurm-test-apt.log)"
  fi
fi
[[ "$(id -u)" == 0 ]] || skip "starting slurmctld, slurmd and munged here needs root"

work="$(mktemp -d /tmp/slurm-test.XXXXXX)"
host="$(hostname -s)"
cpus="$(nproc)"
started_munge=0
jobs_to_cancel=()
daemons=()

cleanup() {
  local status=$?
  for j in "${jobs_to_cancel[@]}"; do scancel "$j" 2>/dev/null || true; done
  # Stop the daemons by their pid files, never by name.
  for f in "$work/slurmd.pid" "$work/slurmctld.pid"; do
    if [[ -s "$f" ]]; then kill "$(cat "$f")" 2>/dev/null || true; fi
  done
  if [[ $started_munge == 1 && -s /run/munge/munged.pid ]]; then
    munge_pid="$(cat /run/munge/munged.pid)"
    kill "$munge_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$munge_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  # Let them finish writing their state before it is removed (bounded).
  for _ in $(seq 1 50); do
    alive=0
    for p in "${daemons[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for p in "${daemons[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [[ $status != 0 ]]; then
    say "logs of the failed check:"
    tail -n 20 "$work"/*.log "$work"/out/logs/*.log 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# munge authenticates the daemons to each other; the package made the key.
munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }
if ! munge_works; then
  mkdir -p /run/munge
  chown munge:munge /run/munge
  runuser -u munge -- munged --force
  started_munge=1
  for _ in $(seq 1 50); do munge_works && break; sleep 0.1; done
  munge_works || { say "munged did not start"; exit 1; }
fi

mkdir -p "$work/spool" "$work/state"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
MpiDefault=none
ReturnToService=2
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmdSpoolDir=$work/spool
StateSaveLocation=$work/state
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

slurmctld -D -f "$SLURM_CONF" > "$work/slurmctld.out" 2>&1 &
daemons+=($!)
slurmd -D -f "$SLURM_CONF" > "$work/slurmd.out" 2>&1 &
daemons+=($!)

for _ in $(seq 1 60); do
  [[ "$(sinfo -h -o %T 2>/dev/null)" == idle ]] && break
  sleep 0.5
done
[[ "$(sinfo -h -o %T 2>/dev/null)" == idle ]] || { say "the node did not become idle"; exit 1; }
say "one-node cluster up ($host, $cpus CPUs)"

# The documented workflow on a shipped scenario: 3 shards, then the merge.
args=(run scenarios/two-blocs.toml --replications 90 --years 100 --wars --format svg)
out="$work/out"
start=$SECONDS
timeout "$limit" cluster/slurm-run.sh -n 3 -o "$out" -w -- "${args[@]}" > "$work/submit.log" 2>&1 &
submit=$!
# Remember the jobs, so a timeout or a failure cancels what is left.
for _ in $(seq 1 20); do
  grep -q "submitted merge" "$work/submit.log" 2>/dev/null && break
  grep -q "submitted shards" "$work/submit.log" 2>/dev/null && \
    jobs_to_cancel=("$(sed -n 's/.*job array \([0-9]*\).*/\1/p' "$work/submit.log")")
  sleep 0.5
done
if ! wait "$submit"; then
  cat "$work/submit.log"
  for j in "${jobs_to_cancel[@]}"; do scontrol show job "$j" 2>/dev/null | head -5 || true; done
  say "FAILED: the job array and merge did not finish within ${limit}s"
  exit 1
fi
cat "$work/submit.log"
say "shards and merge done in $((SECONDS - start)) s"

"$bin" "${args[@]}" --out "$work/single" --quiet
fail=0
while IFS= read -r f; do
  [[ "$f" == manifest.json ]] && continue
  if ! cmp -s "$work/single/$f" "$out/merged/$f"; then
    say "FAILED: $f differs between the merged shards and a single run"
    fail=1
  fi
done < <(cd "$work/single" && find . -type f | sed 's|^\./||' | sort)
if ! diff <(cd "$work/single" && find . -type f | sort) <(cd "$out/merged" && find . -type f | sort); then
  say "FAILED: the merged run and the single run wrote different files"
  fail=1
fi
[[ $fail == 0 ]] || exit 1
say "ok: the merged outputs of 3 Slurm array tasks equal a single run, byte for byte ($(cd "$work/single" && find . -type f | wc -l) files)"

# A failing shard must not leave the merge job waiting forever: it is
# cancelled (its dependency can never be met) and the submission reports failure.
status=0
timeout 120 cluster/slurm-run.sh -n 2 -o "$work/failing" -w -- \
  run scenarios/two-blocs.toml --set simulation.years=0 > "$work/failing.log" 2>&1 || status=$?
if [[ $status == 0 ]]; then
  say "FAILED: a run whose shards fail was reported as a success"
  exit 1
fi
if [[ $status == 124 ]]; then
  say "FAILED: the merge job still waited 120 s after its shards had failed"
  exit 1
fi
if [[ -e "$work/failing/merged" ]]; then
  say "FAILED: a merge ran although its shards failed"
  exit 1
fi
say "ok: when the shards fail, the merge job is cancelled and the submission fails (exit $status)"
