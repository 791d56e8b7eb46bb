"""The evaluation a manager signs: letterhead, signatory, names, Indonesian formats."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from services.reporting.periods import parse_period
from services.reporting.renderers import render
from services.reporting.renderers.document import Document, StaffName
from services.reporting.report import report
from services.reporting.settings import Letterhead, ReportingSettings
from services.reporting.tests.builders import fold_all
from services.reporting.tests.pdf import pdf_pages_text, pdf_to_png
from services.reporting.tests.test_scenario import (
    EVENTS,
    march,  # noqa: F401 (fixture)
)
from standard.office import BLITAR

NIP_HEAD = "197805122003121002"
NIP_ANI = "198703152010122001"


@pytest.fixture
def document(tmp_path: Path) -> Document:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), (31, 78, 121)).save(logo)
    letterhead = Letterhead(
        name="Badan Pusat Statistik Kota Blitar",
        address="Jl. Mastrip No. 1, Blitar 66111\nTelp. (0342) 801191",
        logo_path=str(logo),
        person_in_charge="Dr. Sri Wahyuni, S.ST., M.Si.",
        person_in_charge_nip=NIP_HEAD,
    )
    return Document(letterhead, {"ani": StaffName("Ani Rahayu", NIP_ANI)})


def test_the_pdf_has_the_letterhead_signatory_names_and_page_numbers(
    march: dict,  # noqa: F811
    document: Document,
    tmp_path: Path,
) -> None:
    content = render(march, "pdf", document)
    pages = pdf_pages_text(content)
    text = " ".join(pages)
    assert "BADAN PUSAT STATISTIK KOTA BLITAR Jl. Mastrip No. 1" in pages[0]
    assert "Telp. (0342) 801191" in pages[0]
    assert f"Dr. Sri Wahyuni, S.ST., M.Si. NIP. {NIP_HEAD}" in text
    assert f"Ani Rahayu NIP {NIP_ANI}" in text
    assert "budi" in text  # not in the directory: named by the id the token carries
    assert all(f"Halaman {n}" in page for n, page in enumerate(pages, start=1))
    images = pdf_to_png(content, tmp_path)
    first = Image.open(images[0])
    assert first.size[0] > 800
    # the logo's blue square sits at the top left, where the letterhead is drawn
    assert (31, 78, 121) in {first.getpixel((x, y)) for x in range(60, 200) for y in range(40, 200)}


def test_numbers_and_dates_are_indonesian_in_tables_and_charts(march: dict) -> None:  # noqa: F811
    text = " ".join(pdf_pages_text(render(march, "pdf")))
    assert "75,00 %" in text and "33,33 %" in text  # compliance in the table
    assert "Kepatuhan per kanal (%) 75,0 0,0 0,0 100,0" in text  # the same on the bars
    assert "U8 U9 0 1 2 3 4" in text and "2,7 U1" in text  # NRR bar of U9 (2.67)
    figures = text.split(" versi ")[0]  # the code version is 0.1.0, not a figure
    assert not re.search(r"\d\.\d{1,2}\b(?! WIB)", figures)  # never a decimal point
    assert "Keadaan per 2 April 2026 pukul 09.00 WIB." in text
    assert "riwayat sampai 2 April 2026 pukul 09.00 WIB" in text


def test_without_a_letterhead_the_pdf_falls_back_to_the_office_name(march: dict) -> None:  # noqa: F811
    text = " ".join(pdf_pages_text(render(march, "pdf")))
    assert "Halaman 1 BPS KOTA BLITAR Laporan Evaluasi" in text
    assert "NIP. ......" in text


def test_letterheads_are_read_from_the_settings_tree() -> None:
    settings = ReportingSettings.model_validate(
        {"letterheads": {"3572": {"name": "BPS Kota Blitar", "person_in_charge_nip": NIP_HEAD}}}
    )
    assert settings.letterheads["3572"].person_in_charge_nip == NIP_HEAD
    with pytest.raises(ValueError, match="person_in_charge_nip"):
        ReportingSettings.model_validate(
            {"letterheads": {"3572": {"name": "x", "person_in_charge_nip": "12"}}}
        )


def charts(sheet: Any) -> list[Any]:
    """The charts openpyxl read back from the sheet's drawing (it keeps them private)."""
    found: list[Any] = sheet._charts
    return found


def test_the_workbook_is_sheets_a_manager_opens(document: Document) -> None:
    rows = report(fold_all(EVENTS), BLITAR, parse_period("2026-03"), include_rows=True)
    book = load_workbook(io.BytesIO(render(rows, "xlsx", document)))
    assert book.sheetnames == [
        "Ringkasan",
        "Kepatuhan",
        "IKM",
        "Petugas",
        "Pengaduan",
        "Kunjungan",
        "Hari libur",
        "Asal data",
    ]
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row}
    assert summary["Kepatuhan standar luring"] == 0.75  # 3 of 4 served walk-ins
    assert book["Ringkasan"]["B10"].number_format == "0.00%"
    assert summary["Pengaduan masuk"] == 3

    officers = book["Petugas"]
    header = [cell.value for cell in officers[1]]
    assert header[:3] == ["Petugas", "NIP", "Konsultasi"]
    by_name = {
        row[0]: dict(zip(header, row, strict=True))
        for row in officers.iter_rows(min_row=2, values_only=True)
    }
    assert by_name["Ani Rahayu"]["NIP"] == NIP_ANI and by_name["budi"]["NIP"] is None
    assert by_name["Ani Rahayu"]["Bertugas (menit)"] == 440.0
    assert by_name["Ani Rahayu"]["Menganggur saat ada yang menunggu (menit)"] == 66.0
    assert officers.freeze_panes == "A2"
    assert [table.ref for table in officers.tables.values()] == ["A1:K3"]
    assert len(charts(officers)) == 1  # a native Excel chart, not a picture

    visits = book["Kunjungan"]
    assert visits["A1"].value == "Nomor antrean" and visits["B1"].value == "Nomor kunjungan"
    assert visits.max_row == 1 + 9
    w2 = next(row for row in visits.iter_rows(min_row=2) if row[1].value == "w2")
    assert w2[5].value == datetime(2026, 3, 16, 8, 10)  # office-local, a real date
    assert w2[5].number_format.startswith("[$-421]")  # Indonesian month names
    assert w2[11].value == 12.0 and w2[12].value == "tidak"
    assert len(charts(book["Kepatuhan"])) == len(charts(book["IKM"])) == 1
    assert book["Asal data"]["B3"].value == rows["provenance"]["events"]
