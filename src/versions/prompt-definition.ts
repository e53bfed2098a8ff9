import type { McpPromptArgument } from '../protocol/capabilities/capability.types.js';
import type { RegisteredPrompt } from '../protocol/capabilities/registered-capability.types.js';
import { definitionDigest } from '../protocol/schema/definition-digest.js';

/**
 * What of a prompt reaches the model or the user, as `prompt_versions` keeps it: name, title,
 * description and arguments (the `Prompt` of `prompts/list`), with the SHA-256 of their
 * canonical JSON, hashed like a tool definition (McpToolFactory).
 */
export interface PromptDefinition {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly arguments: readonly McpPromptArgument[];
  readonly definitionSha256: string;
}

/**
 * The hashed fields are picked one by one rather than hashing the listing whole, so anything
 * later added to the listing (`_meta`, icons) does not silently change every prompt's identity.
 */
export function promptDefinitionOf(prompt: RegisteredPrompt): PromptDefinition {
  const hashed = {
    name: prompt.name,
    title: textOf(prompt.listing.title),
    description: textOf(prompt.listing.description),
    arguments: prompt.arguments,
  };
  return { ...hashed, definitionSha256: definitionDigest(hashed) };
}

/** The listing is plain JSON; its title and description are strings or absent (McpPromptOptions). */
function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
