#!/usr/bin/env bash
# Times README's test command (mvn -B verify, from clean) on this machine, interleaving the checkout as it is with the same
# tree built one module at a time and with Maven's JVM at its default flags (-T 1, no .mvn/jvm.config), and
# optionally with another commit. Prints one Markdown table (stdout): median wall and CPU time of each variant.
#
#   bench/suite.sh [ROUNDS] [COMMIT]     (default 1 round; COMMIT: also time that commit, in a clone of its own)
#
# Runs offline (-o) when the local repository already holds what the build needs, so that downloads do not count.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${1:-1}"
OTHER="${2:-}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

OFFLINE=()
(cd "$REPO_DIR" && mvn -o -q -B validate >/dev/null 2>&1) && OFFLINE=(-o)

# variant name, directory, extra Maven arguments
VARIANTS=("as-is|$REPO_DIR|" "sequential|$REPO_DIR|-T 1 --no-jvm-config")
if [ -n "$OTHER" ]; then
  git clone -q "$REPO_DIR" "$WORK/other" && git -C "$WORK/other" checkout -q "$OTHER"
  VARIANTS+=("$OTHER|$WORK/other|")
fi

run() { # name dir args...: appends "name wall user" to $WORK/times
  local name="$1" dir="$2"; shift 2
  local args=() jvm_config=1
  for a in "$@"; do [ "$a" = --no-jvm-config ] && jvm_config=0 || args+=("$a"); done
  (
    cd "$dir"
    [ "$jvm_config" = 0 ] && [ -f .mvn/jvm.config ] && mv .mvn/jvm.config .mvn/jvm.config.off
    trap '[ -f .mvn/jvm.config.off ] && mv .mvn/jvm.config.off .mvn/jvm.config' EXIT
    log "$name: mvn ${OFFLINE[*]} -B ${args[*]} clean verify (load $(cut -d' ' -f1-3 /proc/loadavg))"
    /usr/bin/time -f "$name %e %U" -o "$WORK/one" mvn "${OFFLINE[@]}" -B "${args[@]}" clean verify > "$WORK/$name.log" 2>&1 \
      || die "$name failed: $WORK/$name.log"
  )
  cat "$WORK/one" >> "$WORK/times"
  log "$(cat "$WORK/one")"
}

for ((round = 1; round <= ROUNDS; round++)); do
  for variant in "${VARIANTS[@]}"; do
    IFS='|' read -r name dir extra <<< "$variant"
    # shellcheck disable=SC2086
    run "$name" "$dir" $extra
  done
done

echo "| variant | rounds | wall (median) | user CPU (median) |"
echo "|---|---|---|---|"
for variant in "${VARIANTS[@]}"; do
  name="${variant%%|*}"
  wall=$(awk -v n="$name" '$1 == n { print $2 }' "$WORK/times" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  user=$(awk -v n="$name" '$1 == n { print $3 }' "$WORK/times" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  awk -v n="$name" -v r="$ROUNDS" -v w="$wall" -v u="$user" \
    'BEGIN { printf "| %s | %d | %d min %02d s | %d min %02d s |\n", n, r, w / 60, w % 60, u / 60, u % 60 }'
done
