#!/usr/bin/env python3
"""Helpers for bench/slack-load.sh (standard library only).

  sign-many --secret S --team T --text X --response-url U --count N --seed S --out F
            N signed copies of one slash command, each with its own trigger_id, for bench/requests.lua.
  sign      --secret S --team T --text X --response-url U [--ts N]
            prints shell assignments SLACK_TS, SLACK_SIG, SLACK_BODY for a slash command body exactly as Slack
            sends it, signed with Slack's v0 scheme: v0=hex(HMAC-SHA256(secret, "v0:{ts}:{body}")).
  title     FILE          prints the first block's header text of a Slack response body (or "-" when none).
  sink      --port-file F --log L
            a tiny HTTP server standing in for Slack's response_url and Web API (with files.getUploadURLExternal's
            upload_url and file_id, so a chart uploads once and is reused): answers 200 {"ok":true} and
            appends one JSON line per POST (path, arrival time, first header) to L. Its port is written to F.
  cpu-snap  PID...        prints "wall-seconds busy-ticks ticks-of-PIDs" (from /proc) for the noise estimate.
  wrk       FILE --label L --store S [--cpu-before SNAP --cpu-after SNAP --wrk-cpu FILE]
            parses `wrk --latency` output into one JSON line (requests/s, p50/p99 in ms, errors, and the share of
            the machine's CPU that processes other than the host, wrk and the store used during the run).
  table     RESULTS_JSONL  prints the Markdown results table.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import re
import shlex
import statistics
import sys
import threading
import time
import urllib.parse


def slash_body(team, text, response_url, trigger_id="13345224609.738474920.8088930838d88f008e0"):
    # Field order and names as Slack posts them (application/x-www-form-urlencoded).
    fields = [
        ("token", "gIkuvaNzQIHg97ATvDxqgjtO"),
        ("team_id", team),
        ("team_domain", "bench"),
        ("channel_id", "C0BENCH01"),
        ("channel_name", "momentum-bench"),
        ("user_id", "U0BENCH01"),
        ("user_name", "bench"),
        ("command", "/momentum"),
        ("text", text),
        ("api_app_id", "A0BENCH01"),
        ("is_enterprise_install", "false"),
        ("response_url", response_url),
        ("trigger_id", trigger_id),
    ]
    return urllib.parse.urlencode(fields, quote_via=urllib.parse.quote_plus)


def cmd_sign(args):
    ts = str(args.ts if args.ts is not None else int(time.time()))
    body = slash_body(args.team, args.text, args.response_url)
    mac = hmac.new(args.secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    print(f"SLACK_TS={shlex.quote(ts)}")
    print(f"SLACK_SIG={shlex.quote('v0=' + mac)}")
    print(f"SLACK_BODY={shlex.quote(body)}")


def cmd_sign_many(args):
    """COUNT copies of one slash command, each with its own trigger_id (so its own signature), signed now, one per line
    as "ts<TAB>sig<TAB>body" for bench/requests.lua. trigger_id is the body's last field, so the rest is built once."""
    ts = str(int(time.time()))
    marker = "TRIGGER"
    body = slash_body(args.team, args.text, args.response_url, trigger_id=marker)
    assert body.endswith("trigger_id=" + marker)
    head = body[: -len(marker)]
    key = args.secret.encode()
    prefix = hmac.new(key, f"v0:{ts}:{head}".encode(), hashlib.sha256)
    with open(args.out, "w") as out:
        for i in range(args.count):
            trigger = f"{args.seed}.{i}.bench"
            mac = prefix.copy()
            mac.update(trigger.encode())
            out.write(f"{ts}\tv0={mac.hexdigest()}\t{head}{trigger}\n")


def cmd_sign_batch(args):
    """stdin: lines "team<TAB>text<TAB>hook"; stdout: "team<TAB>text<TAB>hook<TAB>ts<TAB>sig<TAB>body", signed now."""
    ts = str(int(time.time()))
    for line in sys.stdin:
        if not line.strip():
            continue
        team, text, hook = line.rstrip("\n").split("\t")
        body = slash_body(team, text, f"{args.sink}/hook/{hook}")
        mac = hmac.new(args.secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
        print("\t".join([team, text, hook, ts, "v0=" + mac, body]))


def cmd_cold_collect(args):
    """Joins the cold requests (signed list, curl timings, answer bodies) with the sink's deliveries."""
    arrivals = {}
    for l in open(args.sink_log):
        if l.strip():
            e = json.loads(l)
            arrivals.setdefault(e["path"], e)
    signed = [l.rstrip("\n").split("\t") for l in open(args.signed) if l.strip()]
    timings = [l.split() for l in open(args.timings) if l.strip()]
    with open(args.results, "a") as out:
        for i, ((team, text, hook, *_), (sent, status, secs)) in enumerate(zip(signed, timings), 1):
            with open(f"{args.bodies}/cold-{i}.json", "rb") as f:
                title = first_header(f.read())
            row = {"kind": "cold", "store": args.store, "text": text, "team": team, "status": int(status),
                   "ms": float(secs) * 1000, "title": title}
            if (e := arrivals.get(f"/hook/{hook}")) is not None:
                row["final_after_s"] = e["at"] - float(sent)
                row["final"] = e["title"]
            out.write(json.dumps(row) + "\n")
            print(f"cold {text} ({team}): HTTP {status} in {float(secs) * 1000:.1f} ms, {title}"
                  + (f"; final reply after {row['final_after_s']:.1f} s: {row['final']}" if "final" in row else ""), file=sys.stderr)


def first_header(data):
    try:
        doc = json.loads(data)
        for block in doc.get("blocks", []):
            if block.get("type") == "header":
                return block["text"]["text"]
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return "-"


def cmd_title(args):
    with open(args.file, "rb") as f:
        print(first_header(f.read()))


def cmd_sink(args):
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length)
            line = json.dumps({"path": self.path, "at": time.time(), "title": first_header(data)})
            with lock, open(args.log, "a") as log:
                log.write(line + "\n")
            answer = b'{"ok":true}'
            if self.path.endswith("/files.getUploadURLExternal"):
                # Slack's upload flow: an upload URL (here, on this sink) and a file id; the bytes then go to the URL.
                host, port = self.server.server_address[:2]
                file_id = "F" + hashlib.sha1(data).hexdigest()[:10].upper()
                answer = json.dumps({"ok": True, "upload_url": f"http://{host}:{port}/upload/{file_id}", "file_id": file_id}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


def cmd_cpu_snap(args):
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    busy = v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)  # user nice system irq softirq steal
    ours = 0
    for pid in args.pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ours += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    print(f"{time.time():.3f} {busy} {ours}")


def other_cpu(before, after, wrk_cpu_file):
    """Share of all cores used by other processes during the run (0..1), or None."""
    import os
    try:
        w0, b0, o0 = (float(x) for x in before.split())
        w1, b1, o1 = (float(x) for x in after.split())
        with open(wrk_cpu_file) as f:
            user, system = (float(x) for x in f.read().split()[-2:])
    except (ValueError, OSError, AttributeError):
        return None
    hz = os.sysconf("SC_CLK_TCK")
    others = (b1 - b0) / hz - (o1 - o0) / hz - (user + system)
    return max(0.0, others) / ((w1 - w0) * (os.cpu_count() or 1))


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def cmd_wrk(args):
    out = open(args.file).read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    replayed = re.search(r"Replayed requests: (\d+)", out)
    result = {
        "label": args.label,
        "store": args.store,
        "round": args.round,
        "rps": float(rps.group(1)) if rps else None,
        "p50": to_ms(pct["50"]) if "50" in pct else None,
        "p99": to_ms(pct["99"]) if "99" in pct else None,
        "requests": int(total.group(1)) if total else None,
        # A replay is answered with an empty 200 without running the command: not the path being measured.
        "replayed": int(replayed.group(1)) if replayed else 0,
        "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
        + (int(replayed.group(1)) if replayed else 0),
        "other_cpu": other_cpu(args.cpu_before, args.cpu_after, args.wrk_cpu) if args.wrk_cpu else None,
    }
    if args.human:
        noise = "" if result["other_cpu"] is None else f", other processes {result['other_cpu']:.0%} CPU"
        replays = f" (of them {result['replayed']} replays: raise SIGNED_RATE)" if result["replayed"] else ""
        print(f"{fmt(result['rps'], 0)} req/s, p50 {fmt(result['p50'])} ms, p99 {fmt(result['p99'])} ms, errors {result['errors']}{replays}{noise}")
    else:
        print(json.dumps(result))


def fmt(v, digits=2):
    return "n/a" if v is None else f"{v:,.{digits}f}"


def telemetry_cost(load):
    """TELEMETRY=both: (a)'s requests/s with telemetry off against on, per round, and the median of the rounds."""
    verdicts = []
    stores = dict.fromkeys(r["store"][: -len("_telon")] for r in load if r["store"].endswith("_telon"))
    for base in stores:
        def a_rps(label, rnd):
            row = next((r for r in load if r["store"] == label and r["round"] == rnd and r["label"].startswith("(a)")), None)
            return row["rps"] if row and row["rps"] else None
        pairs = []
        for rnd in dict.fromkeys(r["round"] for r in load if r["store"] == base + "_telon"):
            on, off = a_rps(base + "_telon", rnd), a_rps(base + "_teloff", rnd)
            if on and off:
                pairs.append((rnd, on, off, 1 - on / off))
        if not pairs:
            continue
        print()
        print("| store | round | (a) telemetry on | (a) telemetry off | cost | goal ≤ 5 % |")
        print("|---|---|---:|---:|---:|---|")
        for rnd, on, off, cost in pairs:
            print(f"| {base} | {rnd} | {on:,.0f} | {off:,.0f} | {cost:.1%} | |")
        median = statistics.median(cost for *_, cost in pairs)
        print(f"| {base} | median of the rounds | | | {median:.1%} | |")
        # The verdict is on the rounds' totals: the order alternates (on, off | off, on | …), so a drift in the machine's
        # load falls on both sides of the sum alike, while one round's difference carries it whole.
        on, off = sum(p[1] for p in pairs), sum(p[2] for p in pairs)
        total = 1 - on / off
        ok = total <= 0.05
        verdicts.append(ok)
        print(f"| {base} | all rounds | {on:,.0f} | {off:,.0f} | {total:.1%} | {'met' if ok else 'MISSED'} |")
    return verdicts


def cmd_table(args):
    rows = [json.loads(l) for l in open(args.file) if l.strip()]
    load = [r for r in rows if r.get("kind", "wrk") == "wrk"]
    cold = [r for r in rows if r.get("kind") == "cold"]
    verdicts = []
    print("| store | round | endpoint | requests/s | p50 ms | p99 ms | errors | other processes' CPU |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for r in load:
        noise = "n/a" if r.get("other_cpu") is None else f"{r['other_cpu']:.0%}"
        print(f"| {r['store']} | {r['round']} | {r['label']} | {fmt(r['rps'], 0)} | {fmt(r['p50'])} | {fmt(r['p99'])} | {r['errors']} | {noise} |")
    print()
    print("| store | round | (a)/(b) throughput | goal ≥ 50 % | (a) p99 | goal ≤ 10 ms |")
    print("|---|---|---:|---|---:|---|")
    for store in dict.fromkeys(r["store"] for r in load):
        for rnd in dict.fromkeys(r["round"] for r in load if r["store"] == store):
            a = next((r for r in load if r["store"] == store and r["round"] == rnd and r["label"].startswith("(a)")), None)
            b = next((r for r in load if r["store"] == store and r["round"] == rnd and r["label"].startswith("(b)")), None)
            if not a or not b or not a["rps"] or not b["rps"]:
                continue
            ratio = a["rps"] / b["rps"]
            ok_ratio, ok_p99 = ratio >= 0.5 and a["errors"] == 0, a["p99"] is not None and a["p99"] <= 10
            verdicts += [ok_ratio, ok_p99]
            print(f"| {store} | {rnd} | {ratio:.1%} | {'met' if ok_ratio else 'MISSED'} | {fmt(a['p99'])} ms | {'met' if ok_p99 else 'MISSED'} |")
        a_rows = [r for r in load if r["store"] == store and r["label"].startswith("(a)") and r["rps"]]
        b_rows = [r for r in load if r["store"] == store and r["label"].startswith("(b)") and r["rps"]]
        if len(a_rows) > 1 and b_rows:
            a_med, b_med = statistics.median(r["rps"] for r in a_rows), statistics.median(r["rps"] for r in b_rows)
            p99_med = statistics.median(r["p99"] for r in a_rows)
            print(f"| {store} | median | {a_med / b_med:.1%} ({a_med:,.0f} vs {b_med:,.0f}/s) | | {fmt(p99_med)} ms | |")
    verdicts += telemetry_cost(load)
    if cold:
        print()
        print("| store | cold command | team | HTTP | ack ms | answer | final reply after s |")
        print("|---|---|---|---:|---:|---|---:|")
        for r in cold:
            after = fmt(r.get("final_after_s"), 1) if r.get("final_after_s") is not None else "—"
            answer = r["title"] + (f" → {r['final']}" if r.get("final") else "")
            if not r["title"].startswith("Working on it"):
                answer += " (already scanned: not a cold ack)"
            print(f"| {r['store']} | `{r['text']}` | {r['team']} | {r['status']} | {r['ms']:.1f} | {answer} | {after} |")
        print()
        print("| store | cold acks (\"Working on it…\") | p50 ms | max ms | goal ≤ 300 ms |")
        print("|---|---:|---:|---:|---|")
        for store in dict.fromkeys(r["store"] for r in cold):
            acked = [r["ms"] for r in cold if r["store"] == store and r["title"].startswith("Working on it")]
            if not acked:
                print(f"| {store} | 0 | n/a | n/a | MISSED (nothing was acked) |")
                verdicts.append(False)
                continue
            ok = max(acked) <= 300
            verdicts.append(ok)
            print(f"| {store} | {len(acked)} | {statistics.median(acked):.1f} | {max(acked):.1f} | {'met' if ok else 'MISSED'} |")
    return 0 if verdicts and all(verdicts) else 3


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sign")
    s.add_argument("--secret", required=True)
    s.add_argument("--team", required=True)
    s.add_argument("--text", required=True)
    s.add_argument("--response-url", required=True)
    s.add_argument("--ts", type=int)
    s.set_defaults(fn=cmd_sign)
    s = sub.add_parser("sign-many")
    s.add_argument("--secret", required=True)
    s.add_argument("--team", required=True)
    s.add_argument("--text", required=True)
    s.add_argument("--response-url", required=True)
    s.add_argument("--count", type=int, required=True)
    s.add_argument("--seed", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(fn=cmd_sign_many)
    s = sub.add_parser("sign-batch")
    s.add_argument("--secret", required=True)
    s.add_argument("--sink", required=True)
    s.set_defaults(fn=cmd_sign_batch)
    s = sub.add_parser("cold-collect")
    s.add_argument("--signed", required=True)
    s.add_argument("--timings", required=True)
    s.add_argument("--bodies", required=True)
    s.add_argument("--sink-log", required=True)
    s.add_argument("--results", required=True)
    s.add_argument("--store", required=True)
    s.set_defaults(fn=cmd_cold_collect)
    s = sub.add_parser("title")
    s.add_argument("file")
    s.set_defaults(fn=cmd_title)
    s = sub.add_parser("sink")
    s.add_argument("--port-file", required=True)
    s.add_argument("--log", required=True)
    s.set_defaults(fn=cmd_sink)
    s = sub.add_parser("wrk")
    s.add_argument("file")
    s.add_argument("--label", required=True)
    s.add_argument("--store", required=True)
    s.add_argument("--round", default="1")
    s.add_argument("--human", action="store_true")
    s.add_argument("--cpu-before")
    s.add_argument("--cpu-after")
    s.add_argument("--wrk-cpu")
    s.set_defaults(fn=cmd_wrk)
    s = sub.add_parser("cpu-snap")
    s.add_argument("pids", nargs="*")
    s.set_defaults(fn=cmd_cpu_snap)
    s = sub.add_parser("table")
    s.add_argument("file")
    s.set_defaults(fn=cmd_table)
    args = p.parse_args()
    sys.exit(args.fn(args) or 0)


if __name__ == "__main__":
    main()
