"""JSON Schema export of the envelope and every catalogue payload (`hub events schema`)."""

from __future__ import annotations

from typing import Any

from events.catalogue import CATALOGUE, LATEST_VERSION, SOURCE_OF
from events.envelope import Envelope


def json_schemas() -> dict[str, Any]:
    return {
        "envelope": Envelope.model_json_schema(),
        "events": {
            name: {
                "source": SOURCE_OF[name],
                "schema_version": LATEST_VERSION[name],
                "data": model.model_json_schema(),
            }
            for name, model in CATALOGUE.items()
        },
    }
