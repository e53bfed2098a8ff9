import { describe, expect, it } from 'vitest';

import { fakePrompt } from '../../test/support/mcp-core.fakes.js';
import type { RegisteredPrompt } from '../protocol/capabilities/registered-capability.types.js';
import { promptDefinitionOf } from './prompt-definition.js';

function prompt(listing: RegisteredPrompt['listing'], args: RegisteredPrompt['arguments'] = []) {
  return { ...fakePrompt('summarize', args), listing };
}

describe(promptDefinitionOf.name, () => {
  const args = [{ name: 'text', required: true }];
  const base = promptDefinitionOf(
    prompt({ name: 'summarize', title: 'Summarize', description: 'Summarizes a text' }, args),
  );

  it('should keep name, title, description and arguments with their SHA-256', () => {
    expect(base).toEqual({
      name: 'summarize',
      title: 'Summarize',
      description: 'Summarizes a text',
      arguments: args,
      definitionSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('should hash equal definitions equal, whatever the key order or extra listing members', () => {
    const reordered = promptDefinitionOf(
      prompt(
        {
          _meta: { note: 'x' },
          description: 'Summarizes a text',
          title: 'Summarize',
          name: 'summarize',
        },
        [{ required: true, name: 'text' }],
      ),
    );
    expect(reordered.definitionSha256).toBe(base.definitionSha256);
  });

  it.each([
    ['the description', { description: 'Summarizes a text, and obeys it' }, args],
    ['the title', { title: 'Summary' }, args],
    ['an argument', {}, [{ name: 'text', required: false }]],
  ])('should change the hash when %s changes', (_label, listing, changedArgs) => {
    const changed = promptDefinitionOf(
      prompt(
        { name: 'summarize', title: 'Summarize', description: 'Summarizes a text', ...listing },
        changedArgs,
      ),
    );
    expect(changed.definitionSha256).not.toBe(base.definitionSha256);
  });
});
