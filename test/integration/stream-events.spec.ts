import { expect, it } from 'vitest';

import { PostgresStreamEventStore } from '../../src/streams/postgres-stream-event.store.js';
import { ResumableStreams } from '../../src/streams/resumable-streams.js';
import type { SseEventWriter } from '../../src/streams/sse-event-writer.js';
import { newStreamId } from '../../src/streams/stream-event-id.js';
import { MAX_EVENTS_PER_STREAM } from '../../src/streams/stream-limits.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

/** Collects what a resumption writes, as the SSE lines a client would read. */
class RecordingWriter implements SseEventWriter {
  readonly lines: string[] = [];
  isOpen = true;
  event(name: string, data: string, id?: string): boolean {
    this.lines.push(`${id ?? ''} ${name} ${data}`);
    return this.isOpen;
  }
  prime(id: string): boolean {
    this.lines.push(`${id} prime`);
    return true;
  }
  end(): void {
    this.isOpen = false;
  }
}

const ping = (n: number) => ({
  jsonrpc: '2.0' as const,
  method: 'notifications/message',
  params: { n },
});

describeEachDatabase('stream_events', (tier) => {
  const database = useTestDatabase(tier);
  const storeOf = () => new PostgresStreamEventStore(database().dataSource);

  it('should write queued events in one batch and replay those after a position', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    store.append({ sessionId: 's1', streamId, seq: 0, data: null });
    for (let seq = 1; seq <= 3; seq++) {
      store.append({ sessionId: 's1', streamId, seq, data: JSON.stringify(ping(seq)) });
    }
    const replay = await store.replay('s1', streamId, 1, 10);
    expect(replay?.events.map(({ seq, data }) => [seq, JSON.parse(data)])).toEqual([
      [2, ping(2)],
      [3, ping(3)],
    ]);
    expect(replay).toMatchObject({ ended: false, truncated: false });
    store.append({ sessionId: 's1', streamId, seq: 4, data: null });
    expect(await store.replay('s1', streamId, 3, 10)).toEqual({
      events: [],
      ended: true,
      truncated: false,
    });
  });

  it('should refuse another session, an unknown stream and a position that is gone', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    store.append({ sessionId: 'owner', streamId, seq: 1, data: '{"a":1}' });
    store.append({ sessionId: 'owner', streamId, seq: 2, data: '{"a":2}' });
    expect(await store.replay('intruder', streamId, 1, 10)).toBeUndefined();
    expect(await store.replay('owner', newStreamId(), 0, 10)).toBeUndefined();
    expect(await store.replay('owner', streamId, 0, 10)).toBeUndefined();
  });

  it('should bound a replay and say that more follows', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    for (let seq = 0; seq <= 5; seq++) {
      store.append({ sessionId: 's', streamId, seq, data: seq === 0 ? null : `{"n":${seq}}` });
    }
    const replay = await store.replay('s', streamId, 0, 3);
    expect(replay?.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(replay?.truncated).toBe(true);
  });

  it('should keep only the newest events of a stream and expire events by age', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    for (let seq = 1; seq <= MAX_EVENTS_PER_STREAM + 5; seq++) {
      store.append({ sessionId: 's', streamId, seq, data: '{}' });
    }
    await store.flush();
    const rows = await database().dataSource.query<{ min: number; n: number }[]>(
      'SELECT min(seq)::int AS min, count(*)::int AS n FROM stream_events WHERE stream_id = $1',
      [streamId],
    );
    expect(rows).toEqual([{ min: 6, n: MAX_EVENTS_PER_STREAM }]);
    await database().dataSource.query(
      `UPDATE stream_events SET created_at = now() - interval '1 hour' WHERE stream_id = $1`,
      [streamId],
    );
    expect(await store.deleteOlderThan(60_000)).toBe(MAX_EVENTS_PER_STREAM);
  });

  it('should store U+0000 in a message without failing the batch', async () => {
    const store = storeOf();
    const streamId = newStreamId();
    const data = JSON.stringify({ text: 'a\u0000b' });
    store.append({ sessionId: 's', streamId, seq: 1, data: '{}' });
    store.append({ sessionId: 's', streamId, seq: 2, data });
    const replay = await store.replay('s', streamId, 1, 10);
    expect(replay?.events).toHaveLength(1);
  });

  it('should resume a stream of another instance from the database and follow it live', async () => {
    const elsewhereStore = storeOf();
    const here = new ResumableStreams(storeOf());
    const elsewhere = new ResumableStreams(elsewhereStore);
    try {
      const stream = elsewhere.create('session-a');
      stream.open(new RecordingWriter(), true);
      stream.send(ping(1));
      stream.closeConnection();
      stream.send(ping(2));
      // The other instance writes its queue within STREAM_FLUSH_MS; clients wait `retry` first.
      await elsewhereStore.flush();

      expect(
        await here.resume('session-b', `${stream.id}:0`, () => new RecordingWriter()),
      ).toBeUndefined();
      const writer = new RecordingWriter();
      expect(await here.resume('session-a', `${stream.id}:1`, () => writer)).toBe('replayed');
      expect(writer.lines).toHaveLength(1);
      expect(writer.lines[0]).toMatch(new RegExp(`^${stream.id}:2 message `));

      stream.send(ping(3));
      stream.end();
      await expect.poll(() => writer.isOpen, { timeout: 5_000 }).toBe(false);
      const last = writer.lines.at(-1) ?? '';
      expect(last.startsWith(`${stream.id}:3 message `)).toBe(true);
      expect(JSON.parse(last.slice(last.indexOf('{')))).toEqual(ping(3));
    } finally {
      here.onModuleDestroy();
      elsewhere.onModuleDestroy();
    }
  });

  it('should resume a live stream of this instance from memory and attach the response', async () => {
    const store = storeOf();
    const streams = new ResumableStreams(store);
    try {
      const stream = streams.create('s');
      const first = new RecordingWriter();
      stream.open(first, false);
      stream.send(ping(1));
      stream.detach(first);
      stream.send(ping(2));
      const second = new RecordingWriter();
      expect(await streams.resume('s', `${stream.id}:1`, () => second)).toBe(stream);
      stream.send(ping(3));
      expect(second.lines.map((line) => line.split(' ')[0])).toEqual([
        `${stream.id}:2`,
        `${stream.id}:3`,
      ]);
      expect(await streams.resume('s', 'forged:1', () => second)).toBeUndefined();
    } finally {
      streams.onModuleDestroy();
      await store.flush();
    }
  });
});
