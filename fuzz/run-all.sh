#!/bin/sh
# Runs every fuzz target in turn for SECONDS (default 600) each, at low priority so other work
# on the machine keeps a core. Logs go to fuzz/logs/<target>.log; the last line of each says
# how many inputs ran (`#N DONE ... exec/s: E`). A crash stops only its own target.
set -u
cd "$(dirname "$0")"
seconds="${1:-600}"
mkdir -p logs
for target in text tags scan config; do
    mkdir -p "corpus/$target"
    dict=""
    # The text target spends its time in instrumented Unicode tables (about 20 inputs a
    # second at 4 KB under AddressSanitizer); short inputs reach the same code far faster.
    max_len=4096
    if [ "$target" = text ]; then max_len=1024; fi
    if [ -f "$target.dict" ]; then dict="-dict=$target.dict"; fi
    # shellcheck disable=SC2086 # $dict is one word or none
    RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=30 -rss_limit_mb=2048 \
        -print_final_stats=1 $dict >"logs/$target.log" 2>&1
    echo "$target: exit $? $(grep -E '^#[0-9]+[[:space:]]+DONE' "logs/$target.log" | tail -n 1)"
done
