#!/usr/bin/env bash
# How soon the reader is usable on a large folder: starts the release binary in tmux (160x45)
# and prints, in seconds from the start, when the article list is on screen, whether it was
# still loading or indexing then, how long `j` and `?` take to show while it works, when the
# shared passages are in (the status gauge is gone), the slowest answer to `j`/`k` sent every
# two seconds until then, how long `j` takes after, and how long `q` takes.
#
#   benches/tui_start.sh DIR            # warm: whatever cache DIR has
#   COLD=1 benches/tui_start.sh DIR     # cold: the cache is removed first
#
# Needs tmux. Screens are polled every 10 ms, so figures are rounded up to that.
set -euo pipefail

cd "$(dirname "$0")/.."
DIR=${1:?usage: benches/tui_start.sh DIR}
BIN=target/release/crossread
command -v tmux >/dev/null || { echo "tui_start.sh: tmux is not installed" >&2; exit 2; }
cargo build --release --quiet --bin crossread
[ -n "${COLD:-}" ] && rm -rf "$DIR/.crossread"

session=crossread-start-$$
first=$(cd "$DIR" && find . -maxdepth 1 -name '*.txt' -printf '%P\n' | LC_ALL=C sort | sed -n 1p)
stem=${first%.txt}
screen() { tmux capture-pane -p -t "$session" 2>/dev/null || true; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# Waits until the screen matches (grep -E) $1, for at most $2 seconds; prints the time taken.
wait_for() {
    local from deadline
    from=$(now)
    deadline=$(awk -v a="$from" -v t="$2" 'BEGIN { printf "%.3f", a + t }')
    until screen | grep -Eq -- "$1"; do
        if awk -v d="$deadline" -v n="$(now)" 'BEGIN { exit !(n > d) }'; then
            echo "timeout"
            return
        fi
        sleep 0.01
    done
    since "$from"
}
# Sends key $1 and prints how long until the screen changes (at most 5 s).
key_answer() {
    local before from
    before=$(screen)
    from=$(now)
    tmux send-keys -t "$session" "$1"
    while [ "$(screen)" = "$before" ]; do
        if awk -v a="$from" -v n="$(now)" 'BEGIN { exit !(n - a > 5) }'; then
            echo "timeout"
            return
        fi
        sleep 0.01
    done
    since "$from"
}
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT

start=$(now)
tmux new-session -d -s "$session" -x 160 -y 45 "$BIN '$DIR'"
list=$(wait_for "$stem" 30)
list_at=$(since "$start")
busy=$(screen | grep -Eo '⟳ [a-z]+' | head -n1 || true)
j=$(key_answer j)
help=$(key_answer '?')
sleep 0.3
tmux send-keys -t "$session" Escape
# The gauge sits in the status line, the last one. While it is there, `j` and `k` in turn
# about every two seconds: the slowest answer while detection runs, up to its last stage.
slowest=0
turn=0
while screen | tail -n 1 | grep -q '⟳'; do
    turn=$((turn + 1))
    if [ $((turn % 40)) -eq 0 ]; then
        key=j
        [ $((turn % 80)) -eq 0 ] && key=k
        t=$(key_answer "$key")
        slowest=$(awk -v a="$slowest" -v b="$t" 'BEGIN { print (b == "timeout" || b > a) ? b : a }')
    fi
    sleep 0.05
done
done_at=$(since "$start")
after=$(key_answer j)
tmux send-keys -t "$session" q
quit_from=$(now)
while tmux has-session -t "$session" 2>/dev/null; do sleep 0.01; done
quit=$(since "$quit_from")

printf '%-30s %s\n' "list on screen (s)" "$list_at (waited $list)" \
    "working then" "${busy:-no: already done}" \
    "j answered (s)" "$j" \
    "? help shown (s)" "$help" \
    "passages in, from start (s)" "$done_at" \
    "slowest j/k while working (s)" "$slowest" \
    "j answered after (s)" "$after" \
    "q quits (s)" "$quit"
