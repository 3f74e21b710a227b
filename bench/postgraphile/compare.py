#!/usr/bin/env python3
"""Side-by-side load: the same documents' equivalents against Tongxin and PostGraphile over one
PostgreSQL database, with wrk (same tool, same clients, same duration for both), reporting
requests/s, p50/p99 and CPU per request of the server and of PostgreSQL.

Usage: compare.py --tongxin URL --tongxin-pid PID --token TOKEN
                  --postgraphile URL --postgraphile-pid PID --max-person N [--clients 16,64]
"""
import argparse, json, os, statistics, subprocess, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TICK = os.sysconf("SC_CLK_TCK")
POSTMASTER = None  # set from --postmaster-pid

# (name, Tongxin document, PostGraphile document, variables; {{ID}} is a random person id)
WORKLOADS = [
    ("point",
     "query P($id: ID!) { node(id: $id) { ... on Person { id name region { code name } "
     "memberships(first: 20) { nodes { role organization { id name } } } } } }",
     "query P($id: BigInt!) { personByRowId(rowId: $id) { id name regionByRegionCode { code name } "
     "membershipsByPersonId(first: 20) { nodes { role organizationByOrganizationId { id name } } } } }",
     '{"id":"{{ID}}"}'),
    ("nested",
     "query N { people(filter: {withinRegion: \"620422\"}, orderBy: [{field: NAME}], first: 50) "
     "{ nodes { id name memberships(first: 10) { nodes { organization { id name "
     "pairings(first: 10) { nodes { status village { code name } } } } } } } } }",
     "query N { allPeople(filter: {regionCode: {startsWith: \"620422\"}, deletedAt: {isNull: true}}, "
     "orderBy: NAME_ASC, first: 50) { nodes { id name membershipsByPersonId(first: 10) { nodes { "
     "organizationByOrganizationId { id name pairingsByEnterpriseId(first: 10) { nodes { status "
     "regionByVillageCode { code name } } } } } } } } }",
     "{}"),
    ("aggregate",
     "query A { activitiesAggregate(groupBy: [COUNTY]) { groups { key count "
     "participantCount { sum } } } }",
     "query A { allActivities(filter: {deletedAt: {isNull: true}}) { groupedAggregates(groupBy: "
     "[COUNTY]) { keys distinctCount { rowId } sum { participantCount } } } }",
     "{}"),
    ("prefix",
     "query W { people(filter: {name: {startsWith: \"王建\"}}, first: 20) { nodes { id name "
     "region { code name } } } }",
     "query W { allPeople(filter: {name: {startsWith: \"王建\"}, deletedAt: {isNull: true}}, "
     "orderBy: NAME_ASC, first: 20) { nodes { id name regionByRegionCode { code name } } } }",
     "{}"),
    ("typename", "{ __typename }", "{ __typename }", "{}"),
]


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / TICK


def cluster_cpu_seconds(postmaster):
    """CPU of one PostgreSQL cluster: the postmaster, its live backends, and (through the
    postmaster's reaped-children times) the backends that ended meanwhile."""
    with open(f"/proc/{postmaster}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    reaped = (int(fields[13]) + int(fields[14])) / TICK
    out = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout
    return reaped + cpu_seconds([postmaster] + [int(p) for p in out.split()])


def check(url, query, variables, token, prefix):
    v = variables.replace("{{ID}}", "1" if not prefix else __import__("base64").urlsafe_b64encode(
        f"{prefix}1".encode()).decode().rstrip("="))
    req = urllib.request.Request(url, data=json.dumps({"query": query, "variables": json.loads(v)}).encode(),
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {token}"} if token else {})})
    body = json.loads(urllib.request.urlopen(req, timeout=60).read())
    if body.get("errors"):
        raise SystemExit(f"{url}: {query[:60]}… answered errors: {body['errors']}")


def run(url, pid, query, variables, token, prefix, clients, seconds, max_id):
    env = dict(os.environ, QUERY=query, VARS=variables, TOKEN=token or "",
               ID_PREFIX=prefix, MAX_ID=str(max_id))
    before = (cpu_seconds([pid]), cluster_cpu_seconds(POSTMASTER))
    out = subprocess.run(["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds}s",
                          "--latency", "-s", os.path.join(HERE, "post.lua"), url],
                         env=env, capture_output=True, text=True).stdout
    after = (cpu_seconds([pid]), cluster_cpu_seconds(POSTMASTER))
    line = next(l for l in out.splitlines() if l.startswith("RESULT"))
    fields = dict(kv.split("=") for kv in line.split()[1:])
    rps = float(fields["req/s"])
    n = max(rps * seconds, 1)
    return {"rps": rps, "p50": float(fields["p50_ms"]), "p99": float(fields["p99_ms"]),
            "errors": int(fields["errors"]),
            "server_ms": (after[0] - before[0]) * 1000 / n, "pg_ms": (after[1] - before[1]) * 1000 / n}


def median_of(runs):
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--tongxin", required=True)
    a.add_argument("--tongxin-pid", type=int, required=True)
    a.add_argument("--token", default="")
    a.add_argument("--postgraphile", required=True)
    a.add_argument("--postgraphile-pid", type=int, required=True)
    a.add_argument("--max-person", type=int, required=True)
    a.add_argument("--postmaster-pid", type=int, required=True,
                   help="the PostgreSQL cluster's postmaster (first line of postmaster.pid)")
    a.add_argument("--clients", default="16,64")
    a.add_argument("--seconds", type=int, default=10)
    a.add_argument("--repeat", type=int, default=2)
    a.add_argument("--only", default="")
    args = a.parse_args()
    global POSTMASTER
    POSTMASTER = args.postmaster_pid
    servers = [("Tongxin", args.tongxin, args.tongxin_pid, args.token, "Person:"),
               ("PostGraphile", args.postgraphile, args.postgraphile_pid, "", "")]
    print(f"# load average before: {open('/proc/loadavg').read().split()[:3]}")
    print("| workload | clients | server | req/s | p50 ms | p99 ms | errors | server CPU ms/req | PostgreSQL CPU ms/req |")
    print("|---|--:|---|--:|--:|--:|--:|--:|--:|")
    for name, tx, pg, variables in WORKLOADS:
        if args.only and name not in args.only.split(","):
            continue
        docs = {"Tongxin": tx, "PostGraphile": pg}
        for server, url, _, token, prefix in servers:
            pv = variables if server == "Tongxin" else variables.replace('"{{ID}}"', "{{ID}}")
            check(url, docs[server], pv, token, prefix if server == "Tongxin" else "")
        for clients in [int(c) for c in args.clients.split(",")]:
            results = {s[0]: [] for s in servers}
            for _ in range(args.repeat):  # interleaved, so both see the same machine
                for server, url, pid, token, prefix in servers:
                    pv = variables if server == "Tongxin" else variables.replace('"{{ID}}"', "{{ID}}")
                    results[server].append(run(url, pid, docs[server], pv, token,
                                               prefix if server == "Tongxin" else "",
                                               clients, args.seconds, args.max_person))
            for server, *_ in servers:
                m = median_of(results[server])
                print(f"| {name} | {clients} | {server} | {m['rps']:.0f} | {m['p50']:.1f} | {m['p99']:.1f} "
                      f"| {m['errors']:.0f} | {m['server_ms']:.2f} | {m['pg_ms']:.2f} |", flush=True)
    print(f"# load average after: {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
