import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parse } from 'yaml';

import { specFromCreate } from '../spec/upstream-spec.mapping.js';
import { type SpecProblem, specProblems, type UpstreamSpec } from '../spec/upstream-spec.js';
import { CreateUpstreamDto } from '../spec/upstream.dto.js';

export type ParsedUpstreamsFile =
  | { readonly ok: true; readonly specs: readonly UpstreamSpec[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * `MCP_UPSTREAMS_FILE` (docs/federation.md "GitOps"): YAML or JSON (YAML 1.2 reads both), a list
 * of upstreams or `{ upstreams: [...] }`, each with the fields of `POST /admin/api/upstreams`,
 * checked by the same DTO and rules. Any problem refuses the whole file, so a typo never removes
 * an upstream.
 */
export function parseUpstreamsFile(text: string, separator: string): ParsedUpstreamsFile {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return { ok: false, problems: [`not YAML or JSON: ${(error as Error).message}`] };
  }
  const list: unknown =
    document === null || document === undefined
      ? []
      : typeof document === 'object' && !Array.isArray(document) && 'upstreams' in document
        ? document.upstreams
        : document;
  if (!Array.isArray(list)) {
    return { ok: false, problems: ['expected a list of upstreams or { upstreams: [...] }'] };
  }
  const specs: UpstreamSpec[] = [];
  const problems: string[] = [];
  const names = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const where = `upstreams[${index}]`;
    const checked = checkEntry(entry, separator);
    if (!checked.ok) {
      problems.push(
        ...checked.problems.map((p) => `${where}.${p.field}: ${p.messages.join('; ')}`),
      );
      return;
    }
    if (names.has(checked.spec.name)) problems.push(`${where}.name: "${checked.spec.name}" twice`);
    names.add(checked.spec.name);
    specs.push(checked.spec);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, specs };
}

function checkEntry(
  entry: unknown,
  separator: string,
): { ok: true; spec: UpstreamSpec } | { ok: false; problems: SpecProblem[] } {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return { ok: false, problems: [{ field: '', messages: ['must be an object'] }] };
  }
  const dto = plainToInstance(CreateUpstreamDto, entry);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) return { ok: false, problems: flatten(errors, '') };
  const mapped = specFromCreate(dto);
  if (!mapped.ok) return { ok: false, problems: mapped.errors };
  const problems = specProblems(mapped.value, separator);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, spec: mapped.value };
}

function flatten(errors: readonly ValidationError[], prefix: string): SpecProblem[] {
  return errors.flatMap((error) => {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
