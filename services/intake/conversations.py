"""Online conversations: what a visitor wrote, what was answered, and the answers' outbox.

An answer is recorded in the outbox (infra.delivery) atomically with the visit's note of
it, and sent after by the deliverer on the visit's channel: WhatsApp (free text inside
the 24-hour customer-service window opened by the visitor's last message, the approved
template outside it), e-mail (in the visitor's thread) or halopst (fetched by halopst).
Contacts never leave intake: other services ask to message a *visit*.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from infra.delivery.message import OutboundMessage, outbound_id
from infra.delivery.outbox import Outbox
from infra.delivery.ports import Sent
from services.intake.channels.whatsapp import StatusReport
from services.intake.domain.catalogues import LABELS
from services.intake.domain.visit import Visit, VisitError
from standard.errors import Conflict, NotFound, OfficeCheck, RuleViolation, anyone, ensure_office

REENGAGEMENT = 131047
MAX_ANSWER = 4096


class AnswerNotFound(NotFound):
    pass


def now() -> datetime:
    return datetime.now(UTC)


class Conversations:
    def __init__(
        self, app: Any, *, window_hours: float = 24.0, reply_from: str | None = None
    ) -> None:
        self.app = app
        self.outbox = Outbox(app)
        self.window = timedelta(hours=window_hours)
        self.reply_from = reply_from

    # --- reading ------------------------------------------------------------------------

    def view(self, visit_id: UUID, may_act_for: OfficeCheck = anyone) -> dict[str, Any]:
        """The request and every message, in and out, in order (for the officer console)."""
        visit: Visit = self.app._visit(visit_id, may_act_for)
        visitor = self.app.visitors.visitor(visit.visitor_ref)
        incoming = [
            {"direction": "in", **{k: v for k, v in m.items() if k != "reply_address"}}
            for m in visit.messages
        ]
        outgoing = [{"direction": "out", "at": m.recorded_at, **m.view()} for m in self.sent(visit)]
        messages = sorted(incoming + outgoing, key=lambda m: m["at"] or visit.arrived_at)
        closes = self.window_closes_at(visit)
        return {
            "visit_id": visit.id,
            "office_id": visit.office_id,
            "channel": visit.channel,
            "visitor_name": visitor.name if visitor else None,
            "contact": masked(self.reply_address(visit)),
            "arrived_at": visit.arrived_at,
            "departed_at": visit.departed_at,
            "consultation_type": visit.consultation_type,
            "consultation_type_label": label(visit.consultation_type),
            "purpose": visit.purpose,
            "messages": messages,
            "whatsapp_window_closes_at": closes,
            "answer_mode": self.mode(visit, closes),
            "answered": any(m.purpose == "answer" and m.sent_at for m in self.sent(visit)),
            "outcome": getattr(visit, "outcome", None),
        }

    def sent(self, visit: Visit) -> list[OutboundMessage]:
        found = (self.outbox.find(UUID(i)) for i in getattr(visit, "outbound", []))
        return [message for message in found if message is not None]

    def mode(self, visit: Visit, closes: datetime | None) -> str:
        if visit.channel == "whatsapp":
            return "text" if closes is not None and now() < closes else "template"
        return {"email": "email", "halopst": "halopst"}.get(visit.channel, "desk")

    def window_closes_at(self, visit: Visit) -> datetime | None:
        if visit.channel != "whatsapp" or not visit.messages:
            return None
        last = max(m["at"] for m in visit.messages if m.get("at") is not None)
        return last + self.window

    def reply_address(self, visit: Visit) -> str | None:
        for message in reversed(visit.messages):
            if message.get("reply_address"):
                return str(message["reply_address"])
        return None

    # --- answering ----------------------------------------------------------------------

    def answer(
        self,
        visit_id: UUID,
        text: str,
        *,
        author: str,
        may_act_for: OfficeCheck = anyone,
        key: str | None = None,
    ) -> dict[str, Any]:
        """Record the officer's answer in the outbox; the deliverer sends it."""
        text = text.strip()
        if not text:
            raise RuleViolation("text", "jawaban kosong / the answer is empty")
        if len(text) > MAX_ANSWER:
            raise RuleViolation(
                "text", f"paling banyak {MAX_ANSWER} karakter / at most {MAX_ANSWER}"
            )
        visit: Visit = self.app._visit(visit_id, may_act_for)
        visit.check_open()
        message_id = self._record(visit, "answer", text, key or f"answer:{uuid4()}", author)
        found = self.outbox.find(message_id)
        assert found is not None
        return found.view()

    def close(
        self, visit_id: UUID, outcome: str, *, may_act_for: OfficeCheck = anyone
    ) -> dict[str, Any]:
        """Close an online visit as answered or unreachable (the visitor departs)."""
        visit: Visit = self.app._visit(visit_id, may_act_for)
        if outcome == "answered" and not [m for m in self.sent(visit) if m.purpose == "answer"]:
            raise Conflict("outcome", "belum ada jawaban / no answer recorded yet")
        visit.close_online(outcome)
        self.app.save(visit)
        return self.view(visit_id, may_act_for)

    def notify_visit(self, visit_id: str, purpose: str, text: str, key: str) -> UUID | None:
        """A message from another service (a survey invitation) to a visit's contact.

        None when the visit has no online contact (walk-ins: shown at reception)."""
        visit: Visit = self.app._visit(UUID(visit_id))
        if visit.channel == "walk_in" or self.reply_address(visit) is None:
            return None
        return self._record(visit, purpose, text, key, None)

    def _record(self, visit: Visit, purpose: str, text: str, key: str, author: str | None) -> UUID:
        if visit.channel == "walk_in":
            raise VisitError(
                "visit_id", "kunjungan langsung dijawab di meja / walk-ins are answered at the desk"
            )
        recipient = self.reply_address(visit)
        if recipient is None:
            raise RuleViolation("visit_id", "tidak ada kontak untuk menjawab / no contact")
        last = visit.last_message() or {}
        first = visit.messages[0] if visit.messages else {}
        message = self.outbox.prepare(
            key,
            office_id=visit.office_id,
            channel=visit.channel,
            purpose=purpose,
            recipient=recipient,
            text=text,
            visit_id=str(visit.id),
            subject=first.get("subject") or last.get("subject"),
            account=last.get("account") if visit.channel != "email" else self.from_address(last),
            reply_to=last.get("message_id") if visit.channel != "halopst" else None,
            references=tuple(last.get("thread") or ()),
            window_closes_at=self.window_closes_at(visit),
            author=author,
        )
        if message is None:
            return outbound_id(key)  # recorded before under this key: nothing new
        visit.record_outbound(str(message.id))
        self.app.save(visit, message)
        return message.id

    def from_address(self, last: dict[str, Any]) -> str | None:
        return last.get("account") or self.reply_from

    # --- what channels report -----------------------------------------------------------

    def record_statuses(self, reports: Iterable[StatusReport]) -> int:
        """WhatsApp status webhooks: sent/delivered/read/failed on the message we sent."""
        changed = 0
        for report in reports:
            message = self._message_of(report)
            if message is None:
                continue  # a message this hub did not send (another app on the number)
            if message.status != "sent" and report.status in ("sent", "delivered", "read"):
                # Meta has it although our process died before recording its answer
                self.outbox.mark_sent(message, Sent(report.provider_id, report.at))
            reengage = report.error_code == REENGAGEMENT
            changed += self.outbox.report_status(
                message, report.status, report.at, report.reason, reengage
            )
        return changed

    def _message_of(self, report: StatusReport) -> OutboundMessage | None:
        found = self.outbox.by_provider_id("whatsapp", report.provider_id)
        if found is None and report.callback_data:
            try:
                found = self.outbox.find(UUID(report.callback_data))
            except ValueError:
                return None
        return found

    # --- halopst fetches its answers ----------------------------------------------------

    def halopst_answers(
        self, office_id: str, after: int, may_act_for: OfficeCheck, limit: int = 100
    ) -> tuple[list[dict[str, Any]], int]:
        """Answers to halopst requests recorded after the cursor `after`, and the next one."""
        ensure_office(may_act_for, office_id)
        found: list[dict[str, Any]] = []
        cursor = after
        for position, message_id in self.outbox.recorded(after, limit):
            cursor = position
            message = self.outbox.find(message_id)
            if message is None or message.channel != "halopst" or message.office_id != office_id:
                continue
            request_id = self.app._visit(UUID(str(message.visit_id))).messages[0].get("message_id")
            found.append({"request_id": request_id, **message.view()})
        return found, cursor

    def confirm_halopst(self, message_id: UUID, may_act_for: OfficeCheck) -> dict[str, Any]:
        """halopst shows the answer to its visitor: the answer is sent (handed over)."""
        message = self.outbox.find(message_id)
        if message is None or message.channel != "halopst" or not may_act_for(message.office_id):
            raise AnswerNotFound("message_id", f"tidak ada jawaban / no answer {message_id}")
        if message.status != "sent":
            self.outbox.mark_sent(message, Sent(f"halopst:{message.id}"))
        return message.view()


def label(code: str | None) -> str | None:
    """A catalogue code in Bahasa Indonesia: `Permintaan data` for `permintaan_data`."""
    return LABELS.get(code, code).split(" / ")[0] if code else None


def masked(contact: str | None) -> str | None:
    """Enough of a contact for the officer to recognise it: 62812****7890, r***@mail.com."""
    if not contact:
        return None
    if "@" in contact:
        local, _, domain = contact.partition("@")
        return f"{local[:1]}***@{domain}"
    return contact[:5] + "*" * max(0, len(contact) - 9) + contact[-4:]
