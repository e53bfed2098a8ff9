import type { CompletionReference } from '../../protocol/capabilities/capability.types.js';
import type {
  HandlerSource,
  RegisteredCompletion,
  RegisteredPrompt,
} from '../../protocol/capabilities/registered-capability.types.js';

/** Boot checks of the declarations the explorer registers: what a mistake in them reports. */

/** @throws Error naming both declarations of one capability */
export function duplicate(what: string, source: HandlerSource, first: HandlerSource): never {
  throw new Error(`${describe(source)}: duplicate ${what}, already declared by ${describe(first)}`);
}

/** @throws Error when a completion targets a prompt argument or template variable not declared */
export function checkCompletionTarget(
  { ref, argument, source }: RegisteredCompletion,
  prompts: ReadonlyMap<string, RegisteredPrompt>,
  templates: ReadonlyMap<string, { readonly variables: readonly string[] }>,
): void {
  const names =
    ref.type === 'ref/prompt'
      ? prompts.get(ref.name)?.arguments.map((a) => a.name)
      : templates.get(ref.uri)?.variables;
  if (names === undefined || !names.includes(argument)) {
    throw new Error(
      `${describe(source)}: @McpCompletion targets ${completionKey(ref, argument)}, which is not declared`,
    );
  }
}

export function completionKey(ref: CompletionReference, argument: string): string {
  return ref.type === 'ref/prompt'
    ? `prompt "${ref.name}" argument "${argument}"`
    : `resource template "${ref.uri}" variable "${argument}"`;
}

export function describe(source: HandlerSource): string {
  return `${source.className}.${source.methodName}`;
}
