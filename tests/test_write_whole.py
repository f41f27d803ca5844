"""A record is written whole, also to a non-blocking pipe that fills up (as under --dask)."""

from __future__ import annotations

import os
import threading

from vnreport_extract.write.outputs import write_whole


def test_a_record_reaches_a_full_non_blocking_pipe_whole() -> None:
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    record = b'{"text": "' + b"x" * 300_000 + b'"}\n'  # several times a pipe's buffer
    received = bytearray()

    def reader() -> None:
        with os.fdopen(read_end, "rb", buffering=0) as stream:
            while chunk := stream.read(4096):
                received.extend(chunk)

    thread = threading.Thread(target=reader)
    thread.start()
    with os.fdopen(write_end, "wb") as sink:
        write_whole(sink, record)
        write_whole(sink, b"second\n")
    thread.join(timeout=30)
    assert bytes(received) == record + b"second\n"
