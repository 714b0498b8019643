"""pydynox 1.8's side of tests/pydynox_encrypted.rs: writes or reads one
patient whose `ssn` is a pydynox EncryptedAttribute under the kit's key and
context, in DynamoDB Local (DYNORM_DYNAMODB_ENDPOINT) with moto's KMS
(DYNORM_KMS_ENDPOINT). Prints one JSON object.

    python encrypted_interop.py write TABLE ID SSN
    python encrypted_interop.py read TABLE ID
"""

import json
import os
import sys

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox._internal._encryption import KmsEncryptor
from pydynox.attributes import EncryptedAttribute, StringAttribute

KEY = "alias/dynorm-kit-a"
CONTEXT = {"purpose": "medical", "tenant": "kit"}
CREDENTIALS = {"access_key": "dynormlocal", "secret_key": "dynormlocal"}

command, table, patient_id = sys.argv[1], sys.argv[2], sys.argv[3]

set_default_client(
    DynamoDBClient(
        region="us-east-1",
        endpoint_url=os.environ["DYNORM_DYNAMODB_ENDPOINT"],
        **CREDENTIALS,
    )
)


class Patient(Model):
    model_config = ModelConfig(table=table)

    pk = StringAttribute(partition_key=True)
    id = StringAttribute()
    name = StringAttribute()
    ssn = EncryptedAttribute(key_id=KEY, region="us-east-1", context=CONTEXT)


Patient._attributes["ssn"]._encryptor = KmsEncryptor(
    key_id=KEY,
    region="us-east-1",
    endpoint_url=os.environ["DYNORM_KMS_ENDPOINT"],
    context=CONTEXT,
    **CREDENTIALS,
)

if command == "write":
    Patient(
        pk=f"PATIENT#{patient_id}", id=patient_id, name="From pydynox", ssn=sys.argv[4]
    ).sync_save()
    print(json.dumps({"written": patient_id}))
elif command == "read":
    patient = Patient.sync_get(pk=f"PATIENT#{patient_id}", consistent_read=True)
    print(json.dumps({"name": patient.name, "ssn": patient.ssn}))
else:
    sys.exit(f"unknown command {command}")
