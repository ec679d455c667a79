// Validates rendered manifests (kubectl kustomize output, several YAML documents per file):
//  - Kubernetes kinds against the Kubernetes JSON schemas (npm kubernetes-models),
//  - HTTPRoute against the Gateway API schemas (npm @kubernetes-models/gateway-api),
//  - Strimzi and CloudNativePG kinds against deploy/schemas (the CRD fields this project uses, strict),
//  - and the platform's own rules: probes and resources on every container, images pinned by tag,
//    secrets only by reference (no Secret objects), a PodDisruptionBudget and an HPA per Deployment.
// Usage: node validate-manifests.mjs rendered-dev.yaml rendered-prod.yaml
//        node validate-manifests.mjs --self-test   (shows that broken manifests are refused)
import { readFileSync, readdirSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";

const here = new URL(".", import.meta.url);
const ajv = new Ajv({ allErrors: true, strict: false });
const crdSchemas = Object.fromEntries(readdirSync(new URL("../../schemas/", here)).map((file) => [
  file.replace(/\.json$/, ""), ajv.compile(JSON.parse(readFileSync(new URL(`../../schemas/${file}`, here), "utf8")))]));

async function model(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "gateway.networking.k8s.io") {
    return (await import(`@kubernetes-models/gateway-api/${group}/${version}/${kind}`))[kind];
  }
  return (await import(`kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`))[kind];
}

async function validate(doc) {
  const errors = [];
  const { apiVersion, kind } = doc;
  const crd = crdSchemas[`${apiVersion.replace("/", "_")}_${kind}`];
  if (crd) {
    if (!crd(doc)) errors.push(...crd.errors.map((e) => `${e.instancePath} ${e.message}${e.params?.additionalProperty ? ": " + e.params.additionalProperty : ""}`));
  } else if (/\.(strimzi\.io|cnpg\.io)\//.test(apiVersion)) {
    errors.push(`no schema for ${apiVersion} ${kind} in deploy/schemas`);
  } else {
    try {
      const Model = await model(apiVersion, kind);
      if (!Model) throw new Error("unknown kind");
      new Model(doc).validate();
    } catch (e) {
      errors.push(e.message.split("\n")[0]);
    }
  }
  errors.push(...platformRules(doc));
  return errors;
}

function platformRules(doc) {
  const errors = [];
  if (doc.kind === "Secret") errors.push("secrets are referenced, never written into the manifests");
  if (doc.kind === "Deployment") {
    for (const c of doc.spec.template.spec.containers) {
      if (!c.readinessProbe?.httpGet || !c.livenessProbe?.httpGet) errors.push(`${c.name}: readiness and liveness probes are required`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) errors.push(`${c.name}: cpu/memory requests and a memory limit are required`);
      if (!/:[\w.-]+$/.test(c.image) || c.image.endsWith(":latest")) errors.push(`${c.name}: the image must be pinned by a tag (not latest)`);
      for (const e of c.env ?? []) if (e.value !== undefined && /SECRET|TOKEN|PASSWORD|KEYSET|KEY$/.test(e.name)) errors.push(`${c.name}: ${e.name} must come from a Secret`);
    }
  }
  if (doc.kind === "ConfigMap") {
    for (const name of Object.keys(doc.data ?? {})) if (/SECRET|TOKEN|PASSWORD|KEYSET/.test(name)) errors.push(`${name} must come from a Secret, not a ConfigMap`);
  }
  return errors;
}

function crossChecks(docs) {
  const errors = [];
  const named = (kind) => new Set(docs.filter((d) => d.kind === kind).map((d) => d.metadata.name));
  const pdbs = named("PodDisruptionBudget"), hpas = named("HorizontalPodAutoscaler"), services = named("Service");
  for (const d of docs.filter((d) => d.kind === "Deployment")) {
    for (const [set, what] of [[pdbs, "PodDisruptionBudget"], [hpas, "HorizontalPodAutoscaler"], [services, "Service"]]) {
      if (!set.has(d.metadata.name)) errors.push(`Deployment ${d.metadata.name}: no ${what}`);
    }
  }
  // every app is scraped: a PodMonitor selects its pods, on a port its container has (the alerts read its series)
  const monitors = docs.filter((d) => d.kind === "PodMonitor");
  const selects = (selector, labels) => Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
    && (selector.matchExpressions ?? []).every((e) => ({
      In: () => e.values.includes(labels[e.key]), NotIn: () => !e.values.includes(labels[e.key]),
      Exists: () => e.key in labels, DoesNotExist: () => !(e.key in labels) })[e.operator]());
  for (const d of docs.filter((d) => d.kind === "Deployment")) {
    const ports = d.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name));
    const scraped = monitors.some((m) => selects(m.spec.selector, d.spec.template.metadata?.labels ?? {})
      && m.spec.podMetricsEndpoints.every((endpoint) => ports.includes(endpoint.port)));
    if (!scraped) errors.push(`Deployment ${d.metadata.name}: no PodMonitor scrapes its pods`);
  }
  const topics = named("KafkaTopic");
  for (const t of ["billing.events", "channel.events", "messaging.events", "messaging.endpoint-events"]) if (!topics.has(t)) errors.push(`no KafkaTopic ${t}`);
  if (!docs.some((d) => d.kind === "HTTPRoute")) errors.push("no HTTPRoute in front of the gateway");
  if (!docs.some((d) => d.kind === "NetworkPolicy" && d.metadata.name === "default-deny")) errors.push("no default-deny NetworkPolicy");
  errors.push(...identityProviderEgress(docs));
  return errors;
}

// Every app verifies tokens with the identity provider's JWKS: each app Deployment is selected by a
// NetworkPolicy marked reseller.app/egress-to: identity-provider, whose egress is HTTPS (443) only,
// to named addresses only (an ipBlock that is not the whole internet, or in-cluster pods).
function identityProviderEgress(docs) {
  const errors = [];
  const policies = docs.filter((d) => d.kind === "NetworkPolicy" && d.metadata.annotations?.["reseller.app/egress-to"] === "identity-provider");
  const selects = (policy, app) => {
    const s = policy.spec?.podSelector ?? {};
    return s.matchLabels?.["app.kubernetes.io/name"] === app
      || (s.matchExpressions ?? []).some((e) => e.key === "app.kubernetes.io/name" && e.operator === "In" && e.values.includes(app));
  };
  const narrow = (policy) => (policy.spec?.egress ?? []).length > 0 && policy.spec.egress.every((rule) =>
    (rule.ports ?? []).length > 0 && rule.ports.every((p) => p.port === 443 && (p.protocol ?? "TCP") === "TCP")
    && (rule.to ?? []).length > 0 && rule.to.every((peer) => (peer.ipBlock && !/\/0$/.test(peer.ipBlock.cidr)) || peer.podSelector));
  for (const d of docs.filter((d) => d.kind === "Deployment")) {
    const app = d.metadata.name;
    const mine = policies.filter((p) => selects(p, app));
    if (mine.length === 0) errors.push(`Deployment ${app}: no NetworkPolicy lets it reach the identity provider (443)`);
    for (const p of mine.filter((p) => !narrow(p))) errors.push(`NetworkPolicy ${p.metadata.name}: identity-provider egress must be TCP 443 to named addresses only`);
  }
  return errors;
}

async function check(label, text) {
  const docs = parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
  const problems = [];
  for (const doc of docs) {
    for (const error of await validate(doc)) problems.push(`${label}: ${doc.kind} ${doc.metadata?.name}: ${error}`);
  }
  for (const error of crossChecks(docs)) problems.push(`${label}: ${error}`);
  return { count: docs.length, problems };
}

const args = process.argv.slice(2);
if (args[0] === "--self-test") {
  const broken = [
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: two, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}",
    "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: {name: t}\nspec: {partitions: 0, replicas: 3, retentionMs: 5}",
    "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: db}\nspec: {instance: 3, storage: {size: 1Gi}}",
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: abc}",
    // the identity provider opened to the whole internet (the Deployment is only there to be selected)
    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: idp, annotations: {reseller.app/egress-to: identity-provider}}\nspec: {podSelector: {matchLabels: {app.kubernetes.io/name: x}}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{protocol: TCP, port: 443}]}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 1, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}",
    // an alert nobody can route (no severity) with a misspelt field
    "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec: {groups: [{name: g, rules: [{alert: A, expression: up == 0, annotations: {summary: s, description: d}}]}]}",
    // an app's pods that no PodMonitor scrapes
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 1, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}\n---\napiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: m}\nspec: {selector: {matchLabels: {a: c}}, podMetricsEndpoints: [{port: http}]}",
  ];
  let refused = 0;
  for (const text of broken) {
    const { problems } = await check("self-test", text);
    const own = problems.filter((p) => !/no (PodDisruptionBudget|HorizontalPodAutoscaler|Service|KafkaTopic|HTTPRoute|default-deny)/.test(p))
      .filter((p) => text.includes("kind: PodMonitor") ? /no PodMonitor/.test(p) : !/no PodMonitor/.test(p))
      .filter((p) => !text.includes("identity-provider") || /identity-provider egress/.test(p));
    console.log(own.length ? `refused as expected: ${own[0]}` : `NOT REFUSED: ${text.split("\n")[1]}`);
    if (own.length) refused++;
  }
  process.exit(refused === broken.length ? 0 : 1);
}

let failed = false;
for (const file of args) {
  const { count, problems } = await check(file, readFileSync(file, "utf8"));
  console.log(`${file}: ${count} objects, ${problems.length} problems`);
  problems.forEach((p) => console.log("  " + p));
  failed ||= problems.length > 0 || count === 0;
}
process.exit(failed ? 1 : 0);
