import type { PageName } from '../router.js';

/**
 * The role each page's admin API needs (README "Operate: the admin API"): the approval queue is
 * for approvers, everything else for admins; neither implies the other.
 */
const ROLE_OF_PAGE: Readonly<Record<PageName, 'admin' | 'approver'>> = {
  Overview: 'admin',
  Tools: 'admin',
  Skills: 'admin',
  Upstreams: 'admin',
  Access: 'admin',
  Approvals: 'approver',
  Audit: 'admin',
  Sessions: 'admin',
};

/** The role `page` needs that `roles` lacks, or `undefined`. */
export function missingRole(page: PageName, roles: readonly string[]): string | undefined {
  const needed = ROLE_OF_PAGE[page];
  return roles.includes(needed) ? undefined : needed;
}

/** Where a token without role admin but with approver starts: the one page it may use. */
export function homePage(roles: readonly string[]): PageName {
  return !roles.includes('admin') && roles.includes('approver') ? 'Approvals' : 'Overview';
}

/** An admin API read the token's roles allow, to check a token before keeping it. */
export function probePath(roles: readonly string[]): string {
  return homePage(roles) === 'Approvals' ? '/approvals?limit=1' : '/tools';
}
