import { Injectable } from '@nestjs/common';

import { McpCompletion, McpResource, McpResourceTemplate } from '../../mcp/discovery/index.js';

const DOC_TOPICS: Readonly<Record<string, string>> = {
  tools:
    'Tools are methods decorated with @McpTool in a module that imports McpCapabilitiesModule.forFeature().',
  resources: 'Resources are methods decorated with @McpResource or @McpResourceTemplate.',
  prompts:
    'Prompts are methods decorated with @McpPrompt; @McpCompletion completes their arguments.',
};
const DOC_TEMPLATE = 'info://server/docs/{topic}';

/** A static resource and a resource template whose variable has completions. */
@Injectable()
export class ExampleResources {
  @McpResource({
    uri: 'info://server/about',
    name: 'about',
    title: 'About this server',
    description: 'What this server is and how capabilities are added.',
    mimeType: 'text/plain',
  })
  about(): string {
    return 'Enterprise MCP server on NestJS. Capabilities are Nest providers with @Mcp* decorators.';
  }

  @McpResourceTemplate({
    uriTemplate: DOC_TEMPLATE,
    name: 'docs',
    title: 'Documentation topic',
    description: 'A short documentation page per topic (tools, resources, prompts).',
    mimeType: 'text/markdown',
  })
  docs(variables: Record<string, string>): string {
    const topic = variables['topic'] ?? '';
    return (
      DOC_TOPICS[topic] ??
      `No documentation for "${topic}". Topics: ${Object.keys(DOC_TOPICS).join(', ')}.`
    );
  }

  @McpCompletion({ ref: { type: 'ref/resource', uri: DOC_TEMPLATE }, argument: 'topic' })
  completeTopic(value: string): string[] {
    return Object.keys(DOC_TOPICS).filter((topic) => topic.startsWith(value));
  }
}
