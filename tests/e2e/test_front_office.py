"""A whole walk-in through the browser only (issue 12, "Done when"): the receptionist
registers the visitor and prints the ticket, the visitor fills the guest book on the kiosk,
an officer calls and serves on the console while the waiting-room TV announces the call,
the visitor follows the ticket's QR code (decoded here) to their status page and then the
survey, and the receptionist returns the card: the end-of-day list is empty.

The test makes no API call itself: every step is a click or a keystroke in Chromium
against the hub served by uvicorn with its consumers running in the background."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from infra.security import Role
from tests.browser import PAGE_TIMEOUT_MS, LiveServer, StaffPage
from tests.harness import HubClient

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
TV: ViewportSize = {"width": 1920, "height": 1080}
SHOT = "/tmp/pst-front-office-{}.png"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


class Office:
    def __init__(self, make_hub: Callable[..., HubClient], server: LiveServer) -> None:
        # Every visitor link (the ticket's QR, the survey) starts with the hub's own address.
        self.client = make_hub(public_url=server.url)
        self.client.hub.start()  # consumers in background threads, as in `make run`
        self.url = server.start(self.client.app)


@pytest.fixture
def office(make_memory_hub: Callable[..., HubClient]) -> Iterator[Office]:
    server = LiveServer()
    try:
        yield Office(make_memory_hub, server)
    finally:
        server.stop()


Screen = Callable[[ViewportSize], Page]


@pytest.fixture
def screen(office: Office, browser: Browser) -> Iterator[Screen]:
    """Pages of people without a staff session (the visitor's phone, the TV), closed before
    the server stops (the TV's event stream with them)."""
    contexts = []

    def make(viewport: ViewportSize) -> Page:
        context = browser.new_context(viewport=viewport, locale="id-ID", timezone_id="Asia/Jakarta")
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def decode_qr(image: Locator) -> str:
    png = image.screenshot()
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return str(code.text)


def test_a_walk_in_from_reception_to_the_survey_in_the_browser_only(
    office: Office, staff_page: StaffPage, screen: Screen
) -> None:
    # --- reception: register, the number the queue assigns, the printed ticket ---------------
    desk = staff_page(office.client, office.url, [Role.RECEPTIONIST], viewport=DESKTOP)
    desk.goto("/resepsionis")
    desk.get_by_label("Nomor kartu").fill("35720112")
    desk.get_by_label("Nama pengunjung").fill("Siti Rahayu")
    desk.get_by_role("button", name="Daftarkan & simpan kartu").click()
    expect(desk.locator("#number-error")).to_contain_text("KTP")  # the API's own check
    desk.get_by_label("Nomor kartu").fill("3572 0112 0390 0001")
    desk.get_by_label("Telepon / WhatsApp").fill("0812-3456-7890")
    desk.get_by_label("Keperluan").select_option("tugas_akhir")
    desk.get_by_role("button", name="Daftarkan & simpan kartu").click()
    expect(desk.locator("#arrival-number")).to_have_text("A-001")  # once the queue numbered it
    expect(desk.locator("#arrival-name")).to_contain_text("Siti Rahayu · kartu KTP ····0001")
    row = desk.locator("#visits-body tr", has_text="Siti Rahayu")
    expect(row).to_contain_text("Menunggu")
    expect(row).to_contain_text("KTP ····0001 disimpan")
    desk.screenshot(path=SHOT.format("reception-1366"), full_page=True)

    with desk.expect_popup() as printed:
        desk.get_by_role("link", name="Cetak tiket").click()
    ticket = printed.value
    expect(ticket.locator("#ticket-number")).to_have_text("A-001")
    expect(ticket.locator(".ticket-office")).to_have_text("BPS Kota Blitar")
    expect(ticket.locator(".ticket-when")).to_contain_text("WIB")
    ticket.emulate_media(media="print")
    ticket.screenshot(path=SHOT.format("ticket-print"), full_page=True)
    expect(ticket.locator(".shell-head")).to_be_hidden()  # paper shows the ticket alone
    ticket.emulate_media(media="screen")
    status_url = decode_qr(ticket.locator("#ticket-qr"))
    assert re.fullmatch(re.escape(office.url) + r"/kunjungan/[0-9a-f]{64}", status_url)

    # --- the kiosk: the receptionist opens the guest book, the visitor fills it -------------
    with desk.expect_popup() as opened:
        desk.get_by_role("link", name="Buka buku tamu di kios").click()
    kiosk = opened.value
    expect(kiosk.get_by_role("heading", name=re.compile("Buku tamu elektronik"))).to_be_visible()
    expect(kiosk.locator("body")).not_to_contain_text("Siti")  # no one's data on the kiosk
    kiosk.get_by_role("group", name=re.compile("Asal instansi")).get_by_label(
        re.compile("Perguruan tinggi")
    ).check()
    kiosk.get_by_role("group", name=re.compile("Pekerjaan")).get_by_label(
        re.compile("Mahasiswa")
    ).check()
    kiosk.get_by_role("group", name=re.compile("Data yang dibutuhkan")).get_by_label(
        re.compile("Ketenagakerjaan")
    ).check()
    kiosk.get_by_role("button", name=re.compile("Kirim")).click()
    expect(kiosk.get_by_role("heading", name=re.compile("Terima kasih"))).to_be_visible()
    expect(kiosk).to_have_url(office.url + "/buku-tamu", timeout=15_000)  # reset for the next
    expect(kiosk.locator("#kiosk-idle")).to_be_visible()

    # --- the visitor's phone: the status page from the QR code ------------------------------
    phone = screen(PHONE)
    phone.goto(status_url)
    expect(phone.locator("#status-number")).to_have_text("A-001")
    expect(phone.locator("#status-state")).to_have_text("Menunggu")
    expect(phone.locator("#status-ahead")).to_have_text("Anda berikutnya")
    expect(phone.locator("#status-guest-book")).to_be_hidden()  # signed on the kiosk
    expect(phone.locator("body")).not_to_contain_text("Siti")
    assert phone.evaluate(OVERFLOW) <= 0
    phone.screenshot(path=SHOT.format("status-390"), full_page=True)

    # --- the waiting-room TV, sound switched on with one click -----------------------------
    tv = screen(TV)
    tv.goto(f"{office.url}/antrian?office_id=3572")
    expect(tv.locator("#link-state")).to_have_text("Tersambung langsung")
    tv.get_by_role("button", name="Aktifkan suara panggilan").click()
    expect(tv.locator("#sound")).to_have_attribute("aria-pressed", "true")
    expect(tv.locator("#next")).to_have_text("A-001")

    # --- the officer calls, recalls and serves ---------------------------------------------
    console = staff_page(
        office.client, office.url, [Role.OFFICER], subject="petugas-ani", viewport=DESKTOP
    )
    console.goto("/petugas")
    console.get_by_label("Meja").fill("Meja 1")
    console.get_by_role("button", name="Mulai bertugas").click()
    expect(console.locator("#duty-status")).to_contain_text("Bertugas di Meja 1")
    console.get_by_role("button", name="Panggil berikutnya").click()
    expect(console.locator("#ticket-number")).to_have_text("A-001")

    expect(tv.locator("#now-number")).to_have_text("A-001")
    expect(tv.locator("#now-desk")).to_have_text("Silakan ke Meja 1")
    announced = tv.locator("#announcements li")
    expect(announced.first).to_have_text("Nomor antrean A, nol nol satu. Silakan ke Meja satu.")
    expect(phone.locator("#status-state")).to_have_text("Dipanggil", timeout=12_000)
    expect(phone.locator("#status-desk")).to_have_text("Silakan ke Meja 1")

    console.get_by_role("button", name="Panggil ulang").click()
    expect(tv.locator("#now-recall")).to_be_visible()
    expect(announced.last).to_have_text(
        "Panggilan ulang. Nomor antrean A, nol nol satu. Silakan ke Meja satu."
    )
    tv.screenshot(path=SHOT.format("tv-call"))

    console.get_by_role("button", name="Mulai konsultasi").click()
    expect(console.locator("#ticket-meta")).to_contain_text("Konsultasi sejak")
    console.get_by_role("button", name="Selesaikan…").click()
    form = console.locator("#complete-form")
    form.get_by_role("group", name="Data yang dicari diberikan?").get_by_label("Ya").check()
    form.get_by_label("Ketenagakerjaan").check()
    form.get_by_role("group", name="Perlu tindak lanjut?").get_by_label("Tidak").check()
    console.get_by_role("button", name="Simpan dan selesaikan").click()
    expect(console.locator("#ticket-area")).to_be_hidden()

    expect(tv.locator("#now-number")).to_be_hidden()  # the ended consultation leaves the TV
    # (after opening hours the TV says the office is closed instead)
    next_call = re.compile("Menunggu panggilan berikutnya|Layanan tutup")
    expect(tv.locator("#now-desk")).to_have_text(next_call)

    # --- the visitor: the status page offers the survey -------------------------------------
    expect(phone.locator("#status-state")).to_have_text("Selesai", timeout=12_000)
    survey_link = phone.get_by_role("link", name=re.compile("Isi survei"))
    expect(survey_link).to_be_visible(timeout=12_000)
    phone.screenshot(path=SHOT.format("status-done-390"), full_page=True)
    survey_link.click()
    expect(phone).to_have_url(re.compile(re.escape(office.url) + r"/survei/[A-Za-z0-9_-]+$"))
    expect(phone.get_by_role("heading", name=re.compile("Survei Kepuasan Layanan"))).to_be_visible()

    # --- reception: the card back, the visitor leaves, nothing left at the end of the day ---
    expect(row).to_contain_text("Selesai", timeout=10_000)
    row.get_by_role("button", name="Kembalikan kartu & pulang").click()
    expect(row).to_contain_text("Sudah pulang")
    expect(row).to_contain_text("dikembalikan")
    desk.get_by_label("Cari nama atau 4 digit terakhir kartu").fill("0001")
    expect(desk.locator("#visits-body tr")).to_have_count(1)
    desk.get_by_role("link", name=re.compile("Kartu belum kembali")).click()
    expect(desk.locator("#cards-empty")).to_have_text("Semua kartu sudah dikembalikan.")
    desk.screenshot(path=SHOT.format("cards-1366"), full_page=True)
