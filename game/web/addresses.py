"""The addresses students can type to reach `civic-quiz serve`, and the QR code of one."""

from __future__ import annotations

import io
import ipaddress
import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

ALL_ADDRESSES = ("0.0.0.0", "::", "")
"""Hosts that mean "listen on every address of the machine"."""

BRIDGE_PREFIXES = ("docker", "br-", "veth", "virbr", "lxc", "cni", "podman", "flannel")
"""Interfaces of containers and VMs: their addresses are listed last (students can't reach them)."""


@dataclass(frozen=True)
class Interface:
    """One address of a network interface of this machine."""

    name: str
    address: str


def machine_interfaces() -> list[Interface]:
    """This machine's IPv4 addresses, found without sending anything on the network.

    `ip -j addr` where it exists (Linux), else the addresses the host name resolves to
    locally (`getaddrinfo` reads /etc/hosts first; on other systems it is what is available).
    """
    found = _ip_command()
    if found is not None:
        return found
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [Interface("", str(info[4][0])) for info in infos]


def _ip_command() -> list[Interface] | None:
    ip = shutil.which("ip") or next(
        (p for p in ("/usr/sbin/ip", "/sbin/ip") if os.path.exists(p)), None
    )
    if ip is None:
        return None
    try:
        result = subprocess.run(
            [ip, "-j", "-4", "addr", "show"], capture_output=True, text=True, timeout=5
        )
        links = json.loads(result.stdout) if result.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    if not isinstance(links, list):
        return None
    found = []
    for link in links:
        for info in link.get("addr_info", []) if isinstance(link, dict) else []:
            if isinstance(info, dict) and info.get("family") == "inet" and info.get("local"):
                found.append(Interface(str(link.get("ifname", "")), str(info["local"])))
    return found


def _reachable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def lan_addresses(interfaces: Iterable[Interface]) -> list[str]:
    """The addresses other machines may reach: no loopback, container bridges last."""
    seen: dict[str, bool] = {}
    for interface in interfaces:
        if _reachable(interface.address) and interface.address not in seen:
            seen[interface.address] = interface.name.startswith(BRIDGE_PREFIXES)
    return sorted(seen, key=lambda address: seen[address])  # stable: the system's order


def _url(host: str, port: int) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}/" if port == 80 else f"http://{host}:{port}/"


def student_urls(
    host: str,
    port: int,
    *,
    public_url: str | None = None,
    interfaces: Iterable[Interface] | None = None,
) -> list[str]:
    """The URLs to give the students, the one to use first at the top."""
    if public_url:
        return [public_url]
    if host in ALL_ADDRESSES:
        addresses = lan_addresses(machine_interfaces() if interfaces is None else interfaces)
        # No network at all: the machine itself is the only one that can play.
        return [_url(a, port) for a in addresses] or [_url("127.0.0.1", port)]
    return [_url(host, port)]


def qr_code(url: str) -> str:
    """The QR code of `url`, in text for a terminal (two rows of modules per line)."""
    import segno

    out = io.StringIO()
    segno.make(url, micro=False).terminal(out=out, compact=True)
    return out.getvalue()


def announcement(
    host: str,
    port: int,
    *,
    public_url: str | None = None,
    interfaces: Iterable[Interface] | None = None,
    max_players: int | None = None,
    qr: bool = True,
) -> str:
    """What `civic-quiz serve` prints once it listens: the addresses and a QR code."""
    urls = student_urls(host, port, public_url=public_url, interfaces=interfaces)
    lines = [_heading(urls, host)]
    lines += [f"  {url}" for url in urls]
    if qr:
        lines += ["", f"Or scan this QR code (it opens {urls[0]}):", qr_code(urls[0]).rstrip("\n")]
    if max_players is not None:
        lines.append(f"Up to {max_players} players at once (--max-players).")
    lines.append("Press ctrl+c to stop.")
    return "\n".join(lines) + "\n"


def _heading(urls: Sequence[str], host: str) -> str:
    local = all((urlsplit(u).hostname or "") in ("127.0.0.1", "localhost", "::1") for u in urls)
    if local and host not in ALL_ADDRESSES:
        # The default host: say how to let the class in, not only that it is kept out.
        return (
            "civic-quiz is served on this machine only (to serve the class:"
            " civic-quiz serve --host 0.0.0.0); open:"
        )
    if local:
        return "No network address found: only this machine can play; open:"
    if len(urls) == 1:
        return "Students open this address in their browser:"
    return "Students open one of these addresses in their browser (the first is the likeliest):"
