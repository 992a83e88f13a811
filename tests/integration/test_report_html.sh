#!/bin/bash
# test_report_html.sh RENDER SRCROOT OUTDIR - renders every
# tests/data/results/html-*.json with the HTML reporter (RENDER: the
# render_html_fixture program) and loads the page in headless Chromium:
# the page must log no console message at all (JS errors, CSP violations
# and blocked fetches are all logged as "CONSOLE" / "Uncaught" / "Refused
# to"), and the filter script must have run (it fills in "N of M shown",
# which a CSP hash mismatch would prevent). A deliberately broken page is
# checked first (a script error and an inline style the CSP blocks), so
# a detector that has gone blind fails the test. Last, a harness page
# drives the filter controls of the scan report and checks what is shown.
# Screenshots (PNG) and the pages stay in OUTDIR for people to look at.
# Exit 77 (skipped) without chromium, unless CI is set.
set -u
render=$1 src=$2 out=$3

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	if [ -n "${CI:-}" ]; then
		echo "FAIL: chromium is missing (scripts/deps.txt installs it)"
		exit 1
	fi
	echo "SKIP: chromium is not installed"
	exit 77
fi
mkdir -p "$out" || exit 1
profile=$(mktemp -d "$out/profile.XXXXXX") || exit 1
trap 'rm -rf "$profile"' EXIT
fails=0

# run_chromium LOG ARGS...: headless, its own profile, the console to LOG.
run_chromium() {
	local log=$1
	shift
	timeout 180 "$chromium" --headless --disable-gpu --no-sandbox \
		--no-first-run --disable-dev-shm-usage \
		--user-data-dir="$profile" --enable-logging=stderr --v=0 \
		"$@" 2>"$log"
}

# console_errors LOG...: the lines that mean the page misbehaved: any
# console message (Chromium logs them as "CONSOLE"), an uncaught
# exception, a CSP violation (older: "Refused to ...", newer: "...
# violates the following Content Security Policy directive").
console_errors() {
	grep -hE 'CONSOLE|Uncaught|Refused to|Content Security Policy' "$@"
}

# The detector must see a script error and a CSP refusal.
canary=$out/canary.html
cat >"$canary" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'">
<style>body{color:red}</style></head>
<body><p>canary</p><script>null.boom();</script></body></html>
HTML
run_chromium "$out/canary.log" --dump-dom "file://$canary" >/dev/null
if console_errors "$out/canary.log" | grep -q 'Uncaught' &&
   console_errors "$out/canary.log" | grep -q 'Content Security Policy'; then
	echo "ok: the detector sees a JS error and a CSP violation"
else
	echo "FAIL: the broken canary page logged no error; log:"
	cat "$out/canary.log"
	fails=$((fails + 1))
fi

for json in "$src"/tests/data/results/html-*.json; do
	name=$(basename "$json" .json)
	html=$out/$name.html
	if ! "$render" "$json" >"$html"; then
		echo "FAIL: $name: the reporter failed"
		fails=$((fails + 1))
		continue
	fi
	run_chromium "$out/$name.dom.log" --dump-dom "file://$html" \
		>"$out/$name.dom.html"
	run_chromium "$out/$name.shot.log" --hide-scrollbars \
		--window-size=1280,2000 --screenshot="$out/$name.png" \
		"file://$html" >/dev/null
	bad=$(console_errors "$out/$name.dom.log" "$out/$name.shot.log")
	if [ -n "$bad" ]; then
		echo "FAIL: $name: console errors:"
		echo "$bad"
		fails=$((fails + 1))
	fi
	if ! grep -q '</html>' "$out/$name.dom.html"; then
		echo "FAIL: $name: no DOM dumped"
		fails=$((fails + 1))
	fi
	# a page with findings: the script ran and counted them all
	n=$(grep -c '<article class="finding' "$html")
	if [ "$n" -gt 0 ] &&
	   ! grep -q "id=\"f-shown\" class=\"muted\">$n of $n shown<" \
		"$out/$name.dom.html"; then
		echo "FAIL: $name: the filter script did not run"
		fails=$((fails + 1))
	fi
	if [ ! -s "$out/$name.png" ]; then
		echo "FAIL: $name: no screenshot"
		fails=$((fails + 1))
	else
		echo "screenshot: $out/$name.png"
	fi
done
# The filters work: a harness page (not under the report's CSP) loads the
# scan report in a frame, flips the controls and writes what is shown.
cat >"$out/filter-harness.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe id="r" src="html-scan.html"></iframe><pre id="out">pending</pre>
<script>
document.getElementById('r').addEventListener('load', function () {
  var out = document.getElementById('out');
  try {
    var d = this.contentDocument, res = [];
    var shown = function () {
      return d.querySelectorAll('.finding:not(.filtered-out)').length;
    };
    var set = function (el, prop, v) {
      el[prop] = v;
      el.dispatchEvent(new Event('change', {bubbles: true}));
    };
    res.push('all=' + shown());
    var crit = d.querySelector('#filters input[data-sev="critical"]');
    set(crit, 'checked', false);
    res.push('nocritical=' + shown());
    set(crit, 'checked', true);
    var supp = d.getElementById('f-supp');
    set(supp, 'checked', false);
    res.push('nosuppressed=' + shown());
    set(supp, 'checked', true);
    set(d.getElementById('f-cat'), 'value', 'telnet-enabled');
    res.push('telnet=' + shown() + ' groups=' +
      d.querySelectorAll('.cat-group:not(.filtered-out)').length);
    res.push('label=' + d.getElementById('f-shown').textContent);
    out.textContent = res.join(' ');
  } catch (e) { out.textContent = 'error ' + e; }
});
</script></body></html>
HTML
want='all=6 nocritical=5 nosuppressed=5 telnet=1 groups=1 label=1 of 6 shown'
got=$(run_chromium "$out/filter-harness.log" --allow-file-access-from-files \
	--virtual-time-budget=5000 --dump-dom "file://$out/filter-harness.html" |
	sed -n 's/.*<pre id="out">\([^<]*\)<.*/\1/p')
if [ "$got" = "$want" ]; then
	echo "ok: filters: $got"
else
	echo "FAIL: filters: got '$got', want '$want'"
	console_errors "$out/filter-harness.log"
	fails=$((fails + 1))
fi

[ "$fails" -eq 0 ] && echo "ok: all pages rendered cleanly"
[ "$fails" -eq 0 ]
