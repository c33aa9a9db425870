#!/usr/bin/env bash
# Scale benchmark: generates corpora of SIZES articles (fixed seed, kept under target/ so reruns
# are quick) and prints, for each, crossread's cold, warm and add-one-article scan times, its
# CPU time and peak memory, recall and precision against the planted truth, and sim_text's
# time, CPU time and memory on the same corpus, run alternately with crossread in the same run,
# with the ratios of the three.
#
# Two kinds of corpus per size: `noisy` (the generator's default: stock phrases, outlet
# footers, a line in every article, near misses) and `clean` (`gencorpus --clean`: the
# articles share the planted copies and nothing else, sim_text's best case).
#
#   benches/scale.sh                      # 1k, 10k and 100k articles, both kinds
#   SIZES="1000 10000" benches/scale.sh   # a quicker run
#   KINDS=clean benches/scale.sh          # one kind only
#   RUNS=5 benches/scale.sh               # timed runs per size (the best is kept; default 3)
#
# Needs /usr/bin/time (GNU time) and sim_text (Debian: similarity-tester, installed here with
# apt-get when it is missing and we may).
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
KINDS=${KINDS:-"noisy clean"}
SEED=${SEED:-1}
CORPORA=target/scale-corpora
BIN=target/release/crossread
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if ! command -v sim_text >/dev/null; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo -n"
    if command -v apt-get >/dev/null; then
        echo "scale.sh: installing sim_text (Debian package similarity-tester)" >&2
        $sudo apt-get install -y -qq similarity-tester >/dev/null 2>&1 ||
            { $sudo apt-get update -qq >/dev/null 2>&1 &&
                $sudo apt-get install -y -qq similarity-tester >/dev/null 2>&1; } || true
    fi
fi
for tool in /usr/bin/time sim_text; do
    command -v "$tool" >/dev/null || { echo "scale.sh: $tool is not installed" >&2; exit 2; }
done

cargo build --release --quiet --bin crossread --example gencorpus --example score

# Runs "$@" under GNU time; prints "seconds peak_kb cpu_seconds" (cpu: user + system).
measure() {
    /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" "$@" >"$TMP/stdout" 2>"$TMP/stderr" || {
        echo "scale.sh: failed: $*" >&2
        cat "$TMP/stderr" >&2
        exit 1
    }
    awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$TMP/time"
}

# The smaller of two decimal numbers.
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

printf '%-7s %-5s %5s %7s %7s %7s %7s %7s %8s %8s %7s %6s %6s %6s %6s %6s %8s\n' \
    articles kind MB cold_s cpu_s warm_s add1_s rss_MB sim_s sim_cpu_s sim_MB ratio cpu_r rss_r \
    recall precis s_per_MB
for n in $SIZES; do
  for kind in $KINDS; do
    case $kind in
        noisy) dir=$CORPORA/c$n; flags="" ;;
        clean) dir=$CORPORA/clean$n; flags="--clean" ;;
        *) echo "scale.sh: unknown kind $kind (noisy or clean)" >&2; exit 2 ;;
    esac
    if [ ! -f "$dir/truth.jsonl" ]; then
        rm -rf "$dir"
        # shellcheck disable=SC2086
        target/release/examples/gencorpus "$dir" "$n" --seed "$SEED" $flags 2>/dev/null
    fi
    rm -rf "$dir/.crossread" "$dir"/zz_added_*.txt
    mb=$(du -sm --apparent-size --exclude=.crossread "$dir" | cut -f1)
    # Not `ls *.txt`: 100,000 names overflow the argument list.
    (cd "$dir" && find . -maxdepth 1 -name '*.txt' -printf '%P\n' | LC_ALL=C sort >"$TMP/files")

    cold=""; cold_cpu=""; cold_rss=""; sim=""; sim_cpu=""; sim_rss=""
    for _ in $(seq "$RUNS"); do
        rm -rf "$dir/.crossread"
        read -r t m c < <(measure "$BIN" scan "$dir" --format jsonl)
        cp "$TMP/stdout" "$TMP/found.jsonl"
        cold=$(min "$cold" "$t"); cold_rss=$(min "$cold_rss" "$m"); cold_cpu=$(min "$cold_cpu" "$c")
        read -r t m c < <(cd "$dir" && measure sim_text -s -n -T -r 8 -i <"$TMP/files")
        sim=$(min "$sim" "$t"); sim_rss=$(min "$sim_rss" "$m"); sim_cpu=$(min "$sim_cpu" "$c")
    done

    warm=""
    for _ in $(seq "$RUNS"); do
        read -r t _ _ < <(measure "$BIN" scan "$dir" --format jsonl)
        warm=$(min "$warm" "$t")
    done

    # One article added to a cached corpus: a copy of the first article, so it shares text.
    first=$(head -n1 "$TMP/files")
    add=""
    for i in $(seq "$RUNS"); do
        cp "$dir/$first" "$dir/zz_added_$i.txt"
        read -r t _ _ < <(measure "$BIN" scan "$dir" --format jsonl)
        add=$(min "$add" "$t")
    done
    rm -f "$dir"/zz_added_*.txt
    "$BIN" scan "$dir" --format jsonl >/dev/null 2>&1

    # The first line of the scorer's report (it may print more: purity, wires).
    target/release/examples/score "$dir/truth.jsonl" "$TMP/found.jsonl" >"$TMP/score"
    read -r _ recall _ precision <"$TMP/score"
    awk -v n="$n" -v k="$kind" -v mb="$mb" -v c="$cold" -v cc="$cold_cpu" -v w="$warm" \
        -v a="$add" -v r="$cold_rss" -v s="$sim" -v sc="$sim_cpu" -v sr="$sim_rss" \
        -v rc="$recall" -v p="$precision" 'BEGIN {
        printf "%-7s %-5s %5d %7.2f %7.2f %7.2f %7.2f %7.0f %8.2f %8.2f %7.0f %6.2f %6.2f %6.2f %6s %6s %8.4f\n",
            n, k, mb, c, cc, w, a, r / 1024, s, sc, sr / 1024, c / s, cc / sc, r / sr, rc, p,
            c / mb }'
  done
done
echo "(best of $RUNS runs each; cold = no cache; nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
