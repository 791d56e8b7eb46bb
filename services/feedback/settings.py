"""Feedback settings (`PST_FEEDBACK_*`, read by the hub's settings).

Complaint deadlines are not here: they are per-office settings of the service standard
(`standard.office.OfficeSettings.complaint_*_working_days`) on the service calendar.
"""

from __future__ import annotations

import re
from datetime import timedelta

from pydantic import BaseModel, Field


def international(number: str) -> str:
    """'0851 8226 2225' -> '6285182262225' (for tel: and wa.me links)."""
    digits = re.sub(r"\D", "", number)
    return "62" + digits[1:] if digits.startswith("0") else digits


class FeedbackSettings(BaseModel):
    survey_expiry_hours: float = Field(default=7 * 24, gt=0)
    # WhatsApp Business: free-form messages only within 24 h of the visitor's last message.
    whatsapp_session_hours: float = Field(default=24, gt=0)
    # Where a survey page answers; `{token}` is replaced by the link's token. Unset: the
    # hub's public address (PST_PUBLIC_URL) + `/survei/{token}`, like every visitor link.
    survey_link_template: str | None = Field(
        default=None,
        description="only to send survey links elsewhere than PST_PUBLIC_URL/survei/{token}",
    )
    # Public endpoints (survey link, complaint form): a token bucket per client address.
    public_rate_per_minute: float = Field(default=30, gt=0)
    public_burst: int = Field(default=10, ge=1)
    # The office's other complaint channels, shown on the pages. The defaults are the
    # Blitar standard, section F: the box in front of the waiting room, SP4N-LAPOR!,
    # phone 0342-8178012 and WhatsApp 0851 8226 2225.
    complaint_box: str = "Kotak saran dan pengaduan di depan ruang tunggu perpustakaan"
    complaint_phone: str = "0342-8178012"
    complaint_whatsapp: str = "0851 8226 2225"
    lapor_url: str = "https://www.lapor.go.id"

    @property
    def survey_expiry(self) -> timedelta:
        return timedelta(hours=self.survey_expiry_hours)

    @property
    def whatsapp_session(self) -> timedelta:
        return timedelta(hours=self.whatsapp_session_hours)

    def survey_link(self, token: str) -> str:
        template = self.survey_link_template or "/survei/{token}"  # composition sets it
        return template.replace("{token}", token)

    @property
    def phone_link(self) -> str:
        return "tel:+" + international(self.complaint_phone)

    @property
    def whatsapp_link(self) -> str:
        return "https://wa.me/" + international(self.complaint_whatsapp)

    @property
    def lapor_name(self) -> str:
        return self.lapor_url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
