"""Drives a Rampart gateway's /v1/messages with the official `anthropic` client, unchanged but for the base URL.

Prints one JSON object with what each call returned; the Swift test asserts on it.
Usage: anthropic_check.py BASE_URL MODEL API_KEY
"""
import json
import sys

import anthropic

base_url, model, api_key = sys.argv[1], sys.argv[2], sys.argv[3]
client = anthropic.Anthropic(base_url=base_url, api_key=api_key, max_retries=0, timeout=20)
result = {"anthropic_version": anthropic.__version__}

message = client.messages.create(
    model=model, max_tokens=16, system="Be brief.", messages=[{"role": "user", "content": "Which scope is a chatbot?"}]
)
result["plain"] = {
    "text": message.content[0].text,
    "stop_reason": message.stop_reason,
    "output_tokens": message.usage.output_tokens,
}

with client.messages.stream(model=model, max_tokens=16, messages=[{"role": "user", "content": "Stream please"}]) as stream:
    text = "".join(stream.text_stream)
    final = stream.get_final_message()
result["stream"] = {"text": text, "stop_reason": final.stop_reason, "output_tokens": final.usage.output_tokens}

# Function calling, plain and streamed: the simulator calls the first tool offered with the user's words.
tools = [{"name": "lookup_control", "description": "Looks up a control of the catalog.",
          "input_schema": {"type": "object", "properties": {"input": {"type": "string"}}, "required": ["input"]}}]
ask = [{"role": "user", "content": "Look up control KEY-ROTATION"}]
called = client.messages.create(model=model, max_tokens=64, tools=tools, messages=ask)
use = next(block for block in called.content if block.type == "tool_use")
answered = client.messages.create(model=model, max_tokens=64, tools=tools, messages=ask + [
    {"role": "assistant", "content": called.content},
    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "KEY-ROTATION: rotate every 90 days"}]},
])
with client.messages.stream(model=model, max_tokens=64, tools=tools, tool_choice={"type": "any"}, messages=ask) as stream:
    final = stream.get_final_message()
streamed = [block for block in final.content if block.type == "tool_use"]
result["tools"] = {
    "stop_reason": called.stop_reason, "name": use.name, "input": use.input, "id": use.id,
    "answer": answered.content[0].text, "answer_stop_reason": answered.stop_reason,
    "streamed_stop_reason": final.stop_reason, "streamed": [{"name": b.name, "input": b.input, "id": b.id} for b in streamed],
}

try:
    client.messages.create(model="no-such-model", max_tokens=8, messages=[{"role": "user", "content": "hi"}])
    result["not_found"] = None
except anthropic.NotFoundError as error:
    result["not_found"] = {"status": error.status_code, "type": error.body["error"]["type"], "code": error.body["error"]["code"]}

try:
    client.messages.create(model=model, max_tokens=8, messages=[{"role": "system", "content": "hi"}])
    result["bad_request"] = None
except anthropic.BadRequestError as error:
    result["bad_request"] = {"status": error.status_code, "code": error.body["error"]["code"]}

print(json.dumps(result))
