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


SCENARIOS = {"discover-and-query": discover_and_query}


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
