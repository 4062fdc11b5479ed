#!/usr/bin/env python3
"""Assertions for one vmcheck guest, against the guest kernel's own truth.

    assert.py GUEST GUEST.sh OUT_DIR BIN RUN_DIR

OUT_DIR holds what the guest's /init brought out (tests/vm/init.sh): the
tool's live reports, its capture, lspci -vvv / -xxxx, the iommu_groups
listing, the drivers, dmesg and the DMAR/IVRS tables.  Prints "ok - ...",
"not ok - ..." (with "#   " detail lines) or "skip - ... (why)" and ends
with "assert: N passed, N failed, N skipped".  Run from the project root.
"""
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

GUEST, GUEST_SH, OUT, BIN, RUN = sys.argv[1:6]
PCI_IDS = "tests/pci.ids"
SNAP_LIMIT = 200 * 1024
counts = {"passed": 0, "failed": 0, "skipped": 0}


def ok(name):
    print(f"ok - {GUEST}: {name}")
    counts["passed"] += 1


def not_ok(name, detail=()):
    print(f"not ok - {GUEST}: {name}")
    for line in list(detail)[:40]:
        print(f"#   {line}")
    counts["failed"] += 1


def skip(name, why):
    print(f"skip - {GUEST}: {name} ({why})")
    counts["skipped"] += 1


def check(name, cond, detail=()):
    if cond:
        ok(name)
    else:
        not_ok(name, detail)


def guest_var(name):
    """NAME="..." from the guest definition (one line)."""
    with open(GUEST_SH) as f:
        m = re.search(rf'^{name}="?([^"\n]*)"?$', f.read(), re.M)
    return m.group(1).strip() if m else ""


def read(name, default=None):
    try:
        with open(os.path.join(OUT, name), errors="replace") as f:
            return f.read()
    except OSError:
        return default


def load_json(name):
    text = read(name)
    if text is None:
        return None, f"{name} missing"
    try:
        return json.loads(text), None
    except ValueError as e:
        return None, f"{name}: {e}"


def run_tool(*args):
    env = dict(os.environ, VFIO_READY_PCI_IDS=PCI_IDS)
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def partition(groups):
    """A set of frozensets of BDFs: group ids are the kernel's numbering and
    mean nothing across runs; only who is with whom does."""
    return {frozenset(devs) for devs in groups if devs}


def show(part):
    return " ".join("{" + ",".join(sorted(d[5:] for d in g)) + "}"
                    for g in sorted(part, key=lambda g: sorted(g)))


def partition_diff(want, got, want_name, got_name):
    lines = []
    for g in sorted(want - got, key=sorted):
        lines.append(f"{want_name} only: {show({g})}")
    for g in sorted(got - want, key=sorted):
        lines.append(f"{got_name} only: {show({g})}")
    return lines


def kernel_partition():
    groups = {}
    for line in (read("iommu_groups.txt") or "").splitlines():
        gid, bdf = line.split()
        groups.setdefault(gid, []).append(bdf)
    return partition(groups.values())


# ---------------------------------------------------------------- lspci
ACS_BITS = {"SrcValid": "sv", "TransBlk": "tb", "ReqRedir": "rr",
            "CmpltRedir": "cr", "UpstreamFwd": "uf", "EgressCtrl": "ec",
            "DirectTrans": "dt"}


def lspci_devices():
    """{bdf: {"id": "vvvv:dddd", "acs": {"cap": {...}, "ctl": {...}}|None}}"""
    devs, cur = {}, None
    for line in (read("lspci-vvv.txt") or "").splitlines():
        m = re.match(r"^([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) .*"
                     r"\[([0-9a-f]{4}):([0-9a-f]{4})\]", line)
        if m:
            cur = {"id": f"{m.group(2)}:{m.group(3)}", "acs": None}
            devs[m.group(1)] = cur
            continue
        m = re.match(r"^\s+ACS(Cap|Ctl):\s+(.*)$", line)
        if m and cur is not None:
            bits = {}
            for word in m.group(2).split():
                name, sign = word[:-1], word[-1]
                if name in ACS_BITS and sign in "+-":
                    bits[ACS_BITS[name]] = sign == "+"
            cur["acs"] = cur["acs"] or {}
            cur["acs"][m.group(1).lower()] = bits
    return devs


# ---------------------------------------------------------------- iasl
def iasl_counts(table):
    """Decode DMAR.bin / IVRS.bin with iasl -d on the host: subtable counts
    and the fields we compare."""
    tmp = tempfile.mkdtemp()
    try:
        src = os.path.join(tmp, table.lower() + ".dat")
        shutil.copy(os.path.join(OUT, table + ".bin"), src)
        p = subprocess.run(["iasl", "-d", src], capture_output=True, text=True, cwd=tmp)
        dsl = os.path.join(tmp, table.lower() + ".dsl")
        if p.returncode != 0 or not os.path.exists(dsl):
            return None, (p.stdout + p.stderr).splitlines()[-5:]
        with open(dsl, errors="replace") as f:
            text = f.read()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    fields = re.findall(r"^\[[0-9A-F]+h [0-9]+ +[0-9]+\] +(.*?) : (.*)$", text, re.M)
    return fields, None


def dmar_from_iasl(fields):
    kinds = {"0000": "drhd", "0001": "rmrr", "0002": "atsr", "0003": "rhsa",
             "0004": "andd", "0005": "satc"}
    out = {k: [] for k in kinds.values()}
    cur = None
    for name, value in fields:
        if name == "Subtable Type":
            cur = {"scopes": 0}
            out.setdefault(kinds.get(value.split()[0], "other"), []).append(cur)
        elif cur is None:
            if name == "Host Address Width":
                out["haw"] = int(value, 16) + 1
            elif name == "Flags":
                out["flags"] = int(value, 16)
        elif name == "Register Base Address":
            cur["address"] = int(value, 16)
        elif name == "Flags":
            cur["flags"] = int(value, 16)
        elif name == "Device Scope Type":
            cur["scopes"] += 1
        elif name == "Base Address":
            cur["base"] = int(value, 16)
        elif name == "End Address (limit)":
            cur["limit"] = int(value, 16)
    return out


def ivrs_from_iasl(fields):
    out = {"ivhd": [], "ivmd": []}
    cur = None
    for name, value in fields:
        if name == "Subtable Type":
            t = int(value.split()[0], 16)
            cur = {"type": t, "entries": 0}
            out["ivhd" if t in (0x10, 0x11, 0x40) else "ivmd"].append(cur)
        elif cur is None:
            continue
        elif name == "DeviceId" and "device_id" not in cur:
            cur["device_id"] = int(value, 16)
        elif name == "Base Address" and "base" not in cur:
            cur["base"] = int(value, 16)
        elif name == "Flags" and "flags" not in cur:
            cur["flags"] = int(value, 16)
        elif name == "Entry Type":
            # a range is two entries in iasl's listing (start, then type
            # 4 "end of range"), one in ours
            if int(value, 16) != 0x04:
                cur["entries"] += 1
    return out


# ---------------------------------------------------------------- main
def main():
    iommu = guest_var("IOMMU") or "none"          # what the firmware has
    kernel_groups = iommu != "none" and guest_var("KERNEL_GROUPS") != "no"
    expect = guest_var("EXPECT").split()
    bind = [b for b in guest_var("BIND").split(",") if b]
    rep, err = load_json("report.json")
    rc = (read("report.json.rc") or "?").strip()
    if rep is None or rc not in ("0", "1"):
        not_ok("vfio-ready --format json in the guest", [f"exit {rc}", err or "",
               *(read("report.json.err") or "").splitlines()[-5:]])
        return
    ok(f"vfio-ready --format json in the guest (exit {rc}, "
       f"{rep['verdict']['status']}, score {rep['verdict']['score']})")
    devices = {d["bdf"]: d for d in rep.get("devices", [])}
    kpart = kernel_partition()
    lsp = lspci_devices()

    # -- the PCI functions: the same set as lspci, the same IDs
    if not lsp:
        skip("devices = lspci", "no lspci output")
    else:
        want = {b: v["id"] for b, v in lsp.items()}
        got = {b: f"{d['vendor_id']}:{d['device_id']}" for b, d in devices.items()}
        check(f"devices[] = lspci -D -nn ({len(want)} functions, IDs)", want == got,
              [f"{b}: lspci {want.get(b)}, vfio-ready {got.get(b)}"
               for b in sorted(set(want) | set(got)) if want.get(b) != got.get(b)])

    # -- groups
    groups = rep.get("groups") or {}
    pred = partition(g["devices"] for g in groups.get("predicted") or [])
    kread = partition(g["devices"] for g in groups.get("kernel") or [])
    if not kernel_groups:
        check("no IOMMU groups in the guest's sysfs", not kpart, [show(kpart)])
        check("groups.kernel empty, agreement null",
              not kread and groups.get("agreement") is None,
              [f"kernel {show(kread)}", f"agreement {groups.get('agreement')}"])
        covered = set().union(*pred) if pred else set()
        check(f"groups.predicted non-empty and covers every function "
              f"({len(pred)} groups)", pred and covered == set(lsp or devices),
              [f"not predicted: {sorted(set(lsp or devices) - covered)}"])
        other = guest_var("SAME_TOPOLOGY_AS")
        ogroups = os.path.join(RUN, other, "out", "iommu_groups.txt") if other else ""
        if not other:
            pass
        elif not os.path.exists(ogroups) or not os.path.getsize(ogroups):
            skip(f"predicted = the kernel's groups of {other}", f"guest {other} not run")
        else:
            og = {}
            for line in open(ogroups):
                gid, bdf = line.split()
                og.setdefault(gid, []).append(bdf)
            opart = partition(og.values())
            check(f"predicted (IOMMU off) = the groups the kernel formed with "
                  f"the IOMMU on in {other} (same topology)", pred == opart,
                  partition_diff(opart, pred, f"kernel ({other})", "predicted"))
    else:
        check(f"the kernel formed IOMMU groups ({len(kpart)})", bool(kpart))
        check("groups.kernel = /sys/kernel/iommu_groups (as a partition)",
              kread == kpart, partition_diff(kpart, kread, "sysfs", "groups.kernel"))
        check("groups.predicted = /sys/kernel/iommu_groups (as a partition)",
              pred == kpart, partition_diff(kpart, pred, "kernel", "predicted"))
        check("groups.agreement is true", groups.get("agreement") is True,
              [f"agreement: {groups.get('agreement')}"] +
              [f"{f['code']}: {f['title']}" for f in rep["findings"]
               if f["code"] == "groups.prediction_mismatch"])

    # -- ACS: every port's capability and control = lspci -vvv
    if not lsp:
        skip("ACS = lspci -vvv", "no lspci output")
    else:
        bad, n = [], 0
        for bdf, v in sorted(lsp.items()):
            tool = (devices.get(bdf) or {}).get("acs")
            want = v["acs"]
            if want:
                n += 1
            for part in ("cap", "ctl"):
                w = (want or {}).get(part)
                t = (tool or {}).get(part)
                if w != t and not (w is None and not any((t or {}).values())):
                    bad.append(f"{bdf} ACS{part.capitalize()}: lspci {w}, vfio-ready {t}")
        check(f"ACS cap and ctl = lspci -vvv (functions with ACS: {n})", not bad, bad)

    # -- firmware tables = iasl -d
    fw = rep["facts"].get("firmware") or {}
    if iommu == "none":
        check("no DMAR/IVRS in the guest, none in facts.firmware",
              read("DMAR.bin") is None and read("IVRS.bin") is None and
              not fw.get("dmar_present") and not fw.get("ivrs_present"),
              [f"dmar_present {fw.get('dmar_present')}, ivrs_present {fw.get('ivrs_present')}"])
    elif not shutil.which("iasl"):
        skip("DMAR/IVRS = iasl -d", "no iasl: install acpica-tools")
    else:
        table = "DMAR" if iommu == "intel" else "IVRS"
        if read(table + ".bin") is None:
            not_ok(f"the guest has an ACPI {table} table")
        else:
            fields, err = iasl_counts(table)
            if fields is None:
                not_ok(f"iasl -d {table}", err)
            elif table == "DMAR":
                i = dmar_from_iasl(fields)
                t = fw.get("dmar") or {}
                bad = []
                for k in ("drhd", "rmrr", "atsr", "rhsa", "andd", "satc"):
                    if len(i.get(k, [])) != len(t.get(k) or []):
                        bad.append(f"{k}: iasl {len(i.get(k, []))}, vfio-ready {len(t.get(k) or [])}")
                for n, (a, b) in enumerate(zip(i["drhd"], t.get("drhd") or [])):
                    got = (int(b["address"], 16), b["flags"], len(b["scopes"]))
                    want = (a.get("address"), a.get("flags"), a["scopes"])
                    if got != want:
                        bad.append(f"DRHD {n} (address, flags, scopes): iasl {want}, vfio-ready {got}")
                for n, (a, b) in enumerate(zip(i["rmrr"], t.get("rmrr") or [])):
                    got = (int(b["base"], 16), int(b["limit"], 16), len(b["scopes"]))
                    want = (a.get("base"), a.get("limit"), a["scopes"])
                    if got != want:
                        bad.append(f"RMRR {n}: iasl {want}, vfio-ready {got}")
                if i.get("haw") != t.get("host_address_width"):
                    bad.append(f"host address width: iasl {i.get('haw')}, vfio-ready {t.get('host_address_width')}")
                if i.get("flags") != (t.get("flags") or {}).get("raw"):
                    bad.append(f"flags: iasl {i.get('flags')}, vfio-ready {(t.get('flags') or {}).get('raw')}")
                check(f"DMAR = iasl -d ({len(i['drhd'])} DRHD, {len(i['rmrr'])} RMRR, "
                      f"{sum(d['scopes'] for d in i['drhd'])} DRHD scopes)",
                      not bad and t.get("checksum_ok") and t.get("decoded"), bad or [
                          f"checksum_ok {t.get('checksum_ok')}, decoded {t.get('decoded')}"])
            else:
                i = ivrs_from_iasl(fields)
                t = fw.get("ivrs") or {}
                bad = []
                for k in ("ivhd", "ivmd"):
                    if len(i[k]) != len(t.get(k) or []):
                        bad.append(f"{k}: iasl {len(i[k])}, vfio-ready {len(t.get(k) or [])}")
                for n, (a, b) in enumerate(zip(i["ivhd"], t.get("ivhd") or [])):
                    bus, df = b["device_id"].split(":")
                    dev, fn = df.split(".")
                    devid = int(bus, 16) << 8 | int(dev, 16) << 3 | int(fn)
                    got = (int(b["type"], 16), devid, int(b["base"], 16), b["flags"], len(b["entries"]))
                    want = (a["type"], a.get("device_id"), a.get("base"), a.get("flags"), a["entries"])
                    if got != want:
                        bad.append(f"IVHD {n} (type, device id, base, flags, entries): "
                                   f"iasl {want}, vfio-ready {got}")
                check(f"IVRS = iasl -d ({len(i['ivhd'])} IVHD, {len(i['ivmd'])} IVMD, "
                      f"{sum(h['entries'] for h in i['ivhd'])} IVHD device entries)",
                      not bad and t.get("checksum_ok") and t.get("decoded"), bad or [
                          f"checksum_ok {t.get('checksum_ok')}, decoded {t.get('decoded')}"])

    # -- the verdict this guest calls for (EXPECT= in its definition)
    v = rep["verdict"]
    if expect and expect[0] == "usable":
        check(f"verdict ready or warnings (a working IOMMU, devices on vfio-pci): "
              f"{v['status']}", v["status"] in ("ready", "warnings"),
              [json.dumps(v)] + [f"{f['code']}: {f['verdict']}: {f['title']}"
                                 for f in rep["findings"] if f["verdict"] == "fail"])
    elif expect:
        check(f"verdict {expect[0]}, first failing layer {expect[1]}",
              v["status"] == expect[0] and v["first_failing_layer"] == expect[1],
              [json.dumps(v)])

    # -- IOMMU and interrupt remapping state = the guest's dmesg
    dmesg = read("dmesg.txt") or ""
    log = rep["facts"]["kernel"].get("log") or {}
    codes = {f["code"]: f["verdict"] for f in rep["findings"]}
    init_re = (r"DMAR: Intel\(R\) Virtualization Technology for Directed I/O|"
               r"AMD-Vi: Found IOMMU|pci [0-9a-f:.]+: AMD-Vi: Found IOMMU")
    k_init = bool(re.search(init_re, dmesg))
    m = re.search(r"DMAR-IR: Enabled IRQ remapping in (\w+) mode", dmesg)
    k_ir, k_mode = (True, m.group(1)) if m else (False, None)
    if re.search(r"AMD-Vi: Interrupt remapping enabled", dmesg):
        k_ir = True
        k_mode = "x2apic" if re.search(r"AMD-Vi: X2APIC enabled|x2apic enabled", dmesg) else "xapic"
    t_init = log.get("iommu_initialised") == "yes"
    check(f"IOMMU initialised = dmesg ({'yes' if k_init else 'no'})",
          t_init == k_init and (codes.get("klog.iommu.initialised") == "pass") == k_init,
          [f"log.iommu_initialised {log.get('iommu_initialised')}, "
           f"klog.iommu.initialised {codes.get('klog.iommu.initialised')}"])
    t_ir = log.get("interrupt_remapping") == "yes"
    check(f"interrupt remapping = dmesg ({k_mode if k_ir else 'not enabled'})",
          t_ir == k_ir and (not k_ir or log.get("ir_mode") == k_mode) and
          (codes.get("klog.ir.enabled") == "pass") == k_ir,
          [f"log.interrupt_remapping {log.get('interrupt_remapping')}, ir_mode "
           f"{log.get('ir_mode')}, klog.ir.enabled {codes.get('klog.ir.enabled')}"])
    m = re.search(r"iommu: Default domain type: (\w+)", dmesg)
    if m:
        check(f"default domain = dmesg ({m.group(1)})",
              log.get("default_domain") == m.group(1), [f"vfio-ready {log.get('default_domain')}"])

    # -- drivers and vfio-pci
    drivers = {}
    for line in (read("drivers.txt") or "").splitlines():
        parts = line.split()
        drivers[parts[0]] = parts[1] if len(parts) > 1 else None
    bad = [f"{b}: sysfs {drivers.get(b)}, vfio-ready {(devices.get(b) or {}).get('driver')}"
           for b in sorted(set(drivers) | set(devices))
           if drivers.get(b) != (devices.get(b) or {}).get("driver")]
    check(f"devices[].driver = sysfs ({len(drivers)} functions)", not bad, bad)
    vfio = sorted(b for b, d in drivers.items() if d == "vfio-pci")
    if bind:
        want = sorted(b for b, v in lsp.items() if v["id"] in bind) if lsp else vfio
        check(f"the guest bound {','.join(bind)} to vfio-pci ({' '.join(x[5:] for x in want)})",
              want and vfio == want, [f"bound: {vfio}", f"wanted: {want}"])
    bound = sorted(x["bdf"] for x in
                   ((rep["facts"].get("iommu") or {}).get("vfio") or {}).get("bound") or [])
    fnd = [f for f in rep["findings"] if f["code"] == "vfio.bound_devices"]
    ev = sorted(m.group(1) for f in fnd for e in f["evidence"]
                for m in [re.match(r"^sys/bus/pci/devices/([^/]+)/driver$", e["source"])] if m)
    check(f"vfio.bound_devices lists the vfio-pci functions ({len(vfio)})",
          bound == vfio and ev == vfio,
          [f"sysfs vfio-pci: {vfio}", f"facts bound: {bound}", f"finding evidence: {ev}"])

    # -- the kernel's answer: vfio-attach (a type1 container, the group, the
    #    device fd, as QEMU starts) against the tool's verdict
    if not vfio:
        skip("verdict = the kernel attaching a vfio-pci group", "nothing bound")
    else:
        att = [l for l in (read("vfio-attach.txt") or "").splitlines() if l.startswith("vfio-attach: ")]
        k_ok = len(att) == len(vfio) and all(l.endswith(": ok") for l in att)
        t_ok = rep["verdict"]["status"] in ("ready", "warnings")
        said = "attaches" if k_ok else "refuses"
        check(f"verdict {rep['verdict']['status']} = the kernel {said} the vfio-pci "
              f"groups to a type1 container (vfio-attach)", k_ok == t_ok,
              att + [json.dumps(rep["verdict"])] +
              [f"{f['code']}: {f['verdict']}: {f['title']}" for f in rep["findings"]
               if f["verdict"] == "fail"])

    # -- the capture: replayed with --root it gives the same report
    snap = os.path.join(OUT, "snap.tar.gz")
    crc = (read("capture.log.rc") or "?").strip()
    if crc != "0" or not os.path.exists(snap):
        not_ok("vfio-ready capture in the guest", [f"exit {crc}",
               *(read("capture.log.err") or "").splitlines()[-5:]])
        return
    size = os.path.getsize(snap)
    check(f"capture {size // 1024} KB (< {SNAP_LIMIT // 1024} KB)", size < SNAP_LIMIT)

    def norm(doc):
        if isinstance(doc, dict):
            return {k: norm(v) for k, v in doc.items() if k != "source"}
        if isinstance(doc, list):
            return [norm(v) for v in doc]
        if isinstance(doc, str):
            return (doc.replace("not present in the snapshot", "not present on this machine")
                    .replace("present (snapshot placeholder)", "character device"))
        return doc

    def same(live, replay, what):
        a = json.dumps(norm(live), indent=1, sort_keys=True).splitlines()
        b = json.dumps(norm(replay), indent=1, sort_keys=True).splitlines()
        diff = list(difflib.unified_diff(a, b, "live", "--root", lineterm="", n=1))
        check(what, not diff, diff)

    prc, out, perr = run_tool("--root", snap, "--format", "json")
    try:
        replay = json.loads(out)
    except ValueError:
        not_ok("--root on the capture", [f"exit {prc}", *perr.splitlines()[-5:]])
        return
    same(rep, replay, "--root on the capture = the live report (but \"source\")")
    g_live, _ = load_json("groups.json")
    prc, out, perr = run_tool("groups", "--root", snap, "--format", "json")
    try:
        same(g_live, json.loads(out), "groups --root on the capture = live groups")
    except ValueError:
        not_ok("groups --root on the capture", [f"exit {prc}", *perr.splitlines()[-5:]])

    # -- the same PCI facts through an `lspci -xxxx` paste
    dump = os.path.join(OUT, "lspci-xxxx.txt")
    if not os.path.exists(dump) or not os.path.getsize(dump):
        skip("--lspci-dump", "no lspci -xxxx output")
    else:
        prc, out, perr = run_tool("--root", snap, "--lspci-dump", dump, "--format", "json")
        try:
            d = json.loads(out)
            dpart = partition(g["devices"] for g in d["groups"]["predicted"] or [])
            check("--lspci-dump of lspci -xxxx predicts the live run's partition",
                  dpart == pred, partition_diff(pred, dpart, "live", "lspci-dump"))
        except (ValueError, KeyError, TypeError):
            not_ok("--lspci-dump on lspci -xxxx", [f"exit {prc}", *perr.splitlines()[-5:]])


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a broken assertion script is a failure, not a pass
        not_ok(f"assert.py crashed: {type(e).__name__}: {e}")
    print(f"assert: {counts['passed']} passed, {counts['failed']} failed, "
          f"{counts['skipped']} skipped")
