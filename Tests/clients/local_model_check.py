"""Drives the official `openai` client through a Rampart gateway to a real model server (scripts/peers/local-llm.sh).

usage: local_model_check.py BASE_URL MODEL API_KEY                 plain and streaming chat
       local_model_check.py BASE_URL MODEL API_KEY STOP_COMMAND... a stream during which STOP_COMMAND stops the
                                                                   model server, after the first chunk arrives
Prints one JSON object; the Swift test asserts on it.
"""
import json
import subprocess
import sys
import time

import openai
from openai import OpenAI

base_url, model, api_key = sys.argv[1:4]
stop_command = sys.argv[4:]
client = OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=120)
question = [{"role": "user", "content": "Name three colours of the rainbow."}]
result = {}

if not stop_command:
    plain = client.chat.completions.create(model=model, messages=question, max_tokens=24, temperature=0)
    result["plain"] = {"content": plain.choices[0].message.content, "finish_reason": plain.choices[0].finish_reason,
                       "total_tokens": plain.usage.total_tokens if plain.usage else None}
    pieces = []
    for chunk in client.chat.completions.create(model=model, messages=question, max_tokens=24, temperature=0, stream=True):
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
    result["stream"] = {"content": "".join(pieces), "chunks": len(pieces)}
else:
    long_answer = [{"role": "user", "content": "Write a long story about a lighthouse keeper, in many paragraphs."}]
    pieces, started = [], time.monotonic()
    try:
        for chunk in client.chat.completions.create(model=model, messages=long_answer, max_tokens=1500, stream=True):
            if chunk.choices and chunk.choices[0].delta.content:
                pieces.append(chunk.choices[0].delta.content)
                if len(pieces) == 1:
                    result["first_chunk_seconds"] = time.monotonic() - started
                    t = time.monotonic()
                    result["stop"] = subprocess.run(stop_command, capture_output=True, text=True).returncode
                    result["stop_seconds"] = time.monotonic() - t
        result["error"] = None
    except openai.APIError as error:
        result["error"] = type(error).__name__
        result["message"] = str(error)
    result["chunks"] = len(pieces)
    result["seconds"] = time.monotonic() - started

print(json.dumps(result))
