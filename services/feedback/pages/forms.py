"""The pages' HTML forms and their checks, with messages that name the field in Indonesian.

The domain checks everything again; these checks exist to re-render the form with every
problem marked at once instead of the domain's first one.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, ValidationError

from services.feedback.api.schemas import ContactIn
from services.feedback.complaint_book import ComplaintFilters
from services.feedback.domain.complaint import CATEGORIES, CHANNELS, IDENTIFIER, KINDS, MAX_TEXT
from services.feedback.domain.questionnaire import CODES, MAX_COMMENT_LENGTH
from standard.periods import InvalidPeriod, parse_period

ANSWERS = frozenset({"1", "2", "3", "4"})
CONTACT_MESSAGES = {
    "name": "Nama paling banyak 120 karakter.",
    "email": "Alamat e-mail tidak valid (contoh: nama@contoh.id).",
    "phone": "Nomor telepon/WhatsApp tidak valid (6-20 angka, contoh: 0812 3456 7890).",
}


class SurveyForm(BaseModel):
    """Every field is text, so that nothing the browser sends is refused before our checks."""

    U1: str = ""
    U2: str = ""
    U3: str = ""
    U4: str = ""
    U5: str = ""
    U6: str = ""
    U7: str = ""
    U8: str = ""
    U9: str = ""
    comment: str = ""

    def answers(self) -> dict[str, int]:
        """The elements answered with one of the four answers (scores 1-4)."""
        given = {code: getattr(self, code).strip() for code in CODES}
        return {code: int(value) for code, value in given.items() if value in ANSWERS}

    def missing(self) -> list[str]:
        answered = self.answers()
        return [code for code in CODES if code not in answered]

    def comment_error(self) -> str | None:
        if len(self.comment.strip()) > MAX_COMMENT_LENGTH:
            return f"Komentar paling banyak {MAX_COMMENT_LENGTH} karakter."
        return None


class ComplaintForm(BaseModel):
    kind: str = "complaint"
    category: str = ""
    message: str = ""
    visit_id: str = ""
    identity: str = "anonymous"  # or "contact"
    name: str = ""
    email: str = ""
    phone: str = ""

    @property
    def with_contact(self) -> bool:
        return self.identity == "contact"

    def errors(self) -> dict[str, str]:
        """Field -> what to fix; empty when the form can be filed."""
        errors: dict[str, str] = {}
        if self.kind not in KINDS:
            errors["kind"] = "Pilih jenis masukan: pengaduan, saran, atau pujian."
        if self.category not in CATEGORIES:
            errors["category"] = "Pilih kategori yang paling sesuai."
        text = self.message.strip()
        if not text:
            errors["message"] = "Tuliskan isi pengaduan, saran, atau pujian Anda."
        elif len(text) > MAX_TEXT:
            errors["message"] = f"Isi paling banyak {MAX_TEXT} karakter."
        if self.visit_id.strip() and not IDENTIFIER.match(self.visit_id.strip()):
            errors["visit_id"] = "Nomor kunjungan hanya huruf, angka, titik, garis bawah, : atau -."
        if self.with_contact:
            errors.update(self.contact_errors())
        return errors

    def contact_errors(self) -> dict[str, str]:
        if not self.email.strip() and not self.phone.strip():
            return {"email": "Isi e-mail atau nomor telepon/WhatsApp agar kami dapat membalas."}
        try:
            self.contact()
        except ValidationError as exc:
            fields = [str(error["loc"][0]) for error in exc.errors()]
            return {field: CONTACT_MESSAGES[field] for field in fields if field in CONTACT_MESSAGES}
        return {}

    def contact(self) -> dict[str, str] | None:
        """The contact to keep (encrypted, in feedback only), or None for an anonymous one."""
        if not self.with_contact:
            return None
        given = {
            field: value.strip()
            for field, value in (("name", self.name), ("email", self.email), ("phone", self.phone))
            if value.strip()
        }
        return ContactIn.model_validate(given).model_dump(exclude_none=True) or None

    def details(self) -> dict[str, Any]:
        """What `FeedbackApplication.file_complaint` takes, once `errors()` is empty."""
        return {
            "kind": self.kind,
            "category": self.category,
            "message": self.message,
            "contact": self.contact(),
            "visit_id": self.visit_id.strip() or None,
        }


TRANSCRIBED_CHANNELS = ("suggestion_box", "phone")
INBOX_STATUSES = ("open", "filed", "acknowledged", "resolved")


class TranscriptionForm(ComplaintForm):
    """A suggestion-box note or a phone call, written down by staff: the box's opening
    date is required for the box; a contact (the caller's, or one written on the note) is
    optional."""

    channel: str = "suggestion_box"
    box_opened_on: str = ""

    @property
    def with_contact(self) -> bool:
        return any(value.strip() for value in (self.name, self.email, self.phone))

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.channel not in TRANSCRIBED_CHANNELS:
            errors["channel"] = "Pilih asal masukan: kotak saran atau telepon."
        errors.update(super().errors())
        if self.channel == "suggestion_box":
            try:  # not after today: the domain's rule, said by the page when it refuses
                date.fromisoformat(self.box_opened_on.strip())
            except ValueError:
                errors["box_opened_on"] = "Isi tanggal kotak saran dibuka (contoh: 2026-03-13)."
        return errors

    def transcribed(self) -> dict[str, Any]:
        """`lodge_complaint`'s details, once `errors()` is empty."""
        box = self.channel == "suggestion_box"
        opened = date.fromisoformat(self.box_opened_on.strip()) if box else None
        return {**self.details(), "channel": self.channel, "box_opened_on": opened}


class InboxQuery(BaseModel):
    """The inbox's filter form (GET): every field text, checked here, so that a wrong
    value is said beside its field instead of a JSON 422."""

    status: str = ""
    channel: str = ""
    overdue: str = ""  # "", "ya", "tidak"
    officer_id: str = ""
    period: str = ""
    page: str = "1"

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.status and self.status not in INBOX_STATUSES:
            errors["status"] = "Status: belum selesai, diajukan, ditanggapi atau selesai."
        if self.channel and self.channel not in CHANNELS:
            errors["channel"] = "Pilih salah satu kanal pengaduan."
        if self.overdue not in ("", "ya", "tidak"):
            errors["overdue"] = "Lewat tenggat: ya, tidak, atau kosong."
        if self.officer_id.strip() and not IDENTIFIER.match(self.officer_id.strip()):
            errors["officer_id"] = "Petugas: nama pengguna (huruf, angka, . _ : -)."
        if self.period.strip():
            try:
                parse_period(self.period.strip()).checked()
            except InvalidPeriod as exc:
                errors["period"] = f"Periode: tahun (2026), bulan (2026-03) atau a..b ({exc})."
        if not self.page.isdigit() or not 1 <= int(self.page) <= 100_000:
            errors["page"] = "Halaman: bilangan 1 ke atas."
        return errors

    def filters(self) -> ComplaintFilters:
        """The use case's filters, once `errors()` is empty."""
        period = parse_period(self.period.strip()).checked() if self.period.strip() else None
        overdue = {"ya": True, "tidak": False}.get(self.overdue)
        return ComplaintFilters(
            self.status or None,
            self.channel or None,
            self.officer_id.strip() or None,
            period,
            overdue,
        )

    def link(self, page: int) -> str:
        """This query's address at another page (the filters kept)."""
        given = self.model_dump(exclude={"page"})
        kept = {name: value for name, value in given.items() if value}
        return "?" + urlencode({**kept, "page": page})
