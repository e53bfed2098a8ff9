import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  FakeChangeBus,
  FakeSessionRepository,
  RecordingSink,
  principal,
  testConfig,
} from '../../test/support/mcp-core.fakes.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../protocol/json-rpc/mcp-error.js';
import { McpSessionService, type NegotiatedSession } from './mcp-session.service.js';

const negotiated: NegotiatedSession = {
  protocolVersion: '2025-11-25',
  clientInfo: { name: 'c', version: '1' },
  clientCapabilities: { roots: {} },
};
const alice = principal('alice');
const bob = principal('bob');

describe(McpSessionService.name, () => {
  let repository: FakeSessionRepository;
  let bus: FakeChangeBus;
  let sut: McpSessionService;

  beforeEach(() => {
    vi.useFakeTimers();
    repository = new FakeSessionRepository();
    bus = new FakeChangeBus();
    sut = new McpSessionService(
      testConfig({ MCP_SESSION_IDLE_MS: '60000', MCP_MAX_SESSIONS_PER_PRINCIPAL: '2' }),
      repository,
      bus,
    );
    sut.onModuleInit();
  });

  afterEach(async () => {
    await sut.onModuleDestroy();
    vi.useRealTimers();
  });

  it('should open a persisted session with a random UUID bound to the subject', async () => {
    const sink = new RecordingSink();
    const session = await sut.open(alice, negotiated, 'streamable-http', sink);
    expect(session.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(session).toMatchObject({
      subject: 'alice',
      transport: 'streamable-http',
      protocolVersion: '2025-11-25',
      initialized: false,
      logLevel: undefined,
      standaloneSink: sink,
    });
    expect(repository.records.get(session.id)).toMatchObject({ subject: 'alice' });
    const other = await sut.open(alice, negotiated, 'streamable-http', sink);
    expect(other.id).not.toBe(session.id);
  });

  it('should refuse a session over the per-principal cap with 429', async () => {
    await sut.open(alice, negotiated, 'stdio', new RecordingSink());
    await sut.open(alice, negotiated, 'stdio', new RecordingSink());
    const error = await sut.open(alice, negotiated, 'stdio', new RecordingSink()).catch((e) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: JsonRpcErrorCode.RateLimited, httpStatus: 429 });
    expect(repository.records.size).toBe(2);
    await expect(sut.open(bob, negotiated, 'stdio', new RecordingSink())).resolves.toBeDefined();
  });

  it('should answer a foreign subject exactly like an unknown id', async () => {
    const session = await sut.open(alice, negotiated, 'streamable-http', new RecordingSink());
    await expect(sut.get(session.id, alice)).resolves.toBe(session);
    await expect(sut.get(session.id, bob)).resolves.toBeUndefined();
    await expect(sut.get('no-such-id', alice)).resolves.toBeUndefined();
    await expect(sut.end(session.id, bob)).resolves.toBe(false);
    await expect(sut.get(session.id, alice)).resolves.toBe(session);
  });

  it('should rehydrate a session opened by another instance, once for concurrent gets', async () => {
    const elsewhere = new McpSessionService(testConfig(), repository, new FakeChangeBus());
    const opened = await elsewhere.open(alice, negotiated, 'streamable-http', new RecordingSink());
    await elsewhere.onModuleDestroy();
    const findActive = vi.spyOn(repository, 'findActive');
    const [first, second] = await Promise.all([
      sut.get(opened.id, alice),
      sut.get(opened.id, alice),
    ]);
    expect(first).toBe(second);
    expect(findActive).toHaveBeenCalledTimes(1);
    expect(first).toMatchObject({
      id: opened.id,
      initialized: true,
      clientCapabilities: { roots: {} },
    });
    await expect(sut.get(opened.id, bob)).resolves.toBeUndefined();
  });

  it('should end a session: gone from memory and from the database', async () => {
    const session = await sut.open(alice, negotiated, 'streamable-http', new RecordingSink());
    await expect(sut.end(session.id, alice)).resolves.toBe(true);
    expect(sut.liveCount).toBe(0);
    await expect(sut.get(session.id, alice)).resolves.toBeUndefined();
    await expect(sut.end(session.id, alice)).resolves.toBe(false);
  });

  it('should evict idle sessions from memory', async () => {
    await sut.open(alice, negotiated, 'streamable-http', new RecordingSink());
    expect(sut.liveCount).toBe(1);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sut.liveCount).toBe(1);
    await vi.advanceTimersByTimeAsync(62_000);
    expect(sut.liveCount).toBe(0);
  });

  it('should coalesce touches into one call per flush interval', async () => {
    const a = await sut.open(alice, negotiated, 'streamable-http', new RecordingSink());
    const b = await sut.open(bob, negotiated, 'streamable-http', new RecordingSink());
    for (let i = 0; i < 10; i++) {
      await sut.get(a.id, alice);
      await sut.get(b.id, bob);
    }
    expect(repository.touches).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(repository.touches).toHaveLength(1);
    expect([...(repository.touches[0] ?? [])].sort()).toEqual([a.id, b.id].sort());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(repository.touches).toHaveLength(1);
  });

  it('should persist the log level before applying it', async () => {
    const session = await sut.open(alice, negotiated, 'streamable-http', new RecordingSink());
    await sut.setLogLevel(session, 'warning');
    expect(session.logLevel).toBe('warning');
    expect(repository.levels).toEqual([[session.id, 'warning']]);
    vi.spyOn(repository, 'setLogLevel').mockRejectedValueOnce(new Error('db down'));
    await expect(sut.setLogLevel(session, 'debug')).rejects.toThrow('db down');
    expect(session.logLevel).toBe('warning');
  });

  it('should fail pending server→client requests when the session ends', async () => {
    const session = await sut.open(alice, negotiated, 'streamable-http', new RecordingSink());
    const pending = sut
      .outboundFor(session)
      .request(new RecordingSink(), 'roots/list', {}, new AbortController().signal);
    await sut.end(session.id, alice);
    await expect(pending).rejects.toThrow('the session ended');
  });
});
