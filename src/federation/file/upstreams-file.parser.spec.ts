import { describe, expect, it } from 'vitest';

import { parseUpstreamsFile } from './upstreams-file.parser.js';

describe(parseUpstreamsFile.name, () => {
  it('should read YAML and JSON, as a list or under upstreams', () => {
    const yaml = `
upstreams:
  - name: github
    transport: streamable-http
    url: https://example.com/mcp
    auth: { type: header, name: Authorization, value: Bearer x }
  - name: local
    transport: stdio
    command: node
    args: [server.js]
`;
    const parsed = parseUpstreamsFile(yaml, '__');
    expect(parsed).toEqual({
      ok: true,
      specs: [
        expect.objectContaining({
          name: 'github',
          auth: { type: 'header', name: 'Authorization', value: 'Bearer x' },
        }),
        expect.objectContaining({ name: 'local', command: 'node', args: ['server.js'] }),
      ],
    });
    const json = JSON.stringify([{ name: 'a', transport: 'sse', url: 'http://127.0.0.1:1/sse' }]);
    expect(parseUpstreamsFile(json, '__')).toMatchObject({ ok: true, specs: [{ name: 'a' }] });
    expect(parseUpstreamsFile('', '__')).toEqual({ ok: true, specs: [] });
  });

  it('should refuse the whole file on any problem, naming each', () => {
    const parsed = parseUpstreamsFile(
      JSON.stringify([
        { name: 'ok', transport: 'streamable-http', url: 'http://127.0.0.1:1/mcp' },
        { name: 'bad__name', transport: 'stdio' },
        { name: 'ok', transport: 'streamable-http', url: 'http://127.0.0.1:1/mcp', extra: 1 },
        {
          name: 'auth',
          transport: 'streamable-http',
          url: 'http://x/mcp',
          auth: { type: 'header' },
        },
      ]),
      '__',
    );
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^upstreams\[1\]\.name: /),
        expect.stringMatching(/^upstreams\[1\]\.command: stdio needs command/),
        expect.stringMatching(/^upstreams\[2\]\.extra: /),
        expect.stringMatching(/^upstreams\[3\]\.auth\.name: header needs name/),
      ]),
    );
    expect(parseUpstreamsFile('[unclosed', '__')).toMatchObject({ ok: false });
  });
});
