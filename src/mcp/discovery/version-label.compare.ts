const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Orders tool version labels: SemVer 2.0.0 precedence (§11: numeric core, a pre-release below
 * its release, pre-release identifiers numeric-before-alphanumeric) when both labels are
 * SemVer; otherwise plain code-unit string order, so any label set still has one order.
 * Negative when `a` precedes `b`.
 */
export function compareVersionLabels(a: string, b: string): number {
  const left = SEMVER.exec(a);
  const right = SEMVER.exec(b);
  if (left === null || right === null) return compareText(a, b);
  for (let group = 1; group <= 3; group++) {
    const difference = Number(left[group]) - Number(right[group]);
    if (difference !== 0) return Math.sign(difference);
  }
  return comparePreRelease(left[4], right[4]);
}

function comparePreRelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = compareIdentifier(left[i] as string, right[i] as string);
    if (order !== 0) return order;
  }
  return Math.sign(left.length - right.length);
}

function compareIdentifier(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
