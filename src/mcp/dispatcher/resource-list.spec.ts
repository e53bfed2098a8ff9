import { describe, expect, it } from 'vitest';

import type {
  ListedResource,
  RegisteredResource,
  RegisteredResourceTemplate,
  ResourceListSource,
} from '../../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { DispatchCall } from './dispatch-call.js';
import { paginate } from './pagination.js';
import { listResources } from './resource-list.js';

const PAGE_SIZE = 2;
const STATIC = ['a://1', 'a://2', 'a://3'].map(
  (uri) => ({ uri, listing: { uri, name: uri } }) as unknown as RegisteredResource,
);

/** A lister over `uris` that pages by index, as a real one pages by its last id. */
function source(uriTemplate: string, uris: readonly string[]): ResourceListSource {
  return {
    template: { uriTemplate } as RegisteredResourceTemplate,
    lister: {
      uriTemplate,
      source: { className: 'Fake', methodName: 'list' },
      list: ({ cursor, limit }) => {
        const start = cursor === undefined ? 0 : Number(cursor);
        const resources: ListedResource[] = uris
          .slice(start, start + limit)
          .map((uri) => ({ uri, name: uri }));
        const more = start + limit < uris.length;
        return Promise.resolve(
          more ? { resources, nextCursor: String(start + limit) } : { resources },
        );
      },
    },
  };
}

async function listAll(
  staticResources: readonly RegisteredResource[],
  sources: readonly ResourceListSource[],
): Promise<{ pages: string[][]; cursors: string[] }> {
  const pages: string[][] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  do {
    const params: JsonObject = cursor === undefined ? {} : { cursor };
    const call = { params, handlerContext: {} } as unknown as DispatchCall;
    const result = await listResources(
      call,
      (p) =>
        paginate(
          staticResources,
          p,
          PAGE_SIZE,
          (r) => r.uri,
          () => true,
        ),
      sources,
      PAGE_SIZE,
    );
    pages.push((result.resources as { uri: string }[]).map((r) => r.uri));
    cursor = result.nextCursor as string | undefined;
    if (cursor !== undefined) cursors.push(cursor);
  } while (cursor !== undefined);
  return { pages, cursors };
}

describe('resources/list with listed resources', () => {
  it('should page through the static resources, then each lister in turn, never mixing two', async () => {
    const { pages } = await listAll(STATIC, [
      source('b://{id}', ['b://1', 'b://2', 'b://3']),
      source('c://{id}', ['c://1']),
    ]);
    expect(pages).toEqual([
      ['a://1', 'a://2'],
      ['a://3'],
      ['b://1', 'b://2'],
      ['b://3'],
      ['c://1'],
    ]);
  });

  it('should skip an empty source instead of answering an empty page with a cursor', async () => {
    const { pages } = await listAll([], [source('b://{id}', []), source('c://{id}', ['c://1'])]);
    expect(pages).toEqual([['c://1']]);
  });

  it('should answer the static list alone without listers, and an empty list for nothing', async () => {
    expect((await listAll(STATIC.slice(0, 1), [])).pages).toEqual([['a://1']]);
    expect((await listAll([], [])).pages).toEqual([[]]);
  });

  it('should refuse a cursor it did not issue or of a lister no longer visible', async () => {
    const { cursors } = await listAll([], [source('b://{id}', ['b://1', 'b://2', 'b://3'])]);
    const call = (cursor: string) =>
      ({ params: { cursor }, handlerContext: {} }) as unknown as DispatchCall;
    const run = (cursor: string, sources: readonly ResourceListSource[]) =>
      listResources(
        call(cursor),
        (p) =>
          paginate(
            STATIC,
            p,
            PAGE_SIZE,
            (r) => r.uri,
            () => true,
          ),
        sources,
        PAGE_SIZE,
      );
    await expect(run(cursors[0] as string, [])).rejects.toMatchObject({ code: -32602 });
    await expect(run('~not-base64-json', [])).rejects.toMatchObject({ code: -32602 });
    await expect(run('bm9wZQ', [])).rejects.toMatchObject({ code: -32602 });
  });
});
