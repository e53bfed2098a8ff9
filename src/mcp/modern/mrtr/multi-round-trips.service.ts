import { hash } from 'node:crypto';

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/config.constants.js';
import { ServerSecretStore } from '../../../security/secrets/server-secret.store.js';
import type { ClientInputMethod } from '../../../protocol/context/handler-context.js';
import type { DispatchCall } from '../../dispatcher/dispatch-call.js';
import { requiredCapabilityOf } from '../../dispatcher/input-requesters.js';
import type {
  InputRequester,
  RequestHandlerContext,
} from '../../dispatcher/request-handler-context.js';
import { JsonRpcErrorCode } from '../../../protocol/json-rpc/json-rpc-error-codes.js';
import { isPlainObject } from '../../../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../../protocol/json-rpc/mcp-error.js';
import { canonicalJson } from '../../../protocol/schema/canonical-json.js';
import { InputRequiredSignal } from './input-required.signal.js';
import { loadRequestStateKey } from './request-state-key.provider.js';
import { RequestStateCodec, type RequestStateBinding } from './request-state.codec.js';
import { RoundTrip } from './round-trip.js';

/** The requests that may answer `input_required` (SEP-2322). */
export const ROUND_TRIP_METHODS: ReadonlySet<string> = new Set([
  'tools/call',
  'prompts/get',
  'resources/read',
]);

const NO_ANSWERS: JsonObject = Object.freeze({});

/**
 * 2026-07-28 client input through multi-round trips (SEP-2322), behind the same
 * `McpHandlerContext.requestInput` the legacy era serves with server→client requests:
 * `open` reads the retried request's `inputResponses` and verified `requestState`; `request`
 * returns an answer the request carries, or records the question and ends the handler; `result`
 * turns the recorded questions into the `InputRequiredResult`.
 */
@Injectable()
export class MultiRoundTrips implements InputRequester, OnModuleInit {
  private codec: Promise<RequestStateCodec> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: ServerSecretStore,
  ) {}

  /** Loads the key at boot, so a database that cannot provide it fails the start, not a call. */
  async onModuleInit(): Promise<void> {
    await this.keys();
  }

  /** @throws McpError -32602 for malformed `inputResponses` or a state that fails verification. */
  async open(call: DispatchCall): Promise<RoundTrip> {
    const { inputResponses, requestState } = call.params;
    if (inputResponses !== undefined && !isAnswerMap(inputResponses)) {
      throw McpError.invalidParams(
        'Invalid params: "inputResponses" must map keys to result objects',
      );
    }
    if (requestState !== undefined && typeof requestState !== 'string') {
      throw McpError.invalidParams('Invalid params: "requestState" must be a string');
    }
    const carried =
      requestState === undefined
        ? NO_ANSWERS
        : (await this.keys()).verify(requestState, bindingOf(call));
    if (inputResponses === undefined) return new RoundTrip(carried);
    return new RoundTrip(
      carried === NO_ANSWERS ? inputResponses : { ...carried, ...inputResponses },
    );
  }

  request(
    context: RequestHandlerContext,
    key: string,
    method: ClientInputMethod,
    params: JsonObject,
  ): Promise<JsonObject> {
    const { call } = context;
    const roundTrip = call.roundTrip;
    if (roundTrip === undefined) {
      // Only tools/call, prompts/get and resources/read may ask (SEP-2322).
      return Promise.reject(
        new McpError(JsonRpcErrorCode.InternalError, `${call.request.method} cannot ask for input`),
      );
    }
    const answer = roundTrip.answer(key);
    if (answer !== undefined) return Promise.resolve(answer);
    const missing = missingCapability(call.ctx.clientCapabilities, method, params);
    if (missing !== undefined) return Promise.reject(missing);
    roundTrip.ask(key, method, params);
    return Promise.reject(new InputRequiredSignal());
  }

  /** `InputRequiredResult`; the state carries the answers used so far to the next round. */
  async result(call: DispatchCall, roundTrip: RoundTrip): Promise<JsonObject> {
    return {
      resultType: 'input_required',
      inputRequests: roundTrip.inputRequests,
      requestState: (await this.keys()).sign(bindingOf(call), roundTrip.usedAnswers),
    };
  }

  /** Loaded once; every instance of a deployment ends up with the same key. */
  private keys(): Promise<RequestStateCodec> {
    this.codec ??= loadRequestStateKey(this.config, this.secrets).then(
      (key) => new RequestStateCodec(key, this.config.mcp.stateTtlMs),
    );
    return this.codec;
  }
}

function isAnswerMap(value: unknown): value is JsonObject {
  return isPlainObject(value) && Object.values(value).every(isPlainObject);
}

/**
 * -32021 naming the capability (SEP-2575): a server MUST NOT use a capability the client did not
 * declare. URL-mode elicitation needs `elicitation.url` (2025-11-25 client capabilities).
 */
function missingCapability(
  declared: JsonObject,
  method: ClientInputMethod,
  params: JsonObject,
): McpError | undefined {
  const capability = requiredCapabilityOf(method);
  const value = declared[capability];
  let required: JsonObject | undefined;
  if (!isPlainObject(value)) required = { [capability]: {} };
  else if (method === 'elicitation/create' && params.mode === 'url' && !isPlainObject(value.url)) {
    required = { elicitation: { url: {} } };
  }
  if (required === undefined) return undefined;
  return new McpError(
    JsonRpcErrorCode.MissingRequiredClientCapability,
    `Missing required client capability: ${Object.keys(required).join(', ')}`,
    { requiredCapabilities: required },
    400,
  );
}

function bindingOf(call: DispatchCall): RequestStateBinding {
  const { params, request, ctx } = call;
  const target = request.method === 'resources/read' ? params.uri : params.name;
  const args = request.method === 'resources/read' ? NO_ANSWERS : (params.arguments ?? NO_ANSWERS);
  return {
    subject: ctx.principal.subject,
    method: request.method,
    name: typeof target === 'string' ? target : '',
    argumentsDigest: hash('sha256', canonicalJson(args), 'base64url'),
  };
}
