"""The pages' HTML forms and their checks, with messages that name the field in Indonesian.

The domain checks everything again; these checks exist to re-render the form with every
problem marked at once instead of the domain's first one.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from services.feedback.api.schemas import ContactIn
from services.feedback.domain.complaint import CATEGORIES, IDENTIFIER, KINDS, MAX_TEXT
from services.feedback.domain.questionnaire import CODES, MAX_COMMENT_LENGTH

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
