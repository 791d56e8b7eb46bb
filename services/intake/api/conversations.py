"""The conversation of an online visit for the officer console, answers, and halopst's
answers feed. Officers see only their own office's visits (404 otherwise)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from infra.security import Principal, Role, require
from infra.service import provided
from services.intake.api.dependencies import ChannelClient
from services.intake.container import IntakeContainer
from services.intake.conversations import MAX_ANSWER, Conversations

router = APIRouter()
Officer = Annotated[Principal, require(Role.OFFICER, Role.SUPERVISOR)]


def conversations(
    parts: Annotated[IntakeContainer, Depends(provided(IntakeContainer))],
) -> Conversations:
    return parts.conversations


ConversationsDep = Annotated[Conversations, Depends(conversations)]


class MessageOut(BaseModel):
    direction: str = Field(description="`in` from the visitor, `out` to the visitor")
    at: datetime | None
    kind: str | None = None
    text: str | None = None
    subject: str | None = None
    attachments: list[str] = []
    clock_flag: str | None = Field(
        None, description="`stale`/`future`: the channel's timestamp was not trusted"
    )
    channel_timestamp: datetime | None = None
    # outbound only
    message_id: str | None = None
    purpose: str | None = None
    author: str | None = None
    status: str | None = Field(None, description="pending, sending, sent, set_aside")
    delivery_status: str | None = Field(None, description="sent, delivered, read, failed")
    mode: str | None = Field(None, description="whatsapp: text or template")
    attempts: int | None = None
    sent_at: datetime | None = None
    reason: str | None = None


class ConversationOut(BaseModel):
    visit_id: UUID
    office_id: str
    channel: str
    visitor_name: str | None
    contact: str | None = Field(description="Masked: enough to recognise, not to copy.")
    arrived_at: datetime
    departed_at: datetime | None
    consultation_type: str | None
    consultation_type_label: str | None = Field(
        None, description="Jenis konsultasi dalam Bahasa Indonesia / the type, in Indonesian"
    )
    purpose: str | None
    messages: list[MessageOut]
    whatsapp_window_closes_at: datetime | None
    answer_mode: str = Field(
        description="How an answer goes now: whatsapp `text` (inside the 24-hour window) "
        "or `template`; `email`; `halopst`"
    )
    answered: bool
    outcome: str | None = Field(None, description="Closed as `answered` or `unreachable`")
    actions: list[str] = Field(description="What the officer may do with this visit")


class AnswerIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "Data IPM Kota Blitar 2020-2025 ada di blitarkota.bps.go.id/indicator"}
            ]
        },
    )
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        max_length=MAX_ANSWER
    )


class OutboundOut(BaseModel):
    message_id: str
    channel: str
    purpose: str
    text: str
    status: str
    delivery_status: str | None
    mode: str
    attempts: int
    recorded_at: datetime
    sent_at: datetime | None
    reason: str | None


class HalopstAnswerOut(OutboundOut):
    request_id: str | None


class HalopstAnswersOut(BaseModel):
    answers: list[HalopstAnswerOut]
    next_after: int = Field(description="Pass as `after` on the next poll")


class CloseIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"outcome": "answered"}]}
    )
    outcome: Literal["answered", "unreachable"]


def conversation_out(found: dict[str, Any]) -> ConversationOut:
    online = found["channel"] != "walk_in" and found["departed_at"] is None
    actions = ["answer", "close_answered", "mark_unreachable"] if online else []
    return ConversationOut(**found, actions=actions)


@router.get(
    "/visits/{visit_id}/conversation",
    response_model=ConversationOut,
    summary="Percakapan kunjungan online / the conversation of an online visit",
    description=(
        "Permintaan dan setiap pesan masuk dan keluar berurutan, lampiran disebut namanya, "
        "status pengiriman jawaban, dan mode WhatsApp (teks dalam jendela 24 jam, templat di "
        "luar). Hanya kantor petugas sendiri (404). / The request and every message in order."
    ),
)
def get_conversation(
    visit_id: UUID, talks: ConversationsDep, principal: Officer
) -> ConversationOut:
    return conversation_out(talks.view(visit_id, principal.may_act_for))


@router.post(
    "/visits/{visit_id}/answers",
    status_code=status.HTTP_201_CREATED,
    response_model=OutboundOut,
    summary="Jawab pengunjung online / answer an online visitor",
    description=(
        "Dicatat dulu di outbox, lalu dikirim lewat kanal kunjungan (WhatsApp, e-mail, "
        "halopst). `Idempotency-Key` opsional: jawaban yang sama dikirim ulang tidak "
        "tercatat dua kali. / Recorded first, sent after; an Idempotency-Key repeats safely."
    ),
)
def answer(
    visit_id: UUID,
    body: AnswerIn,
    talks: ConversationsDep,
    principal: Officer,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> OutboundOut:
    key = f"answer:{visit_id}:{principal.subject}:{idempotency_key}" if idempotency_key else None
    found = talks.answer(
        visit_id, body.text, author=principal.subject, may_act_for=principal.may_act_for, key=key
    )
    return OutboundOut(**found)


@router.get(
    "/halopst/answers",
    response_model=HalopstAnswersOut,
    summary="Jawaban untuk halopst (ditarik) / answers for halopst to fetch",
    description=(
        "halopst menarik jawaban petugas setelah kursor `after`, menampilkannya ke pengunjung, "
        "lalu mengonfirmasi tiap jawaban (POST .../received): saat itulah jawaban terkirim. / "
        "halopst polls the answers after its cursor and confirms each one it showed."
    ),
)
def halopst_answers(
    talks: ConversationsDep,
    principal: ChannelClient,
    office_id: Annotated[str, Query(pattern=r"^[0-9]{4}$")],
    after: Annotated[int, Query(ge=0)] = 0,
) -> HalopstAnswersOut:
    found, cursor = talks.halopst_answers(office_id, after, principal.may_act_for)
    return HalopstAnswersOut(answers=[HalopstAnswerOut(**a) for a in found], next_after=cursor)


@router.post(
    "/halopst/answers/{message_id}/received",
    response_model=OutboundOut,
    summary="halopst menerima jawaban / halopst confirms an answer it showed",
    description="Saat konfirmasi inilah jawaban halopst dihitung terkirim / counts as sent.",
)
def halopst_received(
    message_id: UUID, talks: ConversationsDep, principal: ChannelClient
) -> OutboundOut:
    return OutboundOut(**talks.confirm_halopst(message_id, principal.may_act_for))


@router.post(
    "/visits/{visit_id}/close",
    response_model=ConversationOut,
    summary="Tutup kunjungan online / close an online visit (answered, unreachable)",
    description=(
        "`answered` setelah ada jawaban (409 bila belum), `unreachable` bila pengunjung tidak "
        "dapat dihubungi. Hanya kunjungan online (422 untuk kunjungan langsung). / Online "
        "actions: walk-ins keep the queue's walk-in actions."
    ),
)
def close(
    visit_id: UUID, body: CloseIn, talks: ConversationsDep, principal: Officer
) -> ConversationOut:
    return conversation_out(talks.close(visit_id, body.outcome, may_act_for=principal.may_act_for))
