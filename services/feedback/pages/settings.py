"""The office's other complaint channels, shown on the pages (environment PST_FEEDBACK_*).

The defaults are the Blitar service standard, section F: the box in front of the waiting
room, SP4N-LAPOR!, phone 0342-8178012 and WhatsApp 0851 8226 2225.
"""

from __future__ import annotations

import re

from pydantic_settings import BaseSettings, SettingsConfigDict


def international(number: str) -> str:
    """'0851 8226 2225' -> '6285182262225' (for tel: and wa.me links)."""
    digits = re.sub(r"\D", "", number)
    return "62" + digits[1:] if digits.startswith("0") else digits


class ComplaintChannels(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PST_FEEDBACK_", env_file=".env", extra="ignore")

    complaint_box: str = "Kotak saran dan pengaduan di depan ruang tunggu perpustakaan"
    complaint_phone: str = "0342-8178012"
    complaint_whatsapp: str = "0851 8226 2225"
    lapor_url: str = "https://www.lapor.go.id"

    @property
    def phone_link(self) -> str:
        return "tel:+" + international(self.complaint_phone)

    @property
    def whatsapp_link(self) -> str:
        return "https://wa.me/" + international(self.complaint_whatsapp)

    @property
    def lapor_name(self) -> str:
        return self.lapor_url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
