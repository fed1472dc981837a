"""A ``graphChanged`` subscriber in its own process, logging when each change arrives.

``python -m benchmarks.subscriber ws://HOST:PORT/graphql OUT`` speaks graphql-transport-ws
(connection_init, subscribe, then next messages) and appends one tab-separated line per
change to ``OUT``: the relationship id, the change's commit time (``at``, ISO) and the wall
clock time it was received (Unix seconds). It runs until it is terminated.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

__all__ = ["SUBSCRIPTION", "main"]

SUBSCRIPTION = "subscription { graphChanged { version at relationshipId } }"


async def listen(url: str, out: Path) -> None:
    async with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        ack = json.loads(await ws.recv())
        assert ack["type"] == "connection_ack", ack
        await ws.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})
        )
        with out.open("a", encoding="utf-8") as log:
            async for raw in ws:
                received = time.time()
                message = json.loads(raw)
                if message["type"] == "ping":
                    await ws.send(json.dumps({"type": "pong"}))
                    continue
                if message["type"] != "next":
                    raise RuntimeError(f"subscription ended: {message}")
                change = message["payload"]["data"]["graphChanged"]
                log.write(f"{change['relationshipId']}\t{change['at']}\t{received:.6f}\n")
                log.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    asyncio.run(listen(args.url, args.out))


if __name__ == "__main__":
    main()
