"""rococo's side of the interop test (tests/rococo_interop.rs).

Seed 004's Book Library Tracker, as rococo 1.3.4 runs it against the DynamoDB
endpoint in AWS_ENDPOINT_URL_DYNAMODB, on the tables `{prefix}book` and
`{prefix}book_audit` (dynorm's table tooling creates them).

    python book_interop.py write PREFIX   # creates a book, then saves two versions
    python book_interop.py read PREFIX ENTITY_ID

Each prints one JSON object on stdout: `write` the entity id and the three
versions it saved; `read` the current book as rococo reads it (`as_dict` with
times as isoformat text) and rococo's own audit rows of it.
"""

import json
import sys
from dataclasses import dataclass

from rococo.data.dynamodb import DynamoDbAdapter
from rococo.messaging import MessageAdapter
from rococo.models import VersionedModel
from rococo.repositories.dynamodb import DynamoDbRepository


@dataclass
class Book(VersionedModel):
    title: str = None
    author: str = None
    status: str = "to_read"  # to_read, reading, finished
    rating: int = None  # 1-5 stars
    shelves: list = None
    details: dict = None


class Events(MessageAdapter):
    """Collects what the repository would send to its queue."""

    def __init__(self):
        self.sent = []

    def send_message(self, queue_name, message):
        self.sent.append((queue_name, message))

    def consume_messages(self, queue_name, callback_function=None):
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        pass


def repository(prefix, events):
    repo = DynamoDbRepository(
        db_adapter=DynamoDbAdapter(),
        model=Book,
        message_adapter=events,
        queue_name="book_events",
        user_id="rococo-librarian",
    )
    # rococo names the table after the model; the test's tables carry a prefix.
    repo.table_name = prefix + repo.table_name
    return repo


def write(prefix):
    events = Events()
    repo = repository(prefix, events)
    book = Book(title="The Pragmatic Programmer", author="David Thomas", status="to_read")
    book.shelves = ["craft", "classics"]
    book.details = {"pages": 352, "edition": 2, "signed": False}
    saved = repo.save(book, send_message=True)
    first = saved.version
    saved.status = "reading"
    updated = repo.save(saved, send_message=True)
    second = updated.version
    updated.status = "finished"
    updated.rating = 5
    final = repo.save(updated, send_message=True)
    print(json.dumps({
        "entity_id": final.entity_id,
        "versions": [first, second, final.version],
        "events": len(events.sent),
    }))


def read(prefix, entity_id):
    repo = repository(prefix, Events())
    book = repo.get_one({"entity_id": entity_id})
    if book is None:
        print(json.dumps({"book": None}))
        return
    audit_model = repo.adapter._generate_pynamo_model(
        repo.table_name + "_audit", Book, is_audit=True
    )
    audit = sorted(row.version for row in audit_model.query(entity_id))
    print(json.dumps({
        "book": book.as_dict(convert_datetime_to_iso_string=True),
        "audit_versions": audit,
    }, default=str))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "write":
        write(sys.argv[2])
    elif command == "read":
        read(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {command}")
