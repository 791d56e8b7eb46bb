"""docs/configuration.md, generated from the settings tree (`hub config-reference`).

Every `PST_*` variable comes from a field of `HubSettings` or of a model nested in it;
its meaning is the field's `description`, else the comment block written above the field
in its class (the settings classes document themselves that way), else a line below.
A test regenerates the file and compares, so the reference never drifts from the code.
"""

from __future__ import annotations

import inspect
import json
import re
import textwrap
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from hub.settings import ConventionalNames, HubSettings

# Meanings of fields whose class says nothing about them.
MEANINGS = {
    "PST_MODE": "`embedded` (SQLite under the var dir, consumers in-process) or `distributed` "
    "(PostgreSQL, Kafka, one process per role)",
    "PST_OFFICE_ID": "the BPS code of the hub's own office (Kota Blitar: 3572)",
    "PST_VAR_DIR": "local state: SQLite stores (embedded), generated secrets, tokens, first "
    "admin token",
    "PST_DATABASE_URL": "PostgreSQL URL (distributed); also read as `DATABASE_URL`",
    "PST_DATABASE_POOL_SIZE": "connections kept per store",
    "PST_DATABASE_MAX_OVERFLOW": "extra connections a store may open under load",
    "PST_DATABASE_LOCK_TIMEOUT_SECONDS": "how long a write waits for a table lock",
    "PST_KAFKA_BOOTSTRAP_SERVERS": "Kafka brokers, `host:port,...` (distributed); also read as "
    "`KAFKA_BOOTSTRAP_SERVERS`",
    "PST_KAFKA_TOPIC_PREFIX": "prefix of every topic and consumer group (several hubs, or "
    "tests, on one broker)",
    "PST_KAFKA_PARTITIONS": "partitions of each topic when the hub creates it: the most "
    "consumer processes of one group that share the work",
    "PST_KAFKA_LINGER_MS": "how long the producer waits to fill a batch",
    "PST_KAFKA_BATCH_BYTES": "the producer's batch size per partition",
    "PST_KAFKA_MAX_REQUEST_BYTES": "the largest request the producer sends",
    "PST_KAFKA_RETRIES": "producer retries before a batch fails (the relay then re-sends it)",
    "PST_KAFKA_REQUEST_TIMEOUT_MS": "how long the producer waits for one broker answer",
    "PST_KAFKA_DELIVERY_TIMEOUT_MS": "how long a batch may take to be acknowledged, retries "
    "included; then it fails and the relay re-sends it from its recorded position",
    "PST_KAFKA_MAX_POLL_RECORDS": "records a consumer takes per poll",
    "PST_KAFKA_FETCH_MAX_BYTES": "the most bytes a consumer fetches at once",
    "PST_KAFKA_MAX_PARTITION_FETCH_BYTES": "the most bytes a consumer fetches per partition",
    "PST_INTAKE_WHATSAPP_VERIFY_TOKEN": "WhatsApp Cloud API: the token Meta echoes in the GET "
    "handshake of the webhook",
    "PST_INTAKE_WHATSAPP_APP_SECRET": "WhatsApp Cloud API: the app secret that signs every "
    "webhook POST (`X-Hub-Signature-256`); unset, the channel is closed (503)",
    "PST_INTAKE_EMAIL_GATEWAY_KEY": "key with which the inbound mail gateway signs each raw "
    "message (`X-Pst-Signature-256`); unset, the channel is closed (503)",
    "PST_FEEDBACK_SURVEY_LINK_TEMPLATE": "the hub's public URL for survey links sent to "
    "visitors; `{token}` is replaced by the link's token",
    "PST_DATABASE_CREATE_TABLES": "create schemas, tables and topics at start-up, one process "
    "at a time (PostgreSQL advisory lock), so any number may start together; `false` when "
    "`hub migrate` does it before",
    "PST_RELAY_BATCH_SIZE": "notifications a relay or a consumer takes per batch",
    "PST_CIPHER_KEY": "AES-GCM key (base64, 32 bytes) of the stores' personal data; every "
    "process must have the same (default: generated into `<var dir>/secrets.json`)",
    "PST_VISITOR_REF_KEY": "key of the keyed hash `visitor_ref`; every process must have the "
    "same (default: generated into `<var dir>/secrets.json`)",
    "PST_INTAKE_GRAPH_API_VERSION": "WhatsApp Graph API version used for replies",
    "PST_INTAKE_EMAIL_REPLY_FROM": "sender address of e-mail replies",
    "PST_FEEDBACK_SURVEY_EXPIRY_HOURS": "how long a survey link stays valid",
    "PST_REPORTING_HEARTBEAT_SECONDS": "interval of the dashboard stream's keep-alive",
    "PST_SMTP_HOST": "mail server (none: evaluations are stored, not sent)",
    "PST_SMTP_PORT": "mail server port",
    "PST_SMTP_USERNAME": "mail server login",
    "PST_SMTP_PASSWORD": "mail server password",
    "PST_SMTP_STARTTLS": "upgrade the connection with STARTTLS",
    "PST_SMTP_SSL": "connect with TLS from the start (port 465)",
    "PST_SMTP_SENDER": "sender address of the evaluations",
    "PST_SMTP_TIMEOUT_SECONDS": "mail server timeout",
}

HEADER = """# Configuration reference

Generated from the settings classes by `hub config-reference > docs/configuration.md`;
`hub/tests/test_config_reference.py` fails when this file and the code differ.

The hub reads its environment once, at start-up (and a `.env` file in the working
directory). Names: the prefix `PST_`, then the section, then the field:
`PST_KAFKA_TOPIC_PREFIX` is `kafka.topic_prefix`. Lists and mappings are JSON
(`PST_REPORTING_MANAGERS='{"3572": ["kepala@bps.go.id"]}'`). Conventional names also
read: {conventional}.

**Secrets** (marked 🔒) are never printed or logged. In distributed mode every process
on every host must share the same `PST_CIPHER_KEY`, `PST_VISITOR_REF_KEY` and token file
(or var dir), besides the database and the broker.
"""


class Variable(NamedTuple):
    name: str
    type: str
    default: str
    meaning: str
    secret: bool


def field_comments(cls: type) -> tuple[dict[str, str], dict[str, str]]:
    """The comment block right above each field in the class's source (`own`), and the
    block above a run of fields for the others of the run (`shared`; a blank line ends it)."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}, {}
    own: dict[str, str] = {}
    shared: dict[str, str] = {}
    block: list[str] = []
    above = ""
    for line in source.splitlines()[1:]:
        stripped = line.strip()
        if stripped.startswith("#"):
            block.append(stripped.lstrip("# ").rstrip())
            continue
        field = re.match(r"(\w+)\s*:", stripped)
        if field and line.startswith("    ") and not line.startswith("     "):
            if block:
                above, block = " ".join(block), []
                own[field.group(1)] = above
            elif above:
                shared[field.group(1)] = above
            continue
        block, above = [], ""
    return own, shared


def _type_name(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    text = text or str(annotation).replace("typing.", "")
    return re.sub(r"pydantic\.types\.|pathlib\.|<class '|'>", "", text)


def _default(field: FieldInfo) -> str:
    if field.default is PydanticUndefined and field.default_factory is not None:
        value: Any = field.default_factory()  # type: ignore[call-arg]
    else:
        value = field.default
    if value is None:
        return "—"
    if isinstance(value, SecretStr):
        return "(set)"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, dict | list):
        return "`" + json.dumps(value) + "`"
    return f"`{value}`"


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def variables(model: type[BaseModel] = HubSettings, prefix: str = "PST_") -> Iterator[Variable]:
    """Every variable of the tree, in the order of the classes' fields."""
    own: dict[str, str] = {}
    shared: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        mine, run = field_comments(cls)
        own.update(mine)
        shared.update(run)
    for name, field in model.model_fields.items():
        env = prefix + name.upper()
        section = field.annotation
        if isinstance(section, type) and issubclass(section, BaseModel) and prefix == "PST_":
            yield from variables(section, env + "_")
            continue
        meaning = field.description or MEANINGS.get(env) or own.get(name) or shared.get(name, "")
        secret = "SecretStr" in str(field.annotation)
        yield Variable(env, _type_name(field.annotation), _default(field), meaning, secret)


def render() -> str:
    conventional = ", ".join(f"`{name}`" for name in ConventionalNames.NAMES)
    sections = {name.upper() for name in _sections()}
    groups: dict[str, list[Variable]] = {"hub": []}
    for variable in variables():
        head = variable.name.removeprefix("PST_").split("_", 1)[0]
        groups.setdefault(head.lower() if head in sections else "hub", []).append(variable)
    lines = [HEADER.replace("{conventional}", conventional)]
    for group, members in groups.items():
        lines += [
            f"## {group}",
            "",
            "| variable | type | default | meaning |",
            "| --- | --- | --- | --- |",
        ]
        for variable in members:
            lock = " 🔒" if variable.secret else ""
            meaning = variable.meaning.replace("|", "\\|")
            kind = variable.type.replace("|", "\\|")
            lines.append(f"| `{variable.name}`{lock} | {kind} | {variable.default} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


def _sections() -> list[str]:
    return [n for n, f in HubSettings.model_fields.items() if _is_section(f.annotation)]


def reference_path() -> Path:
    return Path(__file__).resolve().parent.parent / "docs" / "configuration.md"
