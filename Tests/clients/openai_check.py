"""Drives a Rampart gateway with the official `openai` client, unchanged but for the base URL.

Prints one JSON object with what each call returned; the Swift test asserts on it.
Usage: openai_check.py BASE_URL MODEL API_KEY
"""
import json
import sys

import openai
from openai import OpenAI

base_url, model, api_key = sys.argv[1], sys.argv[2], sys.argv[3]
client = OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=20)
result = {"openai_version": openai.__version__}

result["models"] = [m.id for m in client.models.list()]

embedded = client.embeddings.create(model=model, input=["first text", "second text"])
result["embeddings"] = {"count": len(embedded.data), "dimensions": len(embedded.data[0].embedding),
                        "indexes": [d.index for d in embedded.data], "prompt_tokens": embedded.usage.prompt_tokens}

plain = client.chat.completions.create(
    model=model, messages=[{"role": "user", "content": "Which scope is a support chatbot?"}], max_tokens=16
)
result["plain"] = {
    "content": plain.choices[0].message.content,
    "finish_reason": plain.choices[0].finish_reason,
    "total_tokens": plain.usage.total_tokens if plain.usage else None,
    "model": plain.model,
}

text, chunks, usage = "", 0, None
with client.chat.completions.create(
    model=model,
    messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Stream please"}],
    max_tokens=16,
    stream=True,
    stream_options={"include_usage": True},
) as stream:
    for chunk in stream:
        chunks += 1
        if chunk.choices:
            text += chunk.choices[0].delta.content or ""
        if chunk.usage:
            usage = chunk.usage.total_tokens
result["stream"] = {"content": text, "chunks": chunks, "total_tokens": usage}

# Function calling: the model calls the tool, the client runs it and sends the result back, plain and streamed.
tools = [{"type": "function", "function": {
    "name": "lookup_control", "description": "Looks up a control of the catalog by its id.",
    "parameters": {"type": "object", "properties": {"input": {"type": "string", "description": "The control id"}}, "required": ["input"]},
}}]
ask = [{"role": "user", "content": "Look up control KEY-ROTATION"}]
called = client.chat.completions.create(model=model, messages=ask, tools=tools, tool_choice="auto")
call = called.choices[0].message.tool_calls[0]
answered = client.chat.completions.create(model=model, tools=tools, messages=ask + [
    {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
    {"role": "tool", "tool_call_id": call.id, "content": "KEY-ROTATION: rotate per-model keys every 90 days."},
])
streamed_calls = {}
finish = None
with client.chat.completions.create(model=model, messages=ask, tools=tools, stream=True) as stream:
    for chunk in stream:
        if not chunk.choices:
            continue
        for piece in chunk.choices[0].delta.tool_calls or []:
            entry = streamed_calls.setdefault(piece.index, {"id": "", "name": "", "arguments": ""})
            entry["id"] = piece.id or entry["id"]
            entry["name"] += (piece.function.name or "") if piece.function else ""
            entry["arguments"] += (piece.function.arguments or "") if piece.function else ""
        finish = chunk.choices[0].finish_reason or finish
result["tools"] = {
    "finish_reason": called.choices[0].finish_reason, "content": called.choices[0].message.content,
    "name": call.function.name, "arguments": json.loads(call.function.arguments),
    "answer": answered.choices[0].message.content, "answer_finish_reason": answered.choices[0].finish_reason,
    "streamed": [streamed_calls[i] for i in sorted(streamed_calls)], "streamed_finish_reason": finish,
}

try:
    client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
    result["not_found"] = None
except openai.NotFoundError as error:
    result["not_found"] = {"status": error.status_code, "code": error.code, "message": error.message}

try:
    client.chat.completions.create(model=model, messages=[{"role": "wizard", "content": "hi"}])
    result["bad_request"] = None
except openai.BadRequestError as error:
    result["bad_request"] = {"status": error.status_code, "code": error.code, "param": error.param}

print(json.dumps(result))
