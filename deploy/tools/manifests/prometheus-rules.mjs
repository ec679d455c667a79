// Writes the rule groups of every PrometheusRule in a rendered manifest file as one Prometheus rule file
// (what promtool reads): node prometheus-rules.mjs rendered.yaml > rules.yaml. Fails when there is none.
import { readFileSync } from "node:fs";
import { parseAllDocuments, stringify } from "yaml";

const docs = parseAllDocuments(readFileSync(process.argv[2], "utf8")).map((d) => d.toJS()).filter(Boolean);
const groups = docs.filter((d) => d.kind === "PrometheusRule").flatMap((d) => d.spec.groups);
if (groups.length === 0) {
  console.error(`${process.argv[2]}: no PrometheusRule`);
  process.exit(1);
}
process.stdout.write(stringify({ groups }));
