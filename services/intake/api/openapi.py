"""OpenAPI request bodies for routes that read the raw body (channels verify it first)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def json_body(
    model: type[BaseModel], examples: list[Any] | None = None, description: str = ""
) -> dict[str, Any]:
    """`openapi_extra` documenting a JSON body by its model, with examples (else the model's)."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})
    examples = examples or schema.pop("examples", [])
    schema.pop("examples", None)
    content: dict[str, Any] = {"schema": inline(schema, definitions)}
    if examples:
        content["examples"] = {
            f"example_{number}": {"value": example} for number, example in enumerate(examples, 1)
        }
    return request_body("application/json", content, description)


def text_body(media_type: str, example: str, description: str = "") -> dict[str, Any]:
    content = {"schema": {"type": "string"}, "example": example}
    return request_body(media_type, content, description)


def request_body(media_type: str, content: dict[str, Any], description: str) -> dict[str, Any]:
    body: dict[str, Any] = {"required": True, "content": {media_type: content}}
    if description:
        body["description"] = description
    return {"requestBody": body}


def inline(node: Any, definitions: dict[str, Any]) -> Any:
    """Replace `#/$defs/...` references by their definitions (the schema stands alone)."""
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/$defs/"):
            return inline(definitions[reference.removeprefix("#/$defs/")], definitions)
        return {key: inline(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [inline(item, definitions) for item in node]
    return node
