import { describe, expect, it } from 'vitest';

import { fakeTool } from '../../test/support/mcp-core.fakes.js';
import type { RegisteredTool } from '../protocol/capabilities/registered-capability.types.js';
import { defaultToolPolicy, type ToolPolicy } from '../policy/tool-policy.js';
import type { RecordedToolVersion, ToolVersionStatus } from './recorded-tool-version.js';
import { chooseServedVersion } from './served-version.selector.js';

function declared(version: string, sha: string): RegisteredTool {
  const tool = fakeTool('report');
  return { ...tool, definition: { ...tool.definition, version, definitionSha256: sha } };
}

function recorded(version: string, sha: string, status: ToolVersionStatus): RecordedToolVersion {
  return {
    version,
    definitionSha256: sha,
    status,
    decidedBy: null,
    decidedAt: null,
    firstSeenAt: '2026-01-01T00:00:00.000Z',
  };
}

const policy = (changes: Partial<ToolPolicy> = {}): ToolPolicy => ({
  ...defaultToolPolicy('report'),
  ...changes,
});

describe(chooseServedVersion.name, () => {
  const v1 = declared('1.0.0', 'a'.repeat(64));
  const v2 = declared('2.0.0', 'b'.repeat(64));

  it('should serve the highest approved version', () => {
    const state = {
      policy: policy(),
      versions: [
        recorded('1.0.0', 'a'.repeat(64), 'approved'),
        recorded('2.0.0', 'b'.repeat(64), 'approved'),
      ],
    };
    expect(chooseServedVersion([v1, v2], state, false)).toEqual({
      tool: v2,
      withheld: undefined,
      byClient: new Map(),
    });
  });

  it('should fall back to an approved version still declared while the newest is pending', () => {
    const state = {
      policy: policy(),
      versions: [
        recorded('1.0.0', 'a'.repeat(64), 'approved'),
        recorded('2.0.0', 'b'.repeat(64), 'pending'),
      ],
    };
    expect(chooseServedVersion([v1, v2], state, false).tool).toBe(v1);
  });

  it('should withhold a tool whose changed definition awaits approval under the same label', () => {
    const changed = declared('1.0.0', 'c'.repeat(64));
    const state = {
      policy: policy({ approvalRequired: true }),
      versions: [recorded('1.0.0', 'a'.repeat(64), 'approved')],
    };
    expect(chooseServedVersion([changed], state, false)).toEqual({
      tool: undefined,
      withheld: 'pending_approval',
      byClient: new Map(),
    });
    expect(chooseServedVersion([changed], { ...state, policy: policy() }, false).tool).toBe(
      changed,
    );
    expect(
      chooseServedVersion([changed], { ...state, policy: policy() }, true).tool,
    ).toBeUndefined();
  });

  it('should say rejected when the newest definition was rejected and nothing else is approved', () => {
    const state = { policy: policy(), versions: [recorded('2.0.0', 'b'.repeat(64), 'rejected')] };
    expect(chooseServedVersion([v2], state, false).withheld).toBe('rejected');
  });

  it('should serve a pinned approved version (rollback), and ignore a pin it cannot serve', () => {
    const versions = [
      recorded('1.0.0', 'a'.repeat(64), 'approved'),
      recorded('2.0.0', 'b'.repeat(64), 'approved'),
    ];
    expect(
      chooseServedVersion([v1, v2], { policy: policy({ pinnedVersion: '1.0.0' }), versions }, false)
        .tool,
    ).toBe(v1);
    expect(
      chooseServedVersion([v1, v2], { policy: policy({ pinnedVersion: '9.0.0' }), versions }, false)
        .tool,
    ).toBe(v2);
  });

  describe('client version pins', () => {
    const v3 = declared('3.0.0', 'c'.repeat(64));
    const versions = [
      recorded('1.0.0', 'a'.repeat(64), 'approved'),
      recorded('2.0.0', 'b'.repeat(64), 'approved'),
      recorded('3.0.0', 'c'.repeat(64), 'approved'),
    ];
    const choose = (changes: Partial<ToolPolicy>, recordedVersions = versions) =>
      chooseServedVersion(
        [v1, v2, v3],
        { policy: policy(changes), versions: recordedVersions },
        false,
      );

    it('should serve a pinned client its version and every other client the default', () => {
      const choice = choose({ clientVersionPins: { 'legacy-app': '1.0.0' } });
      expect(choice.tool).toBe(v3);
      expect(choice.byClient).toEqual(new Map([['legacy-app', v1]]));
    });

    it('should let a client pin win over the all-clients pin (rollback)', () => {
      const choice = choose({
        pinnedVersion: '2.0.0',
        clientVersionPins: { 'legacy-app': '1.0.0', 'new-app': '3.0.0' },
      });
      expect(choice.tool).toBe(v2);
      expect(choice.byClient).toEqual(
        new Map([
          ['legacy-app', v1],
          ['new-app', v3],
        ]),
      );
    });

    it('should leave out pins that serve what the client gets anyway', () => {
      expect(choose({ clientVersionPins: { 'up-to-date': '3.0.0' } }).byClient.size).toBe(0);
    });

    it('should fall back to the default for a pin no longer declared or approved', () => {
      const rejected = versions.map((row) =>
        row.version === '1.0.0' ? { ...row, status: 'rejected' as const } : row,
      );
      const pins = { clientVersionPins: { 'legacy-app': '1.0.0', gone: '0.9.0' } };
      const choice = choose(pins, rejected);
      expect(choice.tool).toBe(v3);
      expect(choice.byClient.size).toBe(0);
    });

    it('should never serve a pinned client a tool withheld from the others', () => {
      const pending = versions.map((row) => ({ ...row, status: 'pending' as const }));
      const choice = choose({ clientVersionPins: { 'legacy-app': '1.0.0' } }, pending);
      expect(choice).toMatchObject({ tool: undefined, withheld: 'pending_approval' });
      expect(choice.byClient.size).toBe(0);
    });
  });
});
