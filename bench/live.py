"""The portal served as in production, for the benchmarks that measure it over HTTP.

`setup()` configures Django in this process exactly as the server will run: DEBUG off,
the shell's DATABASE_URL, static files collected in a scratch STATIC_ROOT, a scratch
MEDIA_ROOT. `server()` starts gunicorn with that environment. `logged_in()` makes a
session in-process, whose cookie the HTTP clients send: no password, so no lockout and
no login rate limit on the way.
"""

import atexit
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN_WORKERS = 2
USAGE = (
    "Set DATABASE_URL to an already filled PostgreSQL database, e.g. "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/hb_national (bench/README.md)."
)
_clients = []  # logged in by logged_in()


def setup(name):
    """Configure and start Django as `server()` will run it; return a scratch folder
    (removed at exit)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(USAGE)
    sys.path.insert(0, str(BASE_DIR))
    work_dir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    atexit.register(shutil.rmtree, work_dir, ignore_errors=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",  # wins over the .env of `make install`
        SECRET_KEY=secrets.token_urlsafe(50),
        # 127.0.0.1 for gunicorn, testserver for the in-process test client.
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SECURE_SSL_REDIRECT="false",  # plain HTTP: no TLS proxy in front
        STATIC_ROOT=str(work_dir / "static"),
        MEDIA_ROOT=str(work_dir / "media"),
    )
    os.environ.setdefault("CONN_MAX_AGE", "60")  # as .env.example sets it for production

    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)  # whitenoise's manifest
    return work_dir


@contextmanager
def server(work_dir):
    """gunicorn with GUNICORN_WORKERS sync workers on a free local port; yields its base URL.

    Stopped on the way out, error, Ctrl+C or kill included; its log is printed on an error.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = work_dir / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(GUNICORN_WORKERS)]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl+C reaches this script, which stops it
        )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a kill stops it too
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    except BaseException:
        print(f"--- {log_path} ---\n{log_path.read_text()[-4000:]}", file=sys.stderr)
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {timeout} s")


def logged_in(email):
    """A test client logged in as `email`; its session cookie serves over HTTP too.
    `log_out()` ends every session made so."""
    from django.test import Client

    from structures.models import User

    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        sys.exit(f"No active account {email} in this database: is it filled?")
    client = Client()
    client.force_login(user)
    _clients.append(client)
    return client


def log_out():
    while _clients:
        _clients.pop().logout()


def session_cookie(client):
    """The client's session as a Cookie header value."""
    from django.conf import settings

    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"
