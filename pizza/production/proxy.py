"""nginx in front of the web processes (``pizza up --proxy``).

gunicorn's threaded workers read a request in one of their threads: a client
that sends its headers slowly holds that thread, and a thousand of them hold
them all. nginx reads requests and writes answers without a thread per
connection, hands the web only whole requests, and keeps idle connections to
itself. Live streams pass straight through (the web marks them
``X-Accel-Buffering: no``). This module writes nginx's configuration for a
folder of its own and gives the command that runs it in the foreground, as one
more process ``pizza up`` supervises.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

MAX_BODY = "64k"  # as the web's MAX_CONTENT_LENGTH


def free_port() -> int:
    """A TCP port on this machine that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def find_nginx() -> str | None:
    """The nginx program, on PATH or where Debian puts it."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def nginx_config(folder: Path, host: str, port: int, upstream_port: int) -> str:
    """nginx listening on ``host:port``, passing to the web on ``upstream_port``,
    keeping its pid and temporary files in ``folder``."""
    temp = {
        name: folder / name
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    }
    return f"""
worker_processes 1;
worker_rlimit_nofile 16384;
pid {folder / "nginx.pid"};
error_log stderr warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    client_max_body_size {MAX_BODY};
    client_body_buffer_size {MAX_BODY};
    client_header_timeout 10s;
    client_body_timeout 10s;
    send_timeout 30s;
    keepalive_timeout 30s;
    upstream pizza_web {{
        server 127.0.0.1:{upstream_port};
        keepalive 32;
    }}
    server {{
        listen {host}:{port} backlog=4096;
        location / {{
            proxy_pass http://pizza_web;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 2s;
            proxy_read_timeout 90s;
        }}
    }}
}}
"""


def nginx_command(nginx: str, folder: Path, config: str) -> list[str]:
    """Writes the configuration into ``folder``; the command that runs nginx on
    it in the foreground."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    return [nginx, "-p", str(folder), "-c", str(path), "-g", "daemon off;"]
