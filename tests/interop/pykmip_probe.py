"""Drives PyKMIP's client (from PyPI) against an hsmgate server and prints what it saw as JSON.

Usage: pykmip_probe.py SCENARIO --port P --pki DIR --version 1.2|1.4|2.0
The Rust test that runs this script asserts on the JSON; this script only reports.
"""
import argparse
import json
import ssl
import sys

from kmip.core import enums
from kmip.services.kmip_client import KMIPProxy

VERSIONS = {
    "1.0": enums.KMIPVersion.KMIP_1_0,
    "1.1": enums.KMIPVersion.KMIP_1_1,
    "1.2": enums.KMIPVersion.KMIP_1_2,
    "1.3": enums.KMIPVersion.KMIP_1_3,
    "1.4": enums.KMIPVersion.KMIP_1_4,
    "2.0": enums.KMIPVersion.KMIP_2_0,
}


def proxy(args):
    client = KMIPProxy(
        host="127.0.0.1",
        port=args.port,
        certfile=f"{args.pki}/client.pem",
        keyfile=f"{args.pki}/client.key",
        ca_certs=f"{args.pki}/ca.pem",
        cert_reqs="CERT_REQUIRED",
        ssl_version="PROTOCOL_TLS",
        kmip_version=VERSIONS[args.version],
        timeout=20,
    )
    client.open()
    return client


def status(result):
    return {
        "status": result.result_status.value.name,
        "reason": result.result_reason.value.name if result.result_reason else None,
        "message": result.result_message.value if result.result_message else None,
    }


def discover_and_query(args):
    client = proxy(args)
    try:
        discovered = client.discover_versions()
        queried = client.query(query_functions=[
            enums.QueryFunction.QUERY_OPERATIONS,
            enums.QueryFunction.QUERY_SERVER_INFORMATION,
        ])
        return {
            "discover": dict(status(discovered), versions=[
                f"{v.major}.{v.minor}" for v in (discovered.protocol_versions or [])
            ]),
            "query": dict(status(queried), operations=[
                op.name for op in (queried.operations or [])
            ], vendor=queried.vendor_identification),
        }
    finally:
        client.close()


def pie_client(args):
    from kmip.pie.client import ProxyKmipClient

    client = ProxyKmipClient(
        hostname="127.0.0.1",
        port=args.port,
        cert=f"{args.pki}/client.pem",
        key=f"{args.pki}/client.key",
        ca=f"{args.pki}/ca.pem",
        ssl_version="PROTOCOL_TLS",
        kmip_version=VERSIONS[args.version],
    )
    client.open()
    return client


def key_lifecycle(args):
    """Create, Register, Get Attributes, Activate, Encrypt/Decrypt (CBC), Revoke, Destroy."""
    from kmip.pie import objects

    seen = {}
    client = pie_client(args)
    try:
        usage = [enums.CryptographicUsageMask.ENCRYPT, enums.CryptographicUsageMask.DECRYPT]
        uid = client.create(enums.CryptographicAlgorithm.AES, 256, cryptographic_usage_mask=usage)
        seen["created"] = uid
        _, attributes = client.get_attributes(uid, ["State", "Cryptographic Algorithm", "Cryptographic Length"])
        seen["attributes_before"] = {a.attribute_name.value: str(a.attribute_value) for a in attributes}
        client.activate(uid)
        _, attributes = client.get_attributes(uid, ["State"])
        seen["state_after_activate"] = str(attributes[0].attribute_value)
        params = {
            "block_cipher_mode": enums.BlockCipherMode.CBC,
            "padding_method": enums.PaddingMethod.PKCS5,
            "cryptographic_algorithm": enums.CryptographicAlgorithm.AES,
        }
        plaintext = b"PyKMIP talks to hsmgate over KMIP " + args.version.encode()
        iv = bytes(range(16))
        ciphertext, _ = client.encrypt(plaintext, uid, cryptographic_parameters=params, iv_counter_nonce=iv)
        seen["ciphertext_len"] = len(ciphertext)
        seen["round_trip"] = client.decrypt(ciphertext, uid, cryptographic_parameters=params,
                                            iv_counter_nonce=iv) == plaintext
        client.revoke(enums.RevocationReasonCode.CESSATION_OF_OPERATION, uid)
        client.destroy(uid)
        _, attributes = client.get_attributes(uid, ["State"])
        seen["state_after_destroy"] = str(attributes[0].attribute_value)

        key = objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 128, bytes(range(16)),
                                   masks=[enums.CryptographicUsageMask.ENCRYPT])
        registered = client.register(key)
        seen["registered"] = registered
        client.activate(registered)
        ecb = {"block_cipher_mode": enums.BlockCipherMode.ECB,
               "cryptographic_algorithm": enums.CryptographicAlgorithm.AES}
        block, _ = client.encrypt(bytes.fromhex("00112233445566778899aabbccddeeff"), registered,
                                  cryptographic_parameters=ecb)
        seen["fips197_ecb"] = block.hex()
        return seen
    finally:
        client.close()


def attributes(args):
    """Locate (name, length, paging), Get Attribute List, Modify/Delete Attribute; Set Attribute
    in 2.0."""
    from kmip.core import objects as cobjects
    from kmip.core.factories import attributes as attribute_factory

    make = attribute_factory.AttributeFactory().create_attribute
    seen = {}
    client = pie_client(args)
    try:
        suffix = args.version
        a = client.create(enums.CryptographicAlgorithm.AES, 128, name=f"pykmip-a-{suffix}")
        b = client.create(enums.CryptographicAlgorithm.AES, 256, name=f"pykmip-b-{suffix}")
        seen["a"], seen["b"] = a, b
        seen["by_name"] = client.locate(attributes=[make(enums.AttributeType.NAME, f"pykmip-a-{suffix}")])
        seen["by_length"] = client.locate(attributes=[
            make(enums.AttributeType.CRYPTOGRAPHIC_LENGTH, 256),
            make(enums.AttributeType.NAME, f"pykmip-b-{suffix}"),
        ])
        seen["first_page"] = client.locate(maximum_items=1)
        seen["attribute_list"] = client.get_attribute_list(a)
        renamed = f"pykmip-renamed-{suffix}"
        if args.version == "2.0":
            value = client.attribute_value_factory.create_attribute_value_by_enum
            client.modify_attribute(a, new_attribute=cobjects.NewAttribute(
                attribute=value(enums.Tags.NAME, renamed)))
            client.set_attribute(a, attribute_name="Contact Information", attribute_value="ops@example.com")
            seen["by_contact"] = client.locate(attributes=[
                make(enums.AttributeType.CONTACT_INFORMATION, "ops@example.com")])
            client.delete_attribute(a, current_attribute=cobjects.CurrentAttribute(
                attribute=value(enums.Tags.NAME, renamed)))
        else:
            _, modified = client.modify_attribute(a, attribute=make(enums.AttributeType.NAME, renamed, 0))
            seen["modified"] = modified.attribute_value.name_value.value
            seen["by_new_name"] = client.locate(attributes=[make(enums.AttributeType.NAME, renamed)])
            _, deleted = client.delete_attribute(a, attribute_name="Name", attribute_index=0)
            seen["deleted"] = deleted.attribute_value.name_value.value if deleted else None
        seen["after_delete"] = client.locate(attributes=[make(enums.AttributeType.NAME, renamed)])
        return seen
    finally:
        client.close()


def failure(error):
    """The Result Reason and message of a PyKMIP operation failure."""
    reason = getattr(error, "reason", None)
    return {"reason": getattr(reason, "name", str(reason)), "message": str(error)}


def key_export(args):
    """Register then Get a symmetric key; Create Key Pair, Get the public key, Sign with the
    private key, Signature Verify; Get the (non-extractable) private key."""
    import os

    from kmip.pie import exceptions, objects

    seen = {}
    client = pie_client(args)
    try:
        material = os.urandom(32)
        key = objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 256, material,
                                   masks=[enums.CryptographicUsageMask.ENCRYPT])
        uid = client.register(key)
        fetched = client.get(uid)
        seen["registered_type"] = type(fetched).__name__
        seen["registered_same_bytes"] = fetched.value == material
        seen["registered_format"] = fetched.key_format_type.name

        created = client.create(enums.CryptographicAlgorithm.AES, 256,
                                cryptographic_usage_mask=[enums.CryptographicUsageMask.ENCRYPT])
        try:
            client.get(created)
            seen["created_get"] = {"reason": None}
        except exceptions.KmipOperationFailure as error:
            seen["created_get"] = failure(error)

        public_uid, private_uid = client.create_key_pair(
            enums.CryptographicAlgorithm.RSA, 2048,
            public_usage_mask=[enums.CryptographicUsageMask.VERIFY],
            private_usage_mask=[enums.CryptographicUsageMask.SIGN])
        client.activate(public_uid)
        client.activate(private_uid)
        public = client.get(public_uid)
        seen["public_type"] = type(public).__name__
        seen["public_format"] = public.key_format_type.name
        seen["public_der_hex"] = public.value.hex()
        params = {"padding_method": enums.PaddingMethod.PKCS1v15,
                  "cryptographic_algorithm": enums.CryptographicAlgorithm.RSA,
                  "hashing_algorithm": enums.HashingAlgorithm.SHA_256}
        message = b"signed for PyKMIP " + args.version.encode()
        signature = client.sign(message, uid=private_uid, cryptographic_parameters=params)
        seen["message_hex"] = message.hex()
        seen["signature_hex"] = signature.hex()
        seen["verified"] = client.signature_verify(
            message, signature, uid=public_uid, cryptographic_parameters=params).name
        try:
            client.get(private_uid)
            seen["private_get"] = {"reason": None}
        except exceptions.KmipOperationFailure as error:
            seen["private_get"] = failure(error)
        return seen
    finally:
        client.close()


SCENARIOS = {
    "discover-and-query": discover_and_query,
    "key-lifecycle": key_lifecycle,
    "attributes": attributes,
    "key-export": key_export,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pki", required=True)
    parser.add_argument("--version", default="1.2", choices=sorted(VERSIONS))
    args = parser.parse_args()
    json.dump(SCENARIOS[args.scenario](args), sys.stdout)


if __name__ == "__main__":
    main()
