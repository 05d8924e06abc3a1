"""A test double: an OpenAI-compatible upstream that breaks its connections on purpose, at the TCP level.

The requested model picks the fault: `reset-before` reads the request and resets the connection (RST, via
SO_LINGER 0) before answering; `reset-mid` sends the head of a stream and one event, then resets; `bad-sse` streams
an event whose data is not JSON; `bad-framing` answers with a chunked body whose chunk sizes are not hex.
Prints its port, then serves until killed.
"""
import json
import socket
import struct
import threading


def serve(connection):
    try:
        data = b""
        while b"\r\n\r\n" not in data:
            data += connection.recv(65536)
        head, body = data.split(b"\r\n\r\n", 1)
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += connection.recv(65536)
        model = json.loads(body).get("model")
        stream_head = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
        event = b'data: {"choices":[{"index":0,"delta":{"content":"part "}}]}\n\n'
        chunk = lambda payload: b"%x\r\n%s\r\n" % (len(payload), payload)
        if model == "reset-mid":
            connection.sendall(stream_head + chunk(event))
        elif model == "bad-sse":
            connection.sendall(stream_head + chunk(event) + chunk(b"data: {not json\n\n") + chunk(b"data: [DONE]\n\n") + b"0\r\n\r\n")
            return
        elif model == "bad-framing":
            connection.sendall(stream_head + b"zz\r\nnot a chunk\r\n")
        # reset-before, reset-mid, bad-framing: reset the connection
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except Exception:
        pass
    finally:
        connection.close()


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(64)
print(listener.getsockname()[1], flush=True)
while True:
    client, _ = listener.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
