# The Python example of docs/webhooks.md, standard library only: the Standard Webhooks signature
# checked by hand (constant-time comparison, timestamp within 5 minutes), then the body trusted.
# docs/check-webhook-signature runs it on the delivery the end-to-end test received.
import base64, hashlib, hmac, json, sys, time


# --- the example ---
def verify(secret: str, headers: dict, body: str, tolerance: int = 300, now: float = None) -> dict:
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs((now or time.time()) - int(timestamp)) > tolerance:
        raise ValueError("timestamp too old or too new")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()).decode()
    for signature in headers["webhook-signature"].split(" "):
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return json.loads(body)
    raise ValueError("no valid signature")
# --- end of the example ---


def main(path: str) -> None:
    sample = json.load(open(path))
    # the harness: the sample was received minutes ago, so the timestamp is checked at its receipt
    received_at = int(sample["headers"]["webhook-timestamp"]) + 1
    event = verify(sample["secret"], sample["headers"], sample["body"], now=received_at)
    print(f"verified {sample['headers']['webhook-id']}: {event['type']}")
    try:
        verify(sample["secret"], sample["headers"], sample["body"] + " ", now=received_at)
        sys.exit("a tampered body verified")
    except ValueError:
        print("a tampered body is refused")


if __name__ == "__main__":  # docs/check-readme-journey imports verify() alone
    main(sys.argv[1])
