"""The supervisor's workspace in Debian's Chromium, through pages only.

A visitor files a complaint on the public form with an e-mail contact; a supervisor signs
in, sees it in the inbox under its reference, acknowledges it and resolves it with a
response, which reaches the complainant's mailbox on a real SMTP server (aiosmtpd); then
downloads this month's PDF and XLSX from the report center with the session cookie. The
workbook is opened with openpyxl (sheets, headers, values: the complaint counted) and the
PDF rendered to PNG with pypdfium2. Screenshots of the inbox, the complaint, the report
center and the dashboard at 390 px and 1366 px go to /tmp (none scrolls sideways).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from infra.security import Role
from services.reporting.live import LiveReporting
from tests.browser import StaffPage
from tests.delivery import delivery_environment
from tests.fakes.mailbox import Mailbox
from tests.fakes.whatsapp_graph import GraphServer
from tests.harness import OFFICE, HubClient, wait_until

pytestmark = pytest.mark.browser

COMPLAINT = "Antrean konsultasi hari Senin lebih dari satu jam, petugas hanya satu."
RESPONSE = "Mulai pekan depan dua petugas melayani pada hari Senin. Terima kasih."
EMAIL = "budi.santoso@example.org"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
WIDTHS = (1366, 390)


@pytest.fixture
def office(
    graph: GraphServer,
    mailbox: Mailbox,
    monkeypatch: pytest.MonkeyPatch,
    make_memory_hub: Callable[..., HubClient],
    live_hub: Callable[[HubClient], str],
) -> tuple[HubClient, str]:
    for name, value in delivery_environment(graph, mailbox).items():
        monkeypatch.setenv(name, value)
    client = make_memory_hub(("feedback", "reporting", "staff"))
    client.hub.start()  # consumers and feedback's deliverer in background threads
    return client, live_hub(client)


def screenshots(page: Page, name: str) -> None:
    """The page at a desktop's and a phone's width; a phone never scrolls sideways."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        assert page.evaluate(OVERFLOW) <= 0, f"{name} scrolls sideways at {width} px"
        page.screenshot(path=f"/tmp/pst-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def file_complaint(browser: Browser, url: str) -> str:
    """A visitor on their phone files a complaint with an e-mail contact; its reference."""
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        phone.goto(f"{url}/pengaduan")
        phone.get_by_role("radio", name="Pengaduan").check()
        phone.get_by_label("Kategori").select_option("waktu_pelayanan")
        phone.get_by_label("Isi pengaduan").fill(COMPLAINT)
        phone.get_by_text("Cantumkan kontak agar kami dapat membalas").click()
        phone.get_by_label("Nama").fill("Budi Santoso")
        phone.get_by_label("E-mail").fill(EMAIL)
        phone.get_by_role("button", name="Kirim").click()
        expect(phone.get_by_role("heading", level=1)).to_contain_text("sudah kami terima")
        reference = phone.locator("#reference").inner_text().strip()
    finally:
        context.close()
    assert re.fullmatch(rf"PGD-{OFFICE}-\d{{4}}-\d{{4}}", reference), reference
    return reference


def mails_to(mailbox: Mailbox, address: str) -> list[str]:
    return [str(mail.get_content()) for rcpt, mail in mailbox.messages if rcpt == [address]]


def reporting(client: HubClient) -> LiveReporting:
    container = client.hub.services["reporting"].container
    assert isinstance(container, LiveReporting)
    return container


def counted_complaints(client: HubClient) -> int:
    live = reporting(client)
    with live.facts(OFFICE) as facts:
        return len(facts.complaints)


def download(page: Page, link: str, target: Path) -> Path:
    with page.expect_download() as started:
        page.locator(link).click()
    started.value.save_as(target)
    return target


def test_a_supervisor_answers_a_complaint_and_downloads_this_months_reports(
    office: tuple[HubClient, str],
    browser: Browser,
    staff_page: StaffPage,
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    client, url = office
    reference = file_complaint(browser, url)

    boss = staff_page(client, url, [Role.SUPERVISOR], subject="bu-sri")
    boss.get_by_role("link", name="Pengaduan masuk").click()  # from the shell's navigation
    row = boss.locator("#complaints tbody tr", has_text=reference)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Situs web · Pengaduan")
    expect(row).to_contain_text("Diajukan")
    screenshots(boss, "inbox")

    row.get_by_role("link", name=reference).click()
    expect(boss.locator("#reference")).to_have_text(reference)
    expect(boss.locator("#complaint-text")).to_have_text(COMPLAINT)
    expect(boss.locator("#complainant")).to_contain_text(EMAIL)
    expect(boss.locator("#timeline li")).to_have_count(3)
    expect(boss.locator("#timeline")).to_contain_text("paling lambat")
    screenshots(boss, "complaint")

    boss.get_by_role("button", name="Akui pengaduan").click()
    expect(boss.locator("#complaint-status")).to_have_text("Ditanggapi")
    expect(boss.get_by_role("status")).to_contain_text("Pengaduan ditanggapi")
    boss.get_by_label("Jawaban untuk pelapor").fill(RESPONSE)
    boss.get_by_label("Hasil penyelesaian").select_option("perbaikan_layanan")
    boss.get_by_role("button", name="Selesaikan dan kirim jawaban").click()
    expect(boss.locator("#complaint-status")).to_have_text("Selesai")
    expect(boss.locator("#response-text")).to_have_text(RESPONSE)

    wait_until(lambda: mails_to(mailbox, EMAIL), 30)  # feedback's deliverer sent it
    [mail] = mails_to(mailbox, EMAIL)
    assert RESPONSE in mail and COMPLAINT not in mail
    boss.reload()
    expect(boss.locator("#answer-delivery")).to_contain_text(f"{EMAIL} lewat e-mail: terkirim")
    boss.goto("/pengaduan-masuk?status=resolved")
    expect(boss.locator("#complaints tbody tr", has_text=reference)).to_have_count(1)

    # The report center: this month's PDF and XLSX, once reporting counted the complaint.
    wait_until(lambda: counted_complaints(client) == 1, 15)
    boss.get_by_role("link", name="Pusat laporan").click()
    expect(boss.get_by_role("heading", level=1)).to_contain_text("Pusat laporan")
    screenshots(boss, "reports")
    this_month = f"{reporting(client).now():%Y-%m}"
    quick = f'#quick a[data-period="{this_month}"]'
    workbook = download(boss, f'{quick}[data-format="xlsx"]', tmp_path / "bulan-ini.xlsx")
    pdf = download(boss, f'{quick}[data-format="pdf"]', tmp_path / "bulan-ini.pdf")

    book = load_workbook(workbook)
    assert {"Ringkasan", "Kepatuhan", "IKM", "Petugas", "Pengaduan", "Kunjungan"} <= set(
        book.sheetnames
    )
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row}
    assert summary["Pengaduan masuk"] == 1 and summary["Pengaduan selesai"] == 1
    assert summary["Pengaduan lewat tenggat"] == 0
    complaints = list(book["Pengaduan"].iter_rows(values_only=True))
    header = complaints[0]
    assert header[:3] == ("Nomor pengaduan", "Kanal", "Kategori")
    [complaint] = [row for row in complaints[1:] if row[0]]
    assert complaint[0] == reference  # the number the complainant was given, not a UUID
    assert complaint[1] == "Situs web" and complaint[2] == "waktu_pelayanan"
    assert complaint[header.index("Diselesaikan")] is not None
    assert book["Kunjungan"]["A1"].value == "Nomor antrean"

    document = pypdfium2.PdfDocument(str(pdf))
    assert len(document) >= 1
    first = document[0]
    text = first.get_textpage().get_text_range()
    assert "BPS Kota Blitar" in text or "Kota Blitar" in text
    image = first.render(scale=1.5).to_pil()
    image.save("/tmp/pst-report-page-1.png")
    assert image.width > 800 and image.height > 1000  # A4 portrait at 108 dpi
    assert len(set(image.convert("L").getdata())) > 2  # something is printed on it
    document.close()

    boss.get_by_role("link", name="Dasbor SLA").click()
    expect(boss.locator("#status")).to_have_text("langsung")
    expect(boss.locator("#complaints-month")).to_contain_text("1 diajukan, 0 terbuka")
    screenshots(boss, "dashboard")
