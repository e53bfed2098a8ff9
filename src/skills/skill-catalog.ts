import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { type LoadedSkill, SKILL_MANIFEST, SKILL_SCHEME, type SkillFile } from './loaded-skill.js';

/** SEP-2640 "Directory resources": what a subfolder is listed as. */
export const DIRECTORY_MIME_TYPE = 'inode/directory';

/** A skill as served: the loaded or approved version and its `skills/list` entry. */
export interface ServedSkill {
  readonly skill: LoadedSkill;
  /** `skill://<skill-path>/SKILL.md`: the skill's identity on the wire. */
  readonly uri: string;
  /** The SEP-2640 skill entry: `{ uri, frontmatter, resources: [{ uri, digest, size }] }`. */
  readonly entry: JsonObject;
}

/** One direct child of a directory resource, as `resources/directory/read` lists it. */
export interface DirectoryChild {
  readonly uri: string;
  readonly name: string;
  readonly mimeType: string;
  readonly size?: number;
}

/** A file or folder of a served skill, with every skill that contains it (nested skills). */
interface Located<T> {
  readonly owners: readonly ServedSkill[];
  readonly item: T;
}

/**
 * The served skills of this instance, indexed for the extension's methods: by URI of their
 * SKILL.md, by URI of every file, and by URI of every folder (`skill://<skill-path>` and its
 * subfolders, no trailing slash). Immutable: a change builds a new catalog.
 */
export class SkillCatalog {
  readonly skills: readonly ServedSkill[];
  private readonly byUri = new Map<string, ServedSkill>();
  private readonly files = new Map<string, Located<SkillFile>>();
  private readonly directories = new Map<string, Located<Map<string, DirectoryChild>>>();

  constructor(loaded: readonly LoadedSkill[]) {
    this.skills = loaded
      .map((skill) => servedSkill(skill))
      .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    for (const served of this.skills) {
      this.byUri.set(served.uri, served);
      this.indexFiles(served);
    }
  }

  /** A skill by the URI of its SKILL.md. */
  find(uri: string): ServedSkill | undefined {
    return this.byUri.get(uri);
  }

  file(uri: string): Located<SkillFile> | undefined {
    return this.files.get(uri);
  }

  directory(uri: string): Located<readonly DirectoryChild[]> | undefined {
    const found = this.directories.get(uri);
    if (found === undefined) return undefined;
    const children = [...found.item.values()].sort((a, b) => (a.uri < b.uri ? -1 : 1));
    return { owners: found.owners, item: children };
  }

  /** The `path@digest` of every served skill, to tell whether a new catalog differs. */
  identity(): string {
    return this.skills.map(({ skill }) => `${skill.path}@${skill.digest}`).join('\n');
  }

  private indexFiles(served: ServedSkill): void {
    const root = `${SKILL_SCHEME}${served.skill.path}`;
    this.directoryAt(root, served);
    for (const file of served.skill.files) {
      const owners = this.files.get(file.uri)?.owners ?? [];
      this.files.set(file.uri, { owners: [...owners, served], item: file });
      let parent = root;
      const segments = file.uri.slice(root.length + 1).split('/');
      for (const [index, segment] of segments.entries()) {
        const uri = `${parent}/${segment}`;
        const isFile = index === segments.length - 1;
        const child: DirectoryChild = isFile
          ? { uri, name: decodeURIComponent(segment), mimeType: file.mimeType, size: file.size }
          : { uri, name: decodeURIComponent(segment), mimeType: DIRECTORY_MIME_TYPE };
        this.directoryAt(parent, served).set(uri, child);
        if (!isFile) this.directoryAt(uri, served);
        parent = uri;
      }
    }
  }

  private directoryAt(uri: string, owner: ServedSkill): Map<string, DirectoryChild> {
    const found = this.directories.get(uri);
    if (found === undefined) {
      const children = new Map<string, DirectoryChild>();
      this.directories.set(uri, { owners: [owner], item: children });
      return children;
    }
    if (!found.owners.includes(owner)) {
      this.directories.set(uri, { owners: [...found.owners, owner], item: found.item });
    }
    return found.item;
  }
}

function servedSkill(skill: LoadedSkill): ServedSkill {
  const manifest = skill.files.find((file) => file.path === SKILL_MANIFEST);
  const uri = manifest?.uri ?? `${SKILL_SCHEME}${skill.path}/${SKILL_MANIFEST}`;
  return {
    skill,
    uri,
    entry: {
      uri,
      frontmatter: skill.frontmatter,
      resources: skill.files.map(({ uri: fileUri, digest, size }) => ({
        uri: fileUri,
        digest,
        size,
      })),
    },
  };
}
