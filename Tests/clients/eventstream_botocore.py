"""Parses AWS event-stream bytes with botocore's own parser, for comparison with Rampart's framing.

stdin: a JSON list of streams, each a hex string. Each stream is fed to botocore.eventstream.EventStreamBuffer in
7-byte pieces. stdout: a JSON list, per stream either {"messages": [{"headers": {name: value}, "payload_hex": ...}]}
or {"error": the botocore exception's class name, "messages": [those parsed before it]}. Header values: booleans,
integers and strings as JSON; byte arrays and UUIDs as {"hex": ...}.
"""
import json
import sys

from botocore.eventstream import EventStreamBuffer


def value(v):
    if isinstance(v, (bytes, bytearray)):
        return {"hex": bytes(v).hex()}
    return v


def parse(data):
    buffer = EventStreamBuffer()
    messages = []
    try:
        for start in range(0, len(data), 7):
            buffer.add_data(data[start:start + 7])
            for message in buffer:
                messages.append({
                    "headers": {name: value(v) for name, v in message.headers.items()},
                    "payload_hex": message.payload.hex(),
                })
    except Exception as error:  # the class name is the answer
        return {"error": type(error).__name__, "messages": messages}
    return {"messages": messages}


json.dump([parse(bytes.fromhex(stream)) for stream in json.load(sys.stdin)], sys.stdout)
