#!/bin/sh
# The Markdown report (--format markdown), run from the project root:
#   tests/run-markdown.sh BIN
# For every fixture: under the 60 KiB budget (and GitHub's 65,536
# characters), the verdict heading agrees with the JSON report, every
# blocker (fail/error finding) is in the Blockers section, code fences and
# <details> blocks are balanced, and, when cmark-gfm (GitHub's renderer) is
# installed, the rendered HTML holds only the elements the writer makes
# and tables whose rows have as many cells as their header.  Then hostile
# machine text must come out escaped, and a snapshot of thousands of PCI
# functions (tests/gen-snapshot.py) must be summarised to fit.
# Prints "ok - NAME" / "not ok - NAME" / "skip - NAME (why)" and ends with
# "markdown: N passed, N failed, N skipped".
set -u
BIN=${1:?usage: tests/run-markdown.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
VFIO_READY_PCI_IDS=${VFIO_READY_PCI_IDS:-tests/pci.ids}
export VFIO_READY_PCI_IDS

. tests/tier.sh

if ! command -v python3 > /dev/null 2>&1; then
	skip "markdown tier" "no python3"
	echo "markdown: $passed passed, $failed failed, $skipped skipped"
	exit 0
fi
render=false
command -v cmark-gfm > /dev/null 2>&1 && render=true

# check.py MD JSON [HTML]: the structure of one report; prints problems.
cat > "$T/check.py" <<'EOF'
import html.parser, json, re, sys

md_path, json_path = sys.argv[1], sys.argv[2]
raw = open(md_path, "rb").read()
md = raw.decode("utf-8")
rep = json.load(open(json_path))
bad = []
if len(raw) > 60 * 1024:
    bad.append("%d bytes, over the 60 KiB budget" % len(raw))
if len(md) >= 65536:
    bad.append("%d characters, over GitHub's limit" % len(md))
word = {"ready": "READY", "warnings": "READY WITH WARNINGS",
        "not_ready": "NOT READY"}[rep["verdict"]["status"]]
if not md.startswith("## vfio-ready: %s\n" % word):
    bad.append("does not start with the verdict %s" % word)
blockers = [f["code"] for f in rep["findings"]
            if f["verdict"] in ("fail", "error")]
m = re.search(r"^### Blockers.*?(?=^### |\Z)", md, re.S | re.M)
section = m.group(0) if m else ""
if not section:
    bad.append("no Blockers section")
for c in blockers:
    if "`%s`" % c not in section:
        bad.append("blocker %s is not in the Blockers section" % c)
if not blockers and "None: no finding fails." not in section:
    bad.append("no blockers, but the section does not say so")
# fences (CommonMark 4.5): a closing fence is at least as long
fence = None
for line in md.split("\n"):
    f = re.match(r"^ {0,3}(`{3,})\s*$", line)
    if not f:
        continue
    if fence is None:
        fence = len(f.group(1))
    elif len(f.group(1)) >= fence:
        fence = None
if fence is not None:
    bad.append("a code fence is not closed")
if md.count("<details>") != md.count("</details>"):
    bad.append("<details> and </details> do not pair")

ALLOWED = {"h2", "h3", "h4", "p", "table", "thead", "tbody", "tr", "th",
           "td", "code", "pre", "strong", "em", "details", "summary", "ol",
           "ul", "li", "hr", "br"}

class Html(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.rows, self.cells = set(), [], 0
        self.details = 0
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "tr":
            self.cells = 0
        if tag in ("td", "th"):
            self.cells += 1
        if tag == "details":
            self.details += 1
        if tag == "table":
            self.rows.append([])
    def handle_endtag(self, tag):
        if tag == "tr" and self.rows:
            self.rows[-1].append(self.cells)

if len(sys.argv) > 3:
    h = Html()
    h.feed(open(sys.argv[3], encoding="utf-8").read())
    extra = h.tags - ALLOWED
    if extra:
        bad.append("rendered HTML has elements %s" % sorted(extra))
    for t, rows in enumerate(h.rows):
        if len(set(rows)) > 1:
            bad.append("table %d has rows of %s cells" % (t, sorted(set(rows))))
    if h.details != md.count("<details>"):
        bad.append("%d <details> rendered of %d" % (h.details,
                                                     md.count("<details>")))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF

# well_formed MD JSON: check.py on the report, rendered when possible.
well_formed() {
	if $render; then
		cmark-gfm --unsafe -e table -e strikethrough -e autolink \
			-e tagfilter "$1" > "$1.html" 2> "$T/why" || return 1
		python3 "$T/check.py" "$1" "$2" "$1.html" > "$T/why" 2>&1
	else
		python3 "$T/check.py" "$1" "$2" > "$T/why" 2>&1
	fi
}

# report SRC NAME [OPTIONS]: $T/NAME.md and $T/NAME.json; 0 when usable.
report() {
	src=$1; name=$2; shift 2
	"$BIN" --root "$src" --format markdown "$@" > "$T/$name.md" \
		2> "$T/$name.err"
	[ $? -le 1 ] || { cp "$T/$name.err" "$T/why"; return 1; }
	"$BIN" --root "$src" --format json > "$T/$name.json" 2> "$T/why"
	[ $? -le 1 ]
}

# ---- every fixture ------------------------------------------------------------

$render || skip "rendered with cmark-gfm" "no cmark-gfm"
for src in fixtures/synthetic/* fixtures/real/*.tar.gz; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .tar.gz)
	if report "$src" "$name"; then
		check "$name: under the limit, verdict and blockers first" \
			well_formed "$T/$name.md" "$T/$name.json"
	else
		not_ok "$name: markdown report"
	fi
done

# ---- quiet ---------------------------------------------------------------------

Q=fixtures/synthetic/iommu-off
if report "$Q" quiet -q; then
	check "-q: verdict and blockers, no details" \
		test -n "$(grep '^### Blockers' "$T/quiet.md")" \
		-a -z "$(grep -e '^### Details' -e '<details>' "$T/quiet.md")"
	check "-q: still well formed" well_formed "$T/quiet.md" \
		"$T/quiet.json"
else
	not_ok "-q markdown report"
fi

# ---- machine text that is Markdown or HTML -----------------------------------

H=$T/hostile
cp -R fixtures/synthetic/pci-switch "$H"
printf '%s\n' 'BOOT_IMAGE=/vmlinuz ro intel_iommu=on,<img/src=x/onerror=alert(1)>|`x`*y*_z_[l](u)' \
	> "$H/proc/cmdline"
sed 's/^\t1b80  .*/\t1b80  <script>alert(1)<\/script> | `GPU` *x* [l](u) #1 @who/' \
	tests/pci.ids > "$T/pci.ids"
VFIO_READY_PCI_IDS=$T/pci.ids report "$H" hostile
check "hostile text: still well formed, one cell per column" \
	well_formed "$T/hostile.md" "$T/hostile.json"
# outside code blocks no tag may be opened by machine text
check "hostile text: no unescaped tag outside code" \
	test -z "$(awk '/^ *```/ { f = !f; next } !f' "$T/hostile.md" |
		grep -E '(^|[^\\])<(script|img)')"
zwsp=$(printf '\342\200\213')   # U+200B: no issue link, no mention
check "hostile text: the device name is there, escaped" \
	grep -qF "\\<script\\>alert(1)\\</script\\> \\| \\\`GPU\\\` \\*x\\* \\[l\\](u) \\#${zwsp}1 \\@${zwsp}who" \
	"$T/hostile.md"
if $render; then
	check "hostile text: rendered as text" \
		grep -qF "&lt;script&gt;alert(1)&lt;/script&gt; | \`GPU\` *x* [l](u) #${zwsp}1 @${zwsp}who" \
		"$T/hostile.md.html"
fi

# ---- thousands of functions ---------------------------------------------------

# tests/gen-snapshot.py's server of 2000 functions (on tmpfs when there is
# one: a busy disk makes writing the tree slow), with intel_iommu=off added
# so that there are blockers to keep
G=tests/gen-snapshot.py
B=$(mktemp -d -p /dev/shm 2> /dev/null || mktemp -d) || exit 2
trap 'rm -rf "$T" "$B"' EXIT
if [ ! -f "$G" ]; then
	skip "2000 functions" "no $G"
elif python3 "$G" --functions 2000 "$B/tree" > "$T/why" 2>&1 &&
     sed -i 's/$/ intel_iommu=off/' "$B/tree/proc/cmdline" &&
     report "$B/tree" big; then
	check "2000 functions: summarised, under the limit, blockers kept" \
		well_formed "$T/big.md" "$T/big.json"
	check "2000 functions: there are blockers to keep" \
		grep -q '^### Blockers ([1-9]' "$T/big.md"
	check "2000 functions: says what it summarised" \
		grep -q '^_Summarised to stay under .* findings summarised, the device and group tables cut; attach the JSON report' \
		"$T/big.md"
	check "2000 functions: device counts in the summary line" \
		grep -q '^<summary>PCI devices (2000): ' "$T/big.md"
else
	not_ok "2000 functions: report"
fi
check "a small fixture is not summarised" \
	test -z "$(grep -i summarised "$T/pci-switch.md")"

echo "markdown: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
