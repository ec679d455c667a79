// The Node.js example of docs/webhooks.md, as a customer would run it: the off-the-shelf
// standardwebhooks library verifies a delivery's signature and timestamp, and only then is the body
// trusted. Here the delivery comes from a file (docs/check-webhook-signature passes the one the
// end-to-end test received); in a customer's server it is the request's headers and raw body.
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const sample = JSON.parse(readFileSync(process.argv[2], "utf8"));
// the harness, not the example: the sample was received minutes ago, so the library's 5-minute
// timestamp check is run at the moment of receipt
const receivedAt = Number(sample.headers["webhook-timestamp"]) * 1000 + 1000;
Date.now = () => receivedAt;

// --- the example ---
const wh = new Webhook(sample.secret);             // "whsec_...", shown once at registration
const event = wh.verify(sample.body, sample.headers); // throws when the signature or the timestamp is wrong
console.log(`verified ${sample.headers["webhook-id"]}: ${event.type}`);
// --- end of the example ---

// and a tampered body must not verify
try {
  wh.verify(sample.body.replace(/}$/, ',"x":1}'), sample.headers);
  console.error("a tampered body verified");
  process.exit(1);
} catch (expected) {
  console.log("a tampered body is refused");
}
