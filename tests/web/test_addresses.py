"""What `civic-quiz serve` prints: the addresses students can type and a QR code of one."""

from __future__ import annotations

import ipaddress

import segno

from game.web.addresses import (
    Interface,
    announcement,
    lan_addresses,
    machine_interfaces,
    qr_code,
    student_urls,
)

CLASSROOM = [
    Interface("lo", "127.0.0.1"),
    Interface("docker0", "172.17.0.1"),
    Interface("wlan0", "192.168.1.20"),
    Interface("eth0", "10.0.5.7"),
    Interface("wlan0", "169.254.3.3"),
    Interface("eth0", "10.0.5.7"),
]


def test_every_reachable_address_is_listed_and_container_bridges_last() -> None:
    assert lan_addresses(CLASSROOM) == ["192.168.1.20", "10.0.5.7", "172.17.0.1"]


def test_listening_on_all_addresses_lists_the_machine_addresses() -> None:
    urls = student_urls("0.0.0.0", 8000, interfaces=CLASSROOM)
    assert urls == ["http://192.168.1.20:8000/", "http://10.0.5.7:8000/", "http://172.17.0.1:8000/"]


def test_one_address_or_a_public_url_is_what_is_given_out() -> None:
    assert student_urls("192.168.1.20", 80, interfaces=CLASSROOM) == ["http://192.168.1.20/"]
    public = "https://quiz.school.example/"
    assert student_urls("0.0.0.0", 8000, public_url=public, interfaces=CLASSROOM) == [public]


def test_the_announcement_gives_addresses_and_a_qr_code_never_0_0_0_0() -> None:
    text = announcement("0.0.0.0", 8000, interfaces=CLASSROOM, max_players=30)
    assert "0.0.0.0" not in text
    assert "127.0.0.1" not in text
    lines = text.splitlines()
    assert "  http://192.168.1.20:8000/" in lines
    assert "  http://10.0.5.7:8000/" in lines
    assert "Or scan this QR code (it opens http://192.168.1.20:8000/):" in lines
    assert qr_code("http://192.168.1.20:8000/").rstrip("\n") in text
    assert "Up to 30 players at once (--max-players)." in lines


def test_the_qr_code_is_that_of_the_url() -> None:
    url = "http://192.168.1.20:8000/"
    expected = segno.make(url, micro=False)
    drawn = qr_code(url).splitlines()
    # Two rows of modules per line, with a border of 4 on each side.
    size = expected.symbol_size(border=4)
    assert len(drawn) == (size[1] + 1) // 2
    assert all(len(line) == size[0] for line in drawn)
    assert set("".join(drawn)) <= {"█", "▀", "▄", " "}


def test_with_no_network_only_this_machine_is_offered() -> None:
    text = announcement("0.0.0.0", 8000, interfaces=[Interface("lo", "127.0.0.1")], qr=False)
    assert "only this machine can play" in text
    assert "  http://127.0.0.1:8000/" in text.splitlines()


def test_a_loopback_server_says_so() -> None:
    text = announcement("127.0.0.1", 8000, interfaces=CLASSROOM, qr=False)
    assert text.startswith("civic-quiz is served on this machine only")
    assert "192.168" not in text


def test_this_machine_interfaces_are_found_locally() -> None:
    found = machine_interfaces()
    for interface in found:
        ipaddress.ip_address(interface.address)  # each is an address
    assert all(not ipaddress.ip_address(a).is_loopback for a in lan_addresses(found))
