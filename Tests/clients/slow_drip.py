"""Opens a connection, sends a request head and 10 of 1000 promised body bytes, then goes quiet.

Prints the seconds until the server closed the connection (or "open" after 10 s).
Usage: slow_drip.py PORT API_KEY (authenticated, so that the body is read)
"""
import socket
import sys
import time

sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + sys.argv[2].encode() + b"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":")
start = time.monotonic()
sock.settimeout(10)
try:
    while sock.recv(4096):
        pass
    print(f"{time.monotonic() - start:.2f}")
except socket.timeout:
    print("open")
except OSError:
    print(f"{time.monotonic() - start:.2f}")
