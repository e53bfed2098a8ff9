import type { IncomingMessage } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import {
  type JsonRpcPayload,
  readJsonRpcPayload,
} from '../../protocol/json-rpc/json-rpc-message.validator.js';
import {
  type JsonPayloadLimits,
  parseJsonRpcPayload,
} from '../../protocol/json-rpc/json-rpc-payload.parser.js';
import { HttpRejection } from './http-rejections.js';
import { isJsonContentType } from './media-type.util.js';
import { readRequestBody } from './request-body.reader.js';

/** 415 unless the request declares a JSON body (transports §Sending Messages to the Server). */
export function assertJsonContentType(request: IncomingMessage): void {
  if (!isJsonContentType(request.headers['content-type'])) {
    throw new HttpRejection('unsupportedMediaType');
  }
}

/**
 * The JSON-RPC body of a POST, read the same way on `/mcp` and on the legacy `/messages`: at
 * most `MCP_MAX_BODY_BYTES` after decompression, UTF-8, within the depth and key limits, framed
 * as one message or a batch. Every failure is an {@link HttpRejection} or a JSON-RPC parse
 * error raised before anything runs.
 */
@Injectable()
export class JsonRpcBodyReader {
  private readonly maxBodyBytes: number;
  private readonly jsonLimits: JsonPayloadLimits;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxBodyBytes = config.limits.maxBodyBytes;
    this.jsonLimits = { maxDepth: config.limits.maxJsonDepth, maxKeys: config.limits.maxJsonKeys };
  }

  async read(request: IncomingMessage): Promise<JsonRpcPayload> {
    const text = await readRequestBody(request, this.maxBodyBytes);
    return readJsonRpcPayload(parseJsonRpcPayload(text, this.jsonLimits));
  }
}
