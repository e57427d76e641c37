"""Benchmark: the hub's time to spawn and serve N students at once (issue 12, item 8).

Steps:
1. build the hub's environment the way tests/hub does (tests/support/hub_machine.py: a venv
   from /usr/bin/python3 under /opt with jupyterhub, nbgrader, notebook, jupyterlab and this
   project's wheel, configurable-http-proxy from npm), or reuse one kept with ``--keep-env``;
2. create max(N) student accounts (useradd, unique names rtc<tag>s<k>) and start JupyterHub on
   127.0.0.1 with course/jupyterhub_config.py (local process spawner, one server per student);
3. for each N in order, after checking that the memory available holds N more servers:
   a. ask for all N servers at once (one POST /hub/api/users/<name>/server per student, each
      in its own thread, with the course-admin service's token);
   b. for each, the seconds from its request until GET /user/<name>/api/status answers 200
      through the proxy (the hub's user list is polled twice a second; a server the hub marks
      ready is then asked through the proxy until it answers);
   c. three seconds later: the RSS and PSS of each student's server (all that user's
      processes) and of the hub and the proxy, and the CPU seconds each server used to start;
   d. the seconds for all N servers to answer one more request at once (GET /user/<name>/lab
      through the proxy, and GET /user/<name>/api/status);
   e. stop all N (DELETE .../server) and wait until their processes are gone;
   and stop early, saying why, when a spawn fails or the memory would run short.
4. At the end (also on Ctrl-C, SIGTERM or an error): the hub and its proxy stopped, every
   student's processes killed, the accounts removed (userdel -r), the folders under /opt
   removed (the environment too unless ``--keep-env``).

Usage (as root, from the repository's root):
    .venv/bin/python benchmarks/hub_scale.py --students 1,4,8,16 [--keep-env /opt/rtc-hub-bench-env]
Library use (benchmarks/class_scale.py --hub-students): ``print_spawns(measure_spawns([1, 4, 8]))``.
The machine is shared: wall seconds come with CPU seconds and the load average; speed is
printed, never asserted (DESIGN.md section 7).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.hub_machine import (
    Hub,
    cannot_create_users,
    hub_environment,
    pids_of,
    running_hub,
    system_users,
    unique_tag,
    work_folder,
)

MIB = 1024 * 1024
RESERVE_MIB = 1536  # left for the system, the hub and everyone else on the machine
FIRST_GUESS_MIB = 200  # per server before one was measured (idle: ~150 MiB RSS measured here)
HEADROOM = 1.25  # on the per-server figure: servers grow a little once used
SPAWN_TIMEOUT_S = 180  # the config's start_timeout is 120 s; allow the proxy check on top
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- what the machine says ----------------------------------------------------------------------
def mem_available_mib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no MemAvailable in /proc/meminfo")


def _memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MiB; PSS shares each shared page among its users."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss / 1024, pss / 1024


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used (and its waited-for children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15]) / CLOCK_TICKS  # utime stime cutime cstime


def _usage(pids: list[int]) -> dict[str, float]:
    memory = [_memory_mib(pid) for pid in pids]
    return {"rss_mib": sum(m[0] for m in memory), "pss_mib": sum(m[1] for m in memory),
            "cpu_s": sum(_cpu_s(pid) for pid in pids)}


# --- requests through the proxy -------------------------------------------------------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect (to the hub's spawn page) is not an answer
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _through_proxy(hub: Hub, path: str, timeout: float = 60) -> int:
    """Status of GET <hub><path> with the token, redirects not followed (0 when the connection fails)."""
    request = urllib.request.Request(f"{hub.url}{path}", headers={"Authorization": f"token {hub.token}"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _all_at_once(hub: Hub, names: list[str], path: str) -> tuple[float, dict[str, int]]:
    """Seconds until every server answered GET /user/<name><path>, asked all at once; statuses."""
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        started = time.monotonic()
        futures = {name: pool.submit(_through_proxy, hub, f"/user/{name}{path}") for name in names}
        statuses = {name: future.result() for name, future in futures.items()}
        return time.monotonic() - started, statuses


# --- one round: N servers -------------------------------------------------------------------------
def _spawn_all(hub: Hub, names: list[str]) -> tuple[dict[str, float], dict[str, float], dict[str, str]]:
    """Ask for every server at once; (seconds to hub-ready, seconds to answering, failures)."""
    requested: dict[str, float] = {}

    def request(name: str):
        requested[name] = time.monotonic()
        return hub.api("POST", f"/users/{name}/server", timeout=60)

    ready: dict[str, float] = {}
    answered: dict[str, float] = {}
    failed: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        posts = {name: pool.submit(request, name) for name in names}
        deadline = time.monotonic() + SPAWN_TIMEOUT_S
        while len(answered) + len(failed) < len(names) and time.monotonic() < deadline:
            time.sleep(0.5)
            status, users = hub.api("GET", "/users")
            servers = {user["name"]: user.get("servers", {}).get("") for user in users} if status == 200 else {}
            for name in names:
                if name in answered or name in failed or not posts[name].done():
                    continue
                post_status, body = posts[name].result()
                if post_status not in (201, 202):
                    failed[name] = f"POST answered {post_status}: {str(body)[:200]}"
                    continue
                server = servers.get(name)
                if status == 200 and not server:
                    failed[name] = "the hub dropped the server while it was starting (see the hub's log)"
                elif server and server.get("ready"):
                    ready.setdefault(name, time.monotonic() - requested[name])
                    if _through_proxy(hub, f"/user/{name}/api/status", timeout=30) == 200:
                        answered[name] = time.monotonic() - requested[name]
        for name in names:
            if name not in answered and name not in failed:
                failed[name] = f"no answer within {SPAWN_TIMEOUT_S} s"
    return ready, answered, failed


def _stop_all(hub: Hub, names: list[str], timeout: float = 120) -> float:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        list(pool.map(lambda name: hub.api("DELETE", f"/users/{name}/server", timeout=60), names))
    deadline = time.monotonic() + timeout
    while any(pids_of(name) for name in names) and time.monotonic() < deadline:
        time.sleep(0.5)
    left = [name for name in names if pids_of(name)]
    if left:
        raise RuntimeError(f"servers still running {timeout} s after the hub was asked to stop them: {left}")
    return time.monotonic() - started


def _spread(values) -> dict[str, float]:
    values = sorted(values)
    if not values:
        return {}
    return {"min": round(values[0], 2), "median": round(statistics.median(values), 2), "max": round(values[-1], 2)}


def _round(hub: Hub, names: list[str], log) -> dict:
    row: dict = {"students": len(names), "load_average_before": round(os.getloadavg()[0], 2),
                 "mem_available_mib_before": round(mem_available_mib())}
    hub_before = _cpu_s(hub.process.pid)
    ready, answered, failed = _spawn_all(hub, names)
    row["hub_ready_s"] = _spread(ready.values())
    row["answer_s"] = _spread(answered.values())
    row["answer_s_each"] = {name: round(seconds, 2) for name, seconds in sorted(answered.items())}
    row["failed"] = failed
    if failed:  # the hub's own words on the first failures (the log goes with the hub's folder)
        row["hub_log_errors"] = [line for line in hub.log().splitlines()
                                 if any(name in line for name in failed)
                                 and any(word in line for word in ("ERROR", "Timeout", "failed"))][:5]
    log(f"  N={len(names)}: {len(answered)} answering, {len(failed)} failed; "
        f"answer s {row['answer_s']}")
    time.sleep(3)  # settle before measuring an idle server
    usage = {name: _usage(pids_of(name)) for name in answered}
    row["server_rss_mib"] = _spread(u["rss_mib"] for u in usage.values())
    row["server_pss_mib"] = _spread(u["pss_mib"] for u in usage.values())
    row["server_start_cpu_s"] = _spread(u["cpu_s"] for u in usage.values())
    row["server_start_cpu_s_total"] = round(sum(u["cpu_s"] for u in usage.values()), 1)
    proxy = hub.proxy_pid()
    row["hub"] = {k: round(v, 1) for k, v in _usage([hub.process.pid]).items()}
    row["hub"]["cpu_s_this_round"] = round(_cpu_s(hub.process.pid) - hub_before, 1)
    row["proxy"] = {k: round(v, 1) for k, v in _usage([proxy] if proxy else []).items()}
    row["mem_available_mib_servers_up"] = round(mem_available_mib())
    if answered:
        up = sorted(answered)
        seconds, statuses = _all_at_once(hub, up, "/lab")
        row["all_lab_s"] = round(seconds, 2)
        row["all_lab_not_200"] = {n: s for n, s in statuses.items() if s != 200}
        seconds, statuses = _all_at_once(hub, up, "/api/status")
        row["all_status_s"] = round(seconds, 2)
        row["all_status_not_200"] = {n: s for n, s in statuses.items() if s != 200}
    row["stop_s"] = round(_stop_all(hub, names), 2)
    return row


# --- the whole run ------------------------------------------------------------------------------
def measure_spawns(counts: list[int], keep_env: Path | None = None, log=print) -> list[dict]:
    """One row per N (in the order given) until a spawn fails or memory would run short.

    Builds (or, with ``keep_env``, reuses) the hub's environment, creates max(counts) student
    accounts, starts one hub for all rounds and removes everything at the end, whatever
    happened. The row after the last one measured (if any) says why the run stopped:
    ``{"students": N, "stopped": reason}``.
    """
    reason = cannot_create_users()
    if reason:
        raise RuntimeError(f"the hub cannot run here: {reason}")
    counts = [int(n) for n in counts]
    if not counts or min(counts) < 1:
        raise ValueError(f"counts={counts!r}: give one or more student counts of at least 1")
    rows: list[dict] = []
    tag = unique_tag()
    students = [f"rtc{tag}s{k}" for k in range(1, max(counts) + 1)]
    with contextlib.ExitStack() as stack:  # left in reverse: hub, accounts, folder, environment
        log(f"environment: {'reusing or building ' + str(keep_env) if keep_env else 'building under /opt'} ...")
        started = time.monotonic()
        env, proxy = stack.enter_context(hub_environment(keep=keep_env))
        log(f"  ready in {time.monotonic() - started:.0f} s")
        workdir = stack.enter_context(work_folder("rtc-hub-bench-"))
        stack.enter_context(system_users(students))
        log(f"{len(students)} accounts rtc{tag}s1..{len(students)} created; starting the hub ...")
        hub = stack.enter_context(running_hub(env, proxy, workdir, students=students))
        per_server_mib = FIRST_GUESS_MIB
        for n in counts:
            need = n * per_server_mib * HEADROOM + RESERVE_MIB
            available = mem_available_mib()
            if need > available:
                rows.append({"students": n, "stopped": f"{n} servers would need about {need:.0f} MiB "
                             f"({per_server_mib:.0f} MiB each, x{HEADROOM}, + {RESERVE_MIB} MiB reserve); "
                             f"{available:.0f} MiB available"})
                break
            log(f"N={n}: asking for {n} servers at once ...")
            row = _round(hub, students[:n], log)
            rows.append(row)
            if row["server_pss_mib"]:
                per_server_mib = max(per_server_mib, row["server_rss_mib"]["max"])
            if row["failed"]:
                rows.append({"students": n, "stopped": f"{len(row['failed'])} of {n} spawns failed: "
                             + "; ".join(f"{k}: {v}" for k, v in list(row["failed"].items())[:3])})
                log("\n".join(row.get("hub_log_errors", [])))
                break
    return rows


def _spread_text(spread: dict[str, float], number_format: str, keys=("min", "median", "max")) -> str:
    return "/".join(format(spread[key], number_format) for key in keys) if spread else "-"


def print_spawns(rows: list[dict]) -> None:
    """The rows of measure_spawns as a table, then the per-server memory beside the README's figure."""
    print("\nJupyterHub: N students' servers asked for at once (local process spawner, loopback)")
    print(f"{'N':>3} {'ok':>3} {'answer s min/med/max':>22} {'srv RSS MiB med/max':>20} {'srv PSS med':>11} "
          f"{'start CPU s med':>15} {'hub+proxy RSS':>13} {'all /lab s':>10} {'all status s':>12} "
          f"{'stop s':>6} {'load':>5}")
    for row in rows:
        if "stopped" in row:
            print(f"{row['students']:>3} stopped: {row['stopped']}")
            continue
        ok = row["students"] - len(row["failed"])
        print(f"{row['students']:>3} {ok:>3} {_spread_text(row['answer_s'], '.1f'):>22} "
              f"{_spread_text(row['server_rss_mib'], '.0f', ('median', 'max')):>20} "
              f"{_spread_text(row['server_pss_mib'], '.0f', ('median',)):>11} "
              f"{_spread_text(row['server_start_cpu_s'], '.1f', ('median',)):>15} "
              f"{row['hub']['rss_mib'] + row['proxy']['rss_mib']:>13.0f} {row.get('all_lab_s', float('nan')):>10.2f} "
              f"{row.get('all_status_s', float('nan')):>12.2f} {row['stop_s']:>6.1f} {row['load_average_before']:>5.2f}")
    measured = [row for row in rows if "stopped" not in row and row["server_rss_mib"]]
    if measured:
        rss = statistics.median(row["server_rss_mib"]["median"] for row in measured)
        pss = statistics.median(row["server_pss_mib"]["median"] for row in measured)
        print(f"\nidle server: RSS {rss:.0f} MiB ({rss * MIB / 1e6:.0f} MB), PSS {pss:.0f} MiB "
              f"(README's capacity table counts about 155 MB idle, 250 MB with one notebook open)")
        for row in measured:
            print(f"  N={row['students']}: CPU to start all servers {row['server_start_cpu_s_total']} s, "
                  f"hub CPU {row['hub']['cpu_s_this_round']} s; memory available "
                  f"{row['mem_available_mib_before']} -> {row['mem_available_mib_servers_up']} MiB")
            if any(row.get(key) for key in ("all_lab_not_200", "all_status_not_200")):
                print(f"    not 200: /lab {row['all_lab_not_200']}, /api/status {row['all_status_not_200']}")


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", default="1,4,8", help="comma-separated N, in order (default 1,4,8)")
    parser.add_argument("--keep-env", type=Path, default=None, metavar="DIR",
                        help="build the hub's environment in DIR (under /opt) once and reuse it; left in place")
    args = parser.parse_args(argv)
    counts = [int(value) for value in args.students.split(",") if value.strip()]
    signal.signal(signal.SIGTERM, _raise_interrupt)  # clean up as on Ctrl-C
    started, cpu_started = time.monotonic(), time.process_time()
    rows = measure_spawns(counts, keep_env=args.keep_env)
    print_spawns(rows)
    print(f"\nwhole run: {time.monotonic() - started:.0f} s wall, this script's own CPU "
          f"{time.process_time() - cpu_started:.1f} s")
    if args.keep_env:
        print(f"environment kept in {args.keep_env} (remove it with: rm -rf {args.keep_env})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
