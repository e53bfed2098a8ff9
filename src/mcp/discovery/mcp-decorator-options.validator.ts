import type {
  McpCompletionOptions,
  McpPromptOptions,
  McpResourceOptions,
  McpResourceTemplateOptions,
  McpToolIsolation,
  McpToolOptions,
} from '../../protocol/capabilities/capability.types.js';
import { UriTemplate } from './uri-template.js';

/** Tools §Tool names (2025-11-25): 1–128 characters of `A-Z a-z 0-9 _ - .`. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
const TASK_SUPPORT: readonly string[] = ['forbidden', 'optional', 'required'];
const URI_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

/*
 * Checks run when a decorator is applied, i.e. when the class is defined: a mistake fails the
 * import of the file with the offending `Class.method` in the message, before Nest even boots.
 * Checks that need the whole application (duplicates, schema compilation, completion targets)
 * run in the explorer.
 */

export function checkToolOptions(where: string, options: McpToolOptions, name: string): void {
  check(where, TOOL_NAME_PATTERN.test(name), `tool name "${name}" must match ${TOOL_NAME_PATTERN}`);
  checkText(where, 'description', options.description);
  if (options.version !== undefined) checkText(where, 'version', options.version);
  if (options.timeoutMs !== undefined) {
    const { timeoutMs } = options;
    check(
      where,
      Number.isSafeInteger(timeoutMs) && timeoutMs > 0,
      'timeoutMs must be a positive integer',
    );
  }
  if (options.isolation !== undefined) checkIsolation(where, options.isolation);
  if (options.taskSupport !== undefined) {
    check(
      where,
      TASK_SUPPORT.includes(options.taskSupport),
      `taskSupport must be one of ${TASK_SUPPORT.join(', ')}`,
    );
  }
  check(
    where,
    options.taskInputs === undefined || (options.taskSupport ?? 'forbidden') !== 'forbidden',
    'taskInputs needs taskSupport "optional" or "required"',
  );
  for (const [key, source] of [
    ['input', options.input],
    ['output', options.output],
  ] as const) {
    const valid = source === undefined || typeof source === 'function' || isPlainObject(source);
    check(where, valid, `${key} must be a DTO class or a JSON Schema object`);
  }
}

const EXPORT_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function checkIsolation(where: string, isolation: McpToolIsolation): void {
  check(
    where,
    isolation.worker instanceof URL && isolation.worker.protocol === 'file:',
    'isolation.worker must be a file: URL, e.g. new URL("./x.worker.mjs", import.meta.url)',
  );
  const exportName = isolation.export;
  check(
    where,
    exportName === undefined || EXPORT_NAME.test(exportName),
    `isolation.export "${String(exportName)}" is not an identifier`,
  );
  for (const [field, value, max] of [
    ['maxMemoryMb', isolation.maxMemoryMb, 16_384],
    ['poolSize', isolation.poolSize, 256],
  ] as const) {
    check(
      where,
      value === undefined || (Number.isSafeInteger(value) && value >= 1 && value <= max),
      `isolation.${field} must be an integer between 1 and ${max}`,
    );
  }
}

export function checkResourceOptions(where: string, options: McpResourceOptions): void {
  check(
    where,
    URI_WITH_SCHEME.test(options.uri),
    `resource uri "${options.uri}" is not an absolute URI`,
  );
  checkText(where, 'name', options.name);
  if (options.size !== undefined) {
    check(
      where,
      Number.isSafeInteger(options.size) && options.size >= 0,
      'size must be a byte count',
    );
  }
}

export function checkResourceTemplateOptions(
  where: string,
  options: McpResourceTemplateOptions,
): void {
  checkText(where, 'name', options.name);
  try {
    UriTemplate.parse(options.uriTemplate);
  } catch (error) {
    check(where, false, (error as Error).message);
  }
}

export function checkPromptOptions(where: string, options: McpPromptOptions, name: string): void {
  checkText(where, 'name', name);
  checkText(where, 'description', options.description);
  const names = (options.arguments ?? []).map((argument) => argument.name);
  for (const argument of names) checkText(where, 'argument name', argument);
  check(where, new Set(names).size === names.length, 'prompt argument names must be unique');
}

export function checkCompletionOptions(where: string, options: McpCompletionOptions): void {
  const { ref } = options;
  const target =
    ref.type === 'ref/prompt' ? ref.name : ref.type === 'ref/resource' ? ref.uri : undefined;
  check(where, target !== undefined, 'ref.type must be "ref/prompt" or "ref/resource"');
  checkText(where, 'ref target', target);
  checkText(where, 'argument', options.argument);
}

export function checkResourceListTemplate(where: string, uriTemplate: string): void {
  checkText(where, 'uriTemplate', uriTemplate);
}

export function checkNames(where: string, kind: string, names: readonly string[]): void {
  check(where, names.length > 0, `${kind} needs at least one value`);
  for (const name of names) checkText(where, kind, name);
}

function checkText(where: string, field: string, value: unknown): void {
  check(
    where,
    typeof value === 'string' && value.trim() !== '',
    `${field} must be a non-empty string`,
  );
}

function check(where: string, condition: boolean, message: string): asserts condition {
  if (!condition) throw new TypeError(`${where}: ${message}`);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
