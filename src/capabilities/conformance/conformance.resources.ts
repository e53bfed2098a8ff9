import { Injectable } from '@nestjs/common';

import { McpResource, McpResourceTemplate } from '../../mcp/discovery/index.js';
import { TEST_PNG_BASE64 } from './conformance-fixtures.constants.js';

/** Conformance resources (resources-* scenarios). */
@Injectable()
export class ConformanceResources {
  @McpResource({
    uri: 'test://static-text',
    name: 'static-text',
    title: 'Static Text Resource',
    description: 'A static text resource for testing',
    mimeType: 'text/plain',
  })
  staticText(): string {
    return 'This is the content of the static text resource.';
  }

  @McpResource({
    uri: 'test://static-binary',
    name: 'static-binary',
    title: 'Static Binary Resource',
    description: 'A static binary resource (image) for testing',
    mimeType: 'image/png',
  })
  staticBinary(): Buffer {
    return Buffer.from(TEST_PNG_BASE64, 'base64');
  }

  /** Target of resources-subscribe / resources-unsubscribe. */
  @McpResource({
    uri: 'test://watched-resource',
    name: 'watched-resource',
    title: 'Watched Resource',
    description: 'A resource clients can subscribe to',
    mimeType: 'text/plain',
  })
  watched(): string {
    return 'Watched resource content';
  }

  @McpResourceTemplate({
    uriTemplate: 'test://template/{id}/data',
    name: 'template',
    title: 'Resource Template',
    description: 'A resource template with parameter substitution',
    mimeType: 'application/json',
  })
  template(variables: Record<string, string>): string {
    const id = variables['id'] ?? '';
    return JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` });
  }
}
