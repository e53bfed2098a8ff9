import { Injectable } from '@nestjs/common';

import { McpCompletion, McpPrompt } from '../../mcp/discovery/index.js';

const STYLES = ['bullet-points', 'one-paragraph', 'tweet'];

/** A prompt with arguments, one of which has completions. */
@Injectable()
export class ExamplePrompts {
  @McpPrompt({
    name: 'summarize',
    title: 'Summarize text',
    description: 'Asks the model to summarize a text in a given style.',
    arguments: [
      { name: 'text', description: 'The text to summarize', required: true },
      { name: 'style', description: `One of: ${STYLES.join(', ')}` },
    ],
  })
  summarize(args: Record<string, string>): string {
    const style = args['style'] ?? 'one-paragraph';
    return `Summarize the following text as ${style}:\n\n${args['text'] ?? ''}`;
  }

  @McpCompletion({ ref: { type: 'ref/prompt', name: 'summarize' }, argument: 'style' })
  completeStyle(value: string): string[] {
    return STYLES.filter((style) => style.startsWith(value));
  }
}
