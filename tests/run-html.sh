#!/bin/sh
# The HTML report (--format html) of real and synthetic snapshots: one
# self-contained, deterministic document that escapes what the machine
# says, draws every PCI function, marks --device, and renders in a real
# browser (headless Chromium, when installed) at desktop and phone widths
# without errors, fetches or a blank screen.  Run from the project root:
#   tests/run-html.sh BIN
# Prints "ok - NAME", "not ok - NAME" or "skip - NAME (why)" per test and
# ends with "html: N passed, N failed, N skipped".
#   CHROMIUM=PROG   the browser to drive (default: chromium)
#   HTML_SHOTS=DIR  keep the screenshots there, to look at them
set -u
BIN=${1:?usage: tests/run-html.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
CHROMIUM=${CHROMIUM:-chromium}

. tests/tier.sh

# names from our own pci.ids, as the golden files have them
VFIO_READY_PCI_IDS=${VFIO_READY_PCI_IDS:-tests/pci.ids}
export VFIO_READY_PCI_IDS

has_python=false
command -v python3 > /dev/null 2>&1 && has_python=true

FIXTURES="real/qemu-intel-topo.tar.gz synthetic/groups-mismatch
synthetic/host-intel-ready real/amd-epyc-pvm-guest-no-iommu.tar.gz"

# same_exit A B: the two runs ended with the same status
same_exit() {
	[ "$1" -eq "$2" ] || echo "html exit $1, json exit $2" > "$T/why"
	[ "$1" -eq "$2" ]
}

# self_contained FILE: a whole UTF-8 HTML document that can load nothing:
# the doctype, lang, viewport and a CSP that allows no fetch; no script,
# no URL but the page's own anchors, no CSS import.
self_contained() {
	{
		head -c 15 "$1" | grep -qx '<!DOCTYPE html>' ||
			echo "no <!DOCTYPE html> first"
		grep -q '<html lang="en">' "$1" || echo "no lang=\"en\""
		grep -q '<meta name="viewport"' "$1" || echo "no viewport"
		grep -q "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:" "$1" ||
			echo "no strict Content-Security-Policy"
		grep -qi '<script' "$1" && echo "a <script> element"
		grep -Eqi '(src|href|action)=["'"'"'][^#]' "$1" &&
			echo "a link out of the page: $(grep -Eio '(src|href|action)=["'"'"'][^#][^"'"'"']*' "$1" | head -n 1)"
		sed -n '/<style>/,/<\/style>/p' "$1" | grep -Eqi '@import|url\(' &&
			echo "CSS that loads something"
		if $has_python; then
			python3 -c 'import sys; open(sys.argv[1], encoding="utf-8", errors="strict").read()' \
				"$1" 2>&1 | tail -n 1
		fi
	} > "$T/why"
	[ ! -s "$T/why" ]
}

# drawn_and_listed HTML JSON: one box in the picture and one row in the
# device table per device of the JSON report, with the same addresses.
drawn_and_listed() {
	python3 - "$1" "$2" > "$T/why" 2>&1 <<'EOF'
import html.parser, json, sys

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.boxes, self.rows = [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "g" and "fn" in cls:
            self.boxes.append(a.get("id", "")[2:])
        if tag == "tr" and "dev" in cls:
            self.rows.append(a.get("id", "")[2:])

page = Page()
page.feed(open(sys.argv[1], encoding="utf-8").read())
devices = [d["bdf"] for d in json.load(open(sys.argv[2]))["devices"]]
bad = False
for what, got in (("boxes", page.boxes), ("rows", page.rows)):
    if got != devices:
        print("%s %s, devices %s" % (what, got, devices))
        bad = True
sys.exit(1 if bad else 0)
EOF
}

pages=""
for f in $FIXTURES; do
	fx=$(basename "$f" .tar.gz)
	src=fixtures/$f
	"$BIN" --root "$src" --format html -o "$T/$fx.html" 2> "$T/$fx.err"
	rc=$?
	"$BIN" --root "$src" --format json > "$T/$fx.json" 2> /dev/null
	rcj=$?
	if [ "$rc" -ge 2 ] || [ ! -s "$T/$fx.html" ]; then
		cp "$T/$fx.err" "$T/why"
		not_ok "html $fx: written (exit $rc)"
		continue
	fi
	check "html $fx: exit status as for json" same_exit "$rc" "$rcj"
	check "html $fx: one self-contained document" \
		self_contained "$T/$fx.html"
	"$BIN" --root "$src" --format html > "$T/$fx.again" 2> /dev/null
	check "html $fx: the same output twice" \
		cmp -s "$T/$fx.html" "$T/$fx.again"
	if $has_python; then
		check "html $fx: every device drawn and listed" \
			drawn_and_listed "$T/$fx.html" "$T/$fx.json"
		n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["devices"]))' \
			"$T/$fx.json")
		pages="$pages $T/$fx.html=$n"
	else
		skip "html $fx: every device drawn and listed" "no python3"
	fi
done

# --device: the function named is framed in the picture and marked in the
# table, and no other
"$BIN" --root fixtures/real/qemu-intel-topo.tar.gz --format html \
	--device 06:00.1 > "$T/focus.html" 2> /dev/null
focused() {
	g=$(grep -o '<g class="fn focus" id="t-[^"]*"' "$T/focus.html")
	tr=$(grep -o '<tr class="dev c-[0-9a-f]* focus" id="d-[^"]*"' "$T/focus.html")
	echo "boxes: $g; rows: $tr" > "$T/why"
	[ "$g" = '<g class="fn focus" id="t-0000:06:00.1"' ] &&
		[ "$tr" = '<tr class="dev c-00 focus" id="d-0000:06:00.1"' ]
}
check "html --device: the selected function is highlighted" focused

# Markup in what the machine says (here a device name from pci.ids) is
# shown as text, never run: the name survives, escaped.
sed 's/^1af4  .*/1af4  <script>alert(1)<\/script> \& "Q"/' tests/pci.ids \
	> "$T/hostile.ids"
VFIO_READY_PCI_IDS=$T/hostile.ids "$BIN" --root fixtures/real/qemu-intel-topo.tar.gz \
	--format html > "$T/hostile.html" 2> /dev/null
escaped() {
	{
		grep -qi '<script' "$T/hostile.html" && echo "a <script> element"
		grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; "Q"' \
			"$T/hostile.html" || echo "the escaped name is missing"
	} > "$T/why"
	[ ! -s "$T/why" ]
}
check "html: markup in a device name is text" escaped

# In a browser, at desktop and phone widths.
if ! $has_python; then
	skip "html browser" "no python3"
elif ! command -v "$CHROMIUM" > /dev/null 2>&1; then
	skip "html browser" "$CHROMIUM not installed (Debian: apt-get install chromium)"
elif [ -z "$pages" ]; then
	skip "html browser" "no page was written"
else
	shots=${HTML_SHOTS:-$T/shots}
	# shellcheck disable=SC2086 # $pages is a list of words
	python3 tests/browser/check-pages.py --chromium "$CHROMIUM" \
		--shots "$shots" $pages > "$T/browser" 2>&1
	rc=$?
	while IFS= read -r line; do
		echo "$line"
		case $line in
		"ok - "*) passed=$((passed + 1)) ;;
		"not ok - "*) failed=$((failed + 1)) ;;
		esac
	done < "$T/browser"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok - ' "$T/browser"; then
		echo "not ok - html browser: the check itself failed (exit $rc)"
		failed=$((failed + 1))
	fi
fi

echo "html: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
