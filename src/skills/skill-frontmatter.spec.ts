import { describe, expect, it } from 'vitest';

import { parseSkillFrontmatter } from './skill-frontmatter.js';

const skill = (yaml: string): string => `---\n${yaml}\n---\n\n# Body\n`;

describe(parseSkillFrontmatter.name, () => {
  it('should return the frontmatter verbatim as JSON, with name and description', () => {
    const parsed = parseSkillFrontmatter(
      skill('name: pdf-tools\ndescription: Work with PDFs.\nmetadata:\n  version: "1.0"'),
      'pdf-tools',
    );
    expect(parsed).toEqual({
      frontmatter: {
        name: 'pdf-tools',
        description: 'Work with PDFs.',
        metadata: { version: '1.0' },
      },
      name: 'pdf-tools',
      description: 'Work with PDFs.',
    });
  });

  it('should accept a byte order mark and CRLF line ends', () => {
    const text = '\uFEFF---\r\nname: a\r\ndescription: b\r\n---\r\nbody';
    expect(parseSkillFrontmatter(text, 'a')).toMatchObject({ name: 'a', description: 'b' });
  });

  it.each([
    ['# No frontmatter', 'x', 'does not begin with a --- delimited YAML frontmatter'],
    [skill('name: [unclosed'), 'x', 'frontmatter is not valid YAML'],
    [skill('- a list'), 'x', 'frontmatter is not a YAML mapping'],
    [skill('description: no name'), 'x', 'frontmatter has no "name"'],
    [skill('name: Bad_Name\ndescription: d'), 'Bad_Name', 'breaks the naming rules'],
    [skill('name: a--b\ndescription: d'), 'a--b', 'breaks the naming rules'],
    [skill('name: other\ndescription: d'), 'folder', 'differs from its folder name "folder"'],
    [skill('name: x'), 'x', 'frontmatter has no "description"'],
    [skill(`name: x\ndescription: ${'d'.repeat(1025)}`), 'x', 'longer than 1024'],
    [
      skill('name: x\ndescription: d\nmetadata:\n  io.modelcontextprotocol/k: v'),
      'x',
      'uses the prefix MCP reserves',
    ],
  ])('should refuse %j, saying why', (text, folder, problem) => {
    const parsed = parseSkillFrontmatter(text, folder);
    expect(parsed).toEqual({ problem: expect.stringContaining(problem) });
  });
});
