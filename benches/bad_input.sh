#!/usr/bin/env bash
# Bad input at full size: builds the release binary, generates each case in a temporary folder
# and prints, per case, the time and peak memory of `crossread scan --format jsonl` (cold: no
# cache yet; and with --no-cache), the warning lines on stderr, and the matches found.
#
#   benches/bad_input.sh              # a 100 MB article, 10,000 empty files, ...
#   MB=20 benches/bad_input.sh        # a smaller huge article
#
# Cases: a 100 MB article on one line, and in paragraphs, each sharing one passage with a small
# article; 10,000 empty files beside three articles; 200 nested folders; broken links, link
# loops and a FIFO; and (when run as root with setpriv) a file and a folder the user may not
# read, scanned as uid 65534. Each should end in one match (two for the empty-files case, whose
# three articles share one passage), the warnings said in a few lines.
# Needs /usr/bin/time (GNU time) and python3.
set -euo pipefail

cd "$(dirname "$0")/.."
MB=${MB:-100}
BIN=$PWD/target/release/crossread
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for tool in /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "bad_input.sh: $tool is not installed" >&2; exit 2; }
done
cargo build --release --quiet --bin crossread

PASSAGE="The harbour authority approved the expansion plan after months of bitter argument \
between fishermen, developers and the regional council, which had twice rejected the proposal \
over fears for the northern breakwater. Engineers said the new quay would double the tonnage \
the port can handle by the end of the decade."

# gen OUT BYTES line|paras: pseudo-words from a fixed seed, PASSAGE planted in the middle.
gen() {
    python3 - "$1" "$2" "$3" "$PASSAGE" <<'EOF'
import random, sys
out, size, mode, plant = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = random.Random(7)
syll = ["ka", "lo", "mi", "ren", "tor", "vad", "sel", "pon", "gri", "mar",
        "tes", "ul", "and", "bri", "cor", "dem", "fal", "hin", "jus", "quen"]
vocab = ["".join(rng.choice(syll) for _ in range(rng.randint(1, 4))) for _ in range(30000)]
func = ["the", "of", "and", "a", "to", "in", "is", "that", "for", "on", "with", "as", "was"]
def sentence():
    words = [rng.choice(func) if rng.random() < 0.35 else rng.choice(vocab)
             for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + "."
written, planted = 0, False
with open(out, "w") as f:
    while written < size:
        if mode == "paras":
            block = " ".join(sentence() for _ in range(rng.randint(2, 6))) + "\n\n"
        else:
            block = " ".join(sentence() for _ in range(50)) + " "
        if not planted and written >= size // 2:
            block = plant + ("\n\n" if mode == "paras" else " ") + block
            planted = True
        f.write(block)
        written += len(block)
EOF
}

small() { printf 'Local desk. %s The mayor declined to comment.\n' "$PASSAGE" >"$1"; }

make_cases() {
    local c=$TMP/cases
    mkdir -p "$c/huge_line" "$c/huge_paras" "$c/empty_10k" "$c/deep_200" "$c/links"
    gen "$c/huge_line/huge.txt" $((MB * 1000000)) line
    small "$c/huge_line/small.txt"
    gen "$c/huge_paras/huge.txt" $((MB * 1000000)) paras
    small "$c/huge_paras/small.txt"

    (cd "$c/empty_10k" && for i in $(seq -w 0 9999); do : >"e$i.txt"; done)
    small "$c/empty_10k/a.txt"; small "$c/empty_10k/b.txt"; echo "Nothing shared." >"$c/empty_10k/c.txt"

    local deep=$c/deep_200
    for i in $(seq 1 200); do deep=$deep/d$i; done
    mkdir -p "$deep"
    small "$deep/deep.txt"; small "$c/deep_200/top.txt"

    small "$c/links/a.txt"; small "$c/links/b.txt"
    ln -s "$c/links" "$c/links/loop"            # a folder inside itself
    ln -s one.txt "$c/links/two.txt"; ln -s two.txt "$c/links/one.txt"   # two links in a circle
    ln -s gone.txt "$c/links/dangling.txt"
    mkfifo "$c/links/pipe.txt"

    if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
        mkdir -p "$c/unreadable/locked"
        small "$c/unreadable/a.txt"; small "$c/unreadable/b.txt"
        small "$c/unreadable/secret.txt"; small "$c/unreadable/locked/c.txt"
        chmod 000 "$c/unreadable/secret.txt" "$c/unreadable/locked"
        chmod 755 "$TMP" "$c" "$c/unreadable"
    fi
}

# run CASE LABEL ARGS...: one scan, one table row.
run() {
    local case=$1 label=$2; shift 2
    local dir=$TMP/cases/$case
    local runner=()
    [ "$case" = unreadable ] && runner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    /usr/bin/time -f '%e %M' -o "$TMP/time" "${runner[@]}" "$BIN" scan "$dir" --format jsonl "$@" \
        >"$TMP/out" 2>"$TMP/err" || { echo "bad_input.sh: $case failed:" >&2; cat "$TMP/err" >&2; }
    read -r secs kb <"$TMP/time"
    printf '%-12s %-9s %8s %9d %9d %8d\n' "$case" "$label" "$secs" $((kb / 1024)) \
        "$(grep -c '^crossread:' "$TMP/err" || true)" "$(wc -l <"$TMP/out")"
    cp "$TMP/err" "$TMP/err.$case.$label"
}

make_cases
printf '%-12s %-9s %8s %9s %9s %8s\n' case mode seconds peak_MB warnings matches
for case in huge_line huge_paras empty_10k deep_200 links unreadable; do
    [ -d "$TMP/cases/$case" ] || continue
    if [ "$case" = unreadable ]; then
        run "$case" no-cache --no-cache
        continue
    fi
    run "$case" cold
    run "$case" warm
    run "$case" no-cache --no-cache
done
echo
for case in empty_10k links unreadable; do
    [ -f "$TMP/err.$case.no-cache" ] || continue
    echo "$case warnings:"
    sed "s|$TMP/cases/||g; s|^|  |" "$TMP/err.$case.no-cache"
done
