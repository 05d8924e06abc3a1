"""An emulated AWS account on 127.0.0.1: moto's server (PyPI moto[server]), for KMS and the other AWS tests.

Prints the port it listens on, then serves until killed. Known gaps (moto, not AWS): key rotation periods, key
policy evaluation and some Bedrock/SageMaker fields; the tests cover those with recorded AWS responses instead.
"""
import socket
import sys
import time

from moto.server import ThreadedMotoServer

probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
server.start()
print(port, flush=True)
while True:
    time.sleep(3600)
