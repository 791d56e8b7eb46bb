import csv
import io
import json
import uuid
from html.parser import HTMLParser

import orjson
import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from services.reporting.cli import report
from services.reporting.tests.builders import arrived, wib, write_archive
from services.reporting.tests.test_example import ARCHIVE, CONTRACT, contract_of, expected

APP = typer.Typer()
APP.command()(report)
BASE = ["--archive", str(ARCHIVE), "--office", "3572", "--period", "2026-03"]


def run(*args: str):
    return CliRunner().invoke(APP, [*BASE, *args])


def test_csv_lists_every_figure_by_section_and_metric():
    result = run("--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    values = {(row["section"], row["metric"]): row["value"] for row in rows}
    assert values[("offline", "compliance_pct")] == "75.0"
    assert values[("ikm", "score")] == "92.59"
    assert values[("officers[petugas-budi]", "within_standard")] == "2"


def test_xlsx_has_a_sheet_per_section_and_a_row_per_visit(tmp_path):
    target = tmp_path / "march.xlsx"
    assert run("--format", "xlsx", "--out", str(target)).exit_code == 0
    book = load_workbook(target)
    assert {"Ringkasan", "Kepatuhan", "IKM", "Petugas", "Pengaduan", "Kunjungan"} <= set(
        book.sheetnames
    )
    visits = list(book["Kunjungan"].iter_rows(values_only=True))
    assert len(visits) == 1 + 8 and visits[0][:2] == ("Nomor antrean", "Nomor kunjungan")
    officers = list(book["Petugas"].iter_rows(values_only=True))
    assert [row[0] for row in officers[1:]] == ["petugas-ani", "petugas-budi"]


def test_pdf_is_the_signed_monthly_evaluation(tmp_path):
    target = tmp_path / "march.pdf"
    result = run("--format", "pdf", "--out", str(target))
    assert result.exit_code == 0 and f"wrote {target}" in result.stderr
    content = target.read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert b"Laporan Evaluasi Kinerja Petugas Layanan" in content  # the document title


def test_html_is_one_page_with_the_figures():
    result = run("--format", "html")
    parser = HTMLParser()
    parser.feed(result.stdout)
    assert "<h1>Laporan Evaluasi Kinerja Petugas Layanan" in result.stdout
    assert "92,59" in result.stdout and "petugas-ani" in result.stdout


def test_binary_formats_default_to_a_named_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("--format", "pdf").exit_code == 0
    assert (tmp_path / "laporan-3572-2026-03.pdf").exists()


def test_json_goes_to_a_file_with_out(tmp_path):
    target = tmp_path / "r.json"
    assert run("--out", str(target)).exit_code == 0
    assert contract_of(json.loads(target.read_text()), CONTRACT) == expected()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "'docx' is not one of json, csv, html, xlsx, pdf"),
        (["--period", "March"], "is not a year (2026), a month (2026-03)"),
        (["--office", "99"], "office '99' is not a known BPS office code"),
    ],
)
def test_bad_options_exit_2_with_a_clear_message(args, message):
    result = CliRunner().invoke(APP, [*BASE, *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())


def bad_archive(tmp_path):
    good = [orjson.dumps(line) for line in (arrived("v1", wib(17, 8)), arrived("v2", wib(17, 9)))]
    lines = [good[0], b'{"broken": ', good[1], b'{"office_id": "9999"}']
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_bad_lines_are_told_with_their_number_and_the_rest_still_counts(tmp_path):
    path = bad_archive(tmp_path)
    result = CliRunner().invoke(
        APP, ["--archive", str(path), "--office", "3572", "--period", "2026-03"]
    )
    assert result.exit_code == 0
    assert "archive line 2: (line): not JSON" in result.stderr
    assert "archive line 4: office_id: '9999' is not a known BPS office code" in result.stderr
    assert "archive: 2 of 4 lines could not be read" in result.stderr
    found = json.loads(result.stdout)
    assert found["offline"]["visits"] == 2
    assert found["provenance"]["archive"]["problems"] == 2


def test_strict_refuses_a_bad_archive(tmp_path):
    path = bad_archive(tmp_path)
    result = CliRunner().invoke(
        APP, ["--archive", str(path), "--office", "3572", "--period", "2026-03", "--strict"]
    )
    assert result.exit_code == 1 and result.stdout == ""
    assert "--strict: no report" in result.stderr


def test_a_settings_file_changes_the_office_standard(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"3572": {"offline_wait_limit": {"amount": 15}}}))
    result = run("--settings", str(settings))
    assert json.loads(result.stdout)["offline"]["within_standard"] == 4  # 15 min is now in


def test_a_progress_bar_goes_to_stderr(tmp_path):
    path = write_archive(tmp_path / "a.jsonl", [arrived("v1", wib(17, 8))])
    result = CliRunner().invoke(
        APP, ["--archive", str(path), "--office", "3572", "--period", "2026-03", "--progress"]
    )
    assert result.exit_code == 0 and "reading a.jsonl" in result.stderr
    assert json.loads(result.stdout)["offline"]["visits"] == 1


def test_a_settings_file_that_breaks_the_rules_is_refused(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"3572": {"offline_wait_limit": {"amount": -5}}}))
    result = run("--settings", str(settings))
    assert result.exit_code == 2 and "greater than 0" in result.stderr


def two_offices_archive(tmp_path):
    """Blitar's example archive plus one walk-in served late at BPS Kota Jayapura (WIT)."""
    from services.reporting.tests.builders import event

    jayapura = [
        {
            **event(
                "VisitorArrived",
                wib(17, 8),
                "9471",
                visit_id="j1",
                channel="walk_in",
                visitor={"visitor_ref": "r"},
            )
        },
    ]
    path = tmp_path / "two.jsonl"
    path.write_bytes(ARCHIVE.read_bytes() + b"".join(orjson.dumps(e) + b"\n" for e in jayapura))
    return path


def test_all_offices_rolls_up_each_offices_own_report(tmp_path):
    archive = two_offices_archive(tmp_path)
    args = ["--archive", str(archive), "--period", "2026-03", "--all-offices"]
    result = CliRunner().invoke(APP, args)
    assert result.exit_code == 0, result.stderr
    rollup = json.loads(result.stdout)
    rows = {row["office_id"]: row for row in rollup["offices"]}
    assert list(rows) == ["3572", "9471"]
    blitar = json.loads(run("--format", "json").stdout)
    assert rows["3572"]["offline"]["compliance_pct"] == blitar["offline"]["compliance_pct"]
    assert rows["3572"]["ikm"]["score"] == blitar["ikm"]["score"] == 92.59
    assert rows["9471"]["time_zone"] == "WIT" and rows["3572"]["time_zone"] == "WIB"
    assert rows["9471"]["offline"]["visits"] == 1 and rows["9471"]["offline"]["served"] == 0
    national = rollup["national"]
    assert national["offices"] == 2 and national["by_time_zone"] == {"WIB": 1, "WIT": 1}
    assert national["offline"]["visits"] == blitar["offline"]["visits"] + 1
    assert national["offline"]["compliance_pct"] == blitar["offline"]["compliance_pct"]
    csv_rows = list(
        csv.DictReader(io.StringIO(CliRunner().invoke(APP, [*args, "--format", "csv"]).stdout))
    )
    assert [row["office_id"] for row in csv_rows] == ["3572", "9471"]
    assert csv_rows[0]["ikm.score"] == "92.59"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--office", "3572", "--all-offices"], "give --office or --all-offices, not both"),
        (["--all-offices", "--format", "pdf"], "the roll-up is written as json or csv"),
        ([], "--office"),
    ],
)
def test_all_offices_refuses_what_it_cannot_do(args, message):
    result = CliRunner().invoke(APP, ["--archive", str(ARCHIVE), "--period", "2026-03", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())


def test_an_archive_names_its_officers_by_name_and_nip_from_the_staff_events(tmp_path):
    """The staff directory's events travel in the archive: another machine's report names
    the officers as the office's own does (the latest particulars, whatever the order)."""
    from services.reporting.tests.builders import event

    officers = [row["officer_id"] for row in json.loads(run().stdout)["officers"]]
    assert officers, "the example archive has officers"
    first = officers[0]
    staff = [
        event(  # recorded later, stored first: the fold keeps the latest by instant
            "StaffMemberChanged",
            wib(20, 9),
            staff_id=first,
            display_name="Ani Rahmawati, S.Si",
            nip="198503122010122001",
            office_id="3572",
            roles=["officer"],
            national=False,
        ),
        event(
            "StaffMemberRegistered",
            wib(1, 8),
            staff_id=first,
            display_name="Ani Rahmawati",
            nip="198503122010122001",
            office_id="3572",
            roles=["officer"],
            national=False,
        ),
    ]
    for envelope in staff:  # ids of their own (the builder's counter also made the archive's)
        envelope["event_id"] = str(uuid.uuid4())
    archive = tmp_path / "with-staff.jsonl"
    archive.write_bytes(ARCHIVE.read_bytes() + b"".join(orjson.dumps(e) + b"\n" for e in staff))
    args = ["--archive", str(archive), "--office", "3572", "--period", "2026-03"]
    result = CliRunner().invoke(APP, args)
    assert result.exit_code == 0, result.stderr
    rows = {row["officer_id"]: row for row in json.loads(result.stdout)["officers"]}
    assert rows[first]["officer_name"] == "Ani Rahmawati, S.Si"
    assert rows[first]["officer_nip"] == "198503122010122001"
    others = [row for oid, row in rows.items() if oid != first]
    assert all(row["officer_name"] is None for row in others)  # unknown: the id stands
