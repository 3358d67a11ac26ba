#!/usr/bin/python3
"""A real SMTP server for the tests (Debian's python3-aiosmtpd), never a mock.

    /usr/bin/python3 .ci/smtp-test-server.py DIR

Listens on 127.0.0.1 at a free port and prints `smtp://127.0.0.1:PORT` as its first line.
Every message it receives is decoded by Python's e-mail library and written to DIR as one
JSON file per recipient ({"to", "from", "subject", "text", "html", "headers"}), the raw
message beside it as .eml, so Rust tests and Playwright read mails without a MIME parser.
"""
import asyncio
import email
import email.policy
import json
import os
import sys
import uuid

from aiosmtpd.smtp import SMTP


class JsonDir:
    def __init__(self, directory):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = {"text": None, "html": None}
        for part in msg.walk():
            kind = part.get_content_type()
            if kind in ("text/plain", "text/html") and not part.is_multipart():
                body["text" if kind == "text/plain" else "html"] = part.get_content()
        for rcpt in envelope.rcpt_tos:
            name = f"{asyncio.get_running_loop().time():020.6f}-{uuid.uuid4().hex}"
            record = {
                "to": rcpt.lower(),
                "from": envelope.mail_from,
                "subject": str(msg.get("Subject", "")),
                "headers": {k.lower(): str(v) for k, v in msg.items()},
                **body,
            }
            with open(os.path.join(self.directory, name + ".eml"), "wb") as f:
                f.write(envelope.content)
            # Written under another name first, so a reader never sees half a file.
            tmp = os.path.join(self.directory, "." + name)
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False)
            os.rename(tmp, os.path.join(self.directory, name + ".json"))
        return "250 OK"


async def main(directory):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(JsonDir(directory), enable_SMTPUTF8=True), "127.0.0.1", 0
    )
    port = server.sockets[0].getsockname()[1]
    print(f"smtp://127.0.0.1:{port}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: smtp-test-server.py DIR (an existing directory)")
    asyncio.run(main(sys.argv[1]))
