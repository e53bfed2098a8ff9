import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

import * as monitoringV1 from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as coreV1 from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

/** Helpers of test/deploy/kubernetes.spec.ts: render an overlay, validate what it renders. */

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

const root = resolve(import.meta.dirname, '../..');

/** `kubectl kustomize DIR` (offline: kustomize is built into kubectl), one object per document. */
export function render(directory: string): KubernetesObject[] {
  const text = execFileSync('kubectl', ['kustomize', resolve(root, directory)], {
    encoding: 'utf8',
  });
  return parseAllDocuments(text).map((document) => joinSecretData(document.toJS()));
}

/**
 * kubectl folds long base64 values of a Secret's `data` over several lines; the API server's
 * base64 decoder skips line breaks, the schema's `byte` format does not: join them first.
 */
function joinSecretData(object: KubernetesObject): KubernetesObject {
  if (object.kind !== 'Secret' || typeof object.data !== 'object' || object.data === null) {
    return object;
  }
  const data = Object.entries(object.data as Record<string, string>).map(([key, value]) => [
    key,
    value.replace(/\n/g, ''),
  ]);
  return { ...object, data: Object.fromEntries(data) };
}

interface Validatable {
  validate(): void;
}
type Model = new (data: never) => Validatable;

/**
 * The schema of each API group this repository deploys: the Kubernetes OpenAPI schemas
 * (kubernetes-models) and prometheus-operator's CRDs (ServiceMonitor, PrometheusRule).
 */
const MODELS: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'autoscaling/v2': autoscalingV2,
  'batch/v1': batchV1,
  'networking.k8s.io/v1': networkingV1,
  'policy/v1': policyV1,
  'monitoring.coreos.com/v1': monitoringV1,
};

/** Throws with the schema's error when `object` is not a valid object of its kind. */
export function validate(object: KubernetesObject): void {
  const model = MODELS[object.apiVersion]?.[object.kind];
  if (typeof model !== 'function') {
    throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  }
  new (model as Model)(object as never).validate();
}

export function find<T>(objects: KubernetesObject[], kind: string, name?: string): T {
  const found = objects.find(
    (object) => object.kind === kind && (name === undefined || object.metadata.name === name),
  );
  if (found === undefined) throw new Error(`${kind} ${name ?? ''} is not rendered`);
  return found as unknown as T;
}
