"""JupyterHub configuration for the course on one machine: local accounts, local servers.

This is the set-up that tests/hub runs end to end (a real hub, configurable-http-proxy, an
instructor and students as system users). It suits one server for a class (The Littlest
JupyterHub makes the same choices); see README.md, "Deploying the course", for the class
sizes one machine holds and for Kubernetes beyond that.

Start it as root from a folder of its own (it keeps jupyterhub.sqlite and the cookie secret
there), with the Python environment that has jupyterhub, nbgrader and the course installed:

    jupyterhub -f /path/to/course/jupyterhub_config.py

Everything that differs between machines comes from environment variables:

    RUNNING_COURSE_HUB_IP        address the hub listens on (default 127.0.0.1; 0.0.0.0 behind TLS)
    RUNNING_COURSE_HUB_PORT      its public port (default 8000)
    RUNNING_COURSE_HUB_INTERNAL_PORT, RUNNING_COURSE_PROXY_API_PORT
                                 the hub's and the proxy's own ports (default 8081, 8001)
    RUNNING_COURSE_PROXY         the configurable-http-proxy program (default: found on PATH)
    RUNNING_COURSE_INSTRUCTORS   comma-separated accounts that grade (hub admins, formgrader)
    RUNNING_COURSE_STUDENTS      comma-separated student accounts allowed to log in
    RUNNING_COURSE_DIR           the instructor's course folder (with nbgrader_config.py);
                                 an instructor's server starts there, so the formgrader finds it
    RUNNING_COURSE_EXCHANGE      the nbgrader exchange (default /srv/nbgrader/exchange)
    RUNNING_COURSE_HUB_API_TOKEN a secret for the "course-admin" service (scripts that create
                                 accounts and start servers through the REST API); no service if unset

Accounts are the machine's own (PAM log-in with the system password).

Students' nbgrader commands (fetch, submit, fetch_feedback, the Assignments tab) need the
exchange and the course id; put them in the environment's ``etc/jupyter/nbgrader_config.py``:

    c = get_config()
    c.CourseDirectory.course_id = "running-technique"
    c.Exchange.root = "/srv/nbgrader/exchange"
"""

import os
import sys

c = get_config()  # noqa: F821  (provided by traitlets when JupyterHub loads this file)


def _names(variable: str) -> set[str]:
    return {name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()}


INSTRUCTORS = _names("RUNNING_COURSE_INSTRUCTORS")
STUDENTS = _names("RUNNING_COURSE_STUDENTS")
COURSE_DIR = os.environ.get("RUNNING_COURSE_DIR", "")
EXCHANGE = os.environ.get("RUNNING_COURSE_EXCHANGE", "/srv/nbgrader/exchange")

# --- network ------------------------------------------------------------------------------
# Loopback by default: put a TLS-terminating web server (or TLJH's Traefik) in front before
# opening it to a class.
c.JupyterHub.ip = os.environ.get("RUNNING_COURSE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("RUNNING_COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("RUNNING_COURSE_HUB_INTERNAL_PORT", "8081"))
# configurable-http-proxy (npm) routes /user/<name>/ to each student's own server.
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('RUNNING_COURSE_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [os.environ.get("RUNNING_COURSE_PROXY", "configurable-http-proxy")]
# The hub stops the servers it started when it stops (a restart for maintenance keeps them
# with False; here a stopped hub leaves nothing running).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- who may log in ------------------------------------------------------------------------
# The default authenticator (PAM) checks the machine's own passwords.
c.Authenticator.allowed_users = INSTRUCTORS | STUDENTS
c.Authenticator.admin_users = set(INSTRUCTORS)

# --- each user's own server -----------------------------------------------------------------
# One process per user, running as that user (LocalProcessSpawner, the default): a student
# cannot read another's home, the instructor's course folder or the gradebook.
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [os.path.join(sys.prefix, "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
# A server is ready in 5-7.5 s on an idle 2-core machine and costs about 3 CPU s to start: 32 asked
# for at once all answered within 70 s there, 64 exceeded 120 s (benchmarks/hub_scale.py).
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.environment = {"RUNNING_COURSE_EXCHANGE": EXCHANGE}
# Measured: an idle server takes about 155 MB, each explorer kernel about 100 MB more. A
# single machine cannot enforce these (LocalProcessSpawner ignores mem_limit); Kubernetes
# (Zero to JupyterHub) does: singleuser.memory.limit there.


def _start_in_course_folder(spawner):
    """An instructor's server starts in the course folder: the formgrader reads its nbgrader_config.py."""
    if spawner.user.name in INSTRUCTORS and COURSE_DIR:
        spawner.notebook_dir = COURSE_DIR


c.Spawner.pre_spawn_hook = _start_in_course_folder

# --- a service account for scripts ----------------------------------------------------------
# Creating accounts and starting servers through the REST API (POST /hub/api/users/<name>/server),
# with the least rights that needs.
if os.environ.get("RUNNING_COURSE_HUB_API_TOKEN"):
    c.JupyterHub.services = [{"name": "course-admin", "api_token": os.environ["RUNNING_COURSE_HUB_API_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "course-admin",
        "description": "create course accounts, start and reach their servers",
        "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"],
        "services": ["course-admin"],
    }]
