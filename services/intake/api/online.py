"""Online channel routes: halopst requests, the WhatsApp Cloud API webhook, e-mail inbound.

halopst authenticates with a bearer token of role `channel`; WhatsApp and the mail
gateway authenticate by an HMAC-SHA256 signature of the raw body, checked first.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import PlainTextResponse

from infra.idempotency import idempotent_writes
from services.intake.api.dependencies import ChannelClient, InboxDep, RawDep
from services.intake.api.openapi import json_body, text_body
from services.intake.api.schemas import ArrivalOut, WebhookReceipt
from services.intake.application import IntakeApplication
from services.intake.channels.halopst import HalopstRequest
from services.intake.channels.whatsapp import Webhook, WhatsAppChannel

router = APIRouter(route_class=idempotent_writes(IntakeApplication))

WHATSAPP_EXAMPLE = {
    "object": "whatsapp_business_account",
    "entry": [
        {
            "id": "102290129340398",
            "changes": [
                {
                    "value": {
                        "messaging_product": "whatsapp",
                        "metadata": {
                            "display_phone_number": "6285182262225",
                            "phone_number_id": "106540352242922",
                        },
                        "contacts": [{"profile": {"name": "Budi"}, "wa_id": "6281234567890"}],
                        "messages": [
                            {
                                "from": "6281234567890",
                                "id": "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDNzk3QTc2RDlGMwA=",
                                "timestamp": "1773714600",
                                "type": "text",
                                "text": {"body": "Selamat pagi, saya butuh data IPM Kota Blitar."},
                            }
                        ],
                    },
                    "field": "messages",
                }
            ],
        }
    ],
}

EMAIL_EXAMPLE = (
    "From: Rina Wulandari <rina.w@example.com>\r\n"
    "To: pst3572@bps.go.id\r\n"
    "Subject: Permintaan data kemiskinan\r\n"
    "Date: Tue, 17 Mar 2026 09:12:00 +0700\r\n"
    "Message-ID: <CAF=rina.2026.0317@mail.example.com>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Mohon data persentase penduduk miskin Kota Blitar 2020-2025.\r\n"
)


@router.post(
    "/halopst/requests",
    status_code=status.HTTP_201_CREATED,
    response_model=ArrivalOut,
    summary="Permintaan konsultasi dari halopst / a halopst consultation request",
    description=(
        "Dikirim halopst dengan token peran `channel`. Wajib `registered_email` dan "
        "`consultation_type` dari katalog. Permintaan yang sama (`request_id`) dikirim ulang "
        "dijawab 200 dengan kunjungan yang sama. / Posted by halopst with a `channel` token; "
        "a repeated `request_id` answers 200 with the same visit."
    ),
    openapi_extra=json_body(HalopstRequest),
    responses={200: {"model": ArrivalOut, "description": "A repeat of a recorded request"}},
)
def halopst_request(
    raw: RawDep, inbox: InboxDep, principal: ChannelClient, response: Response
) -> ArrivalOut:
    [received] = inbox.receive("halopst", raw, principal.may_act_for)
    if received.arrival.duplicate:
        response.status_code = status.HTTP_200_OK
    return ArrivalOut.of(received)


@router.get(
    "/whatsapp/webhook",
    response_class=PlainTextResponse,
    summary="Verifikasi webhook WhatsApp / WhatsApp webhook verification handshake",
    description="Meta memanggil ini saat webhook didaftarkan; dijawab dengan `hub.challenge`.",
    responses={403: {"description": "Token verifikasi salah / wrong verify token"}},
)
def whatsapp_handshake(
    inbox: InboxDep,
    mode: Annotated[str | None, Query(alias="hub.mode")] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge")] = None,
) -> str:
    channel = inbox.channels["whatsapp"]
    assert isinstance(channel, WhatsAppChannel)
    return channel.handshake(mode, token, challenge)


@router.post(
    "/whatsapp/webhook",
    response_model=WebhookReceipt,
    summary="Webhook WhatsApp Cloud API / WhatsApp Cloud API webhook",
    description=(
        "Header `X-Hub-Signature-256: sha256=<HMAC-SHA256 body, app secret>` wajib dan "
        "diperiksa sebelum isi dibaca (401 bila salah). Pesan pertama membuka kunjungan, "
        "berikutnya bergabung; kiriman ulang (id `wamid` sama) tidak dicatat dua kali; "
        "callback `statuses` diterima dan diabaikan. / Signed by Meta; redeliveries are "
        "deduplicated on the message id; status callbacks are accepted and ignored."
    ),
    openapi_extra=json_body(Webhook, [WHATSAPP_EXAMPLE]),
)
def whatsapp_webhook(raw: RawDep, inbox: InboxDep) -> WebhookReceipt:
    return WebhookReceipt.of(inbox.receive("whatsapp", raw))


@router.post(
    "/email/inbound",
    response_model=WebhookReceipt,
    summary="E-mail masuk (RFC 5322) / inbound e-mail from the mail gateway",
    description=(
        "Isi permintaan adalah pesan e-mail mentah; header `X-Pst-Signature-256: "
        "sha256=<HMAC-SHA256 body, gateway key>`. Pengirim membuka atau melanjutkan "
        "kunjungan; balasan (In-Reply-To/References) melanjutkan utasnya. Query `office_id` "
        "opsional. / The raw message, signed by the gateway; a reply continues its thread."
    ),
    openapi_extra=text_body("message/rfc822", EMAIL_EXAMPLE, "A raw RFC 5322 message."),
)
def email_inbound(raw: RawDep, inbox: InboxDep) -> WebhookReceipt:
    return WebhookReceipt.of(inbox.receive("email", raw))
