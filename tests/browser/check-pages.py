#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Open HTML reports in headless Chromium and check what a reader would see.

    check-pages.py --chromium PROG [--shots DIR] PAGE.html=FUNCTIONS...

For every page, at a desktop (1280x900) and a phone viewport (390x844,
emulated as a mobile device: a headless window cannot be narrower than
500 px, so --window-size alone would not give a phone layout), it checks:

  - the page loads, and logs no error, throws nothing and requests
    nothing but itself (its Content-Security-Policy allows no fetch, so
    any attempt is also logged as an error);
  - the screenshot is not blank (pngstat.py);
  - the page does not scroll sideways (wide tables and the picture scroll
    inside their own boxes);
  - the topology picture has one box per PCI function (FUNCTIONS).

Two controls prove the checks can fail: a copy of the first page that
loads an image and runs a script must be caught, and so must a blank
page's screenshot.

Chromium is driven over the DevTools protocol on --remote-debugging-pipe
(file descriptors 3 and 4, messages ended by NUL), standard library only.
Prints "ok - NAME" / "not ok - NAME" lines (details as "#" lines); exits 1
when a check failed, 2 when the browser could not be driven at all.
"""
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pngstat  # noqa: E402

VIEWPORTS = (("desktop", 1280, 900, False), ("phone", 390, 844, True))
TIMEOUT = 30            # seconds for one protocol answer or page load
MIN_COLOURS = 16        # a rendered report has text, badges, colours
MIN_INK = 2.0           # percent of pixels that are not background


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium with one tab, spoken to over a pipe."""

    def __init__(self, program):
        self.profile = tempfile.mkdtemp(prefix="vfio-ready-chromium.")
        to_r, self.tx = os.pipe()          # we write, Chromium reads fd 3
        self.rx, from_w = os.pipe()        # Chromium writes fd 4

        def fds():
            # copies first: a pipe end may already sit on 3 or 4
            r, w = os.dup(to_r), os.dup(from_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        args = [program, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + self.profile,
                "--remote-debugging-pipe", "about:blank"]
        try:
            # os.pipe() ends are close-on-exec: only 3 and 4 are inherited
            self.proc = subprocess.Popen(args, close_fds=False,
                                         preexec_fn=fds,
                                         stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        except OSError as e:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise BrowserError("cannot run %s: %s" % (program, e))
        finally:
            os.close(to_r)
            os.close(from_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target["targetId"],
                                  "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(domain + ".enable", session=True)

    def receive(self):
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.rx], [], [], max(left, 0))
            if not ready:
                raise BrowserError("no answer from the browser in %d s"
                                   % TIMEOUT)
            data = os.read(self.rx, 1 << 20)
            if not data:
                raise BrowserError("the browser exited (status %s)"
                                   % self.proc.poll())
            self.buf += data
        message, self.buf = self.buf.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method,
                   "params": params or {}}
        if session:
            message["sessionId"] = self.session
        try:
            os.write(self.tx, json.dumps(message).encode() + b"\0")
        except OSError as e:
            raise BrowserError("cannot talk to the browser: %s" % e)
        while True:
            answer = self.receive()
            if answer.get("id") != self.next_id:
                self.events.append(answer)
                continue
            if "error" in answer:
                raise BrowserError("%s: %s" % (method, answer["error"]))
            return answer.get("result", {})

    def open(self, url, width, height, mobile):
        """Load URL in a WIDTH x HEIGHT viewport; the events it caused."""
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": mobile}, session=True)
        self.events = []
        self.call("Page.navigate", {"url": url}, session=True)
        while not any(e.get("method") == "Page.loadEventFired"
                      for e in self.events):
            self.events.append(self.receive())
        return self.events

    def evaluate(self, expression):
        # DevTools evaluation is not bound by the page's CSP
        result = self.call("Runtime.evaluate",
                           {"expression": expression,
                            "returnByValue": True}, session=True)
        if "exceptionDetails" in result:
            raise BrowserError("evaluation failed: %s"
                               % result["exceptionDetails"].get("text"))
        return result["result"].get("value")

    def screenshot(self, path):
        shot = self.call("Page.captureScreenshot", {"format": "png"},
                         session=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def close(self):
        try:
            self.call("Browser.close")
        except BrowserError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.tx)
        os.close(self.rx)
        shutil.rmtree(self.profile, ignore_errors=True)


def problems(events, url):
    """Errors logged, exceptions thrown and requests for anything but URL."""
    found = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Log.entryAdded" and \
                params["entry"].get("level") == "error":
            found.append("log: " + params["entry"].get("text", ""))
        elif method == "Runtime.exceptionThrown":
            found.append("exception: " + json.dumps(
                params.get("exceptionDetails", {}))[:200])
        elif method == "Runtime.consoleAPICalled":
            found.append("console.%s called" % params.get("type"))
        elif method == "Network.requestWillBeSent" and \
                params["request"]["url"] != url:
            found.append("request: " + params["request"]["url"])
    return found


PAGE_FACTS = """JSON.stringify({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    boxes: document.querySelectorAll("svg.tree g.fn").length,
    verdict: (document.querySelector("h1") || {}).textContent || ""})"""


class Report:
    def __init__(self):
        self.failed = 0

    def result(self, name, ok, details=()):
        print("%s - %s" % ("ok" if ok else "not ok", name))
        if not ok:
            self.failed += 1
            for d in details:
                print("#   " + d)


def check_page(browser, report, path, functions, shots):
    page = os.path.splitext(os.path.basename(path))[0]
    url = "file://" + os.path.abspath(path)
    for view, width, height, mobile in VIEWPORTS:
        name = "browser %s (%s %dpx)" % (page, view, width)
        try:
            events = browser.open(url, width, height, mobile)
            facts = json.loads(browser.evaluate(PAGE_FACTS))
            png = os.path.join(shots, "%s-%s.png" % (page, view))
            browser.screenshot(png)
        except BrowserError as e:
            report.result(name + ": loads", False, [str(e)])
            continue
        found = problems(events, url)
        report.result(name + ": no errors, no fetches", not found, found)
        try:
            _, _, colours, ink = pngstat.stats(png)
            blank = colours < MIN_COLOURS or ink < MIN_INK
            why = ["%s: %d colours, %.1f%% ink" % (png, colours, ink)]
        except (OSError, pngstat.PNGError) as e:
            blank, why = True, [str(e)]
        report.result(name + ": screenshot is not blank", not blank, why)
        report.result(name + ": no sideways scrolling",
                      facts["scroll"] <= facts["width"],
                      ["page is %d px wide in a %d px viewport"
                       % (facts["scroll"], facts["width"])])
        report.result(name + ": one box per PCI function",
                      facts["boxes"] == functions,
                      ["%d boxes, %d functions" % (facts["boxes"],
                                                    functions)])


def check_controls(browser, report, first, shots):
    """The checks above must be able to fail."""
    with open(first, encoding="utf-8") as f:
        html = f.read()
    bad = os.path.join(shots, "control-fetch.html")
    with open(bad, "w", encoding="utf-8") as f:
        f.write(html.replace("<body>", '<body><img alt="" src="https://'
                             'example.invalid/x.png"><script>console.error'
                             '("x")</script>', 1))
    url = "file://" + os.path.abspath(bad)
    found = problems(browser.open(url, 1280, 900, False), url)
    report.result("browser control: a page that fetches and runs a script "
                  "is caught", len(found) >= 2, found or ["nothing caught"])

    blank = os.path.join(shots, "control-blank.html")
    with open(blank, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html lang=en><title>blank</title></html>")
    browser.open("file://" + os.path.abspath(blank), 1280, 900, False)
    png = os.path.join(shots, "control-blank.png")
    browser.screenshot(png)
    _, _, colours, ink = pngstat.stats(png)
    report.result("browser control: a blank screenshot is caught",
                  colours < MIN_COLOURS or ink < MIN_INK,
                  ["%d colours, %.1f%% ink" % (colours, ink)])


def main(argv):
    program, shots, pages = "chromium", None, []
    args = iter(argv)
    for a in args:
        if a == "--chromium":
            program = next(args)
        elif a == "--shots":
            shots = next(args)
        else:
            path, _, count = a.rpartition("=")
            pages.append((path, int(count)))
    if not pages:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    own_shots = shots is None
    shots = shots or tempfile.mkdtemp(prefix="vfio-ready-shots.")
    os.makedirs(shots, exist_ok=True)
    report = Report()
    try:
        browser = Browser(program)
    except BrowserError as e:
        report.result("browser starts", False, [str(e)])
        return 2
    try:
        for path, functions in pages:
            check_page(browser, report, path, functions, shots)
        check_controls(browser, report, pages[0][0], shots)
    except (BrowserError, pngstat.PNGError, OSError) as e:
        report.result("browser session", False, [str(e)])
        return 2
    finally:
        browser.close()
        if own_shots:
            shutil.rmtree(shots, ignore_errors=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
