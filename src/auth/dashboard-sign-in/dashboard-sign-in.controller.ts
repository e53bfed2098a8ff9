import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';

/** How the dashboard may sign in on this server, asked once by its sign-in page. */
export interface DashboardSignInOptions {
  /** Sign-in through the issuer, or `null` without one configured. */
  readonly offer: DashboardSignInOffer | null;
  /** Whether `/auth/dev/sign-in` exists (AuthModule), so the page asks it only then. */
  readonly devSignIn: boolean;
}

import { DashboardSignIn, type DashboardSignInOffer } from './dashboard-sign-in.service.js';

/**
 * The dashboard's sign-in through the configured issuer (README "The admin dashboard"): public,
 * like the issuer's own metadata, since a browser needs it before it has a token. Without
 * `AUTH_ISSUER` and `MCP_DASHBOARD_CLIENT_ID` the offer is `null` and the exchange 404. The page
 * learns here too whether the one-click development sign-in exists, so it never probes a 404.
 */
@Controller('auth/dashboard')
export class DashboardSignInController {
  constructor(private readonly signIn: DashboardSignIn) {}

  @Get('sign-in')
  @Header('Cache-Control', 'no-store')
  async offer(): Promise<DashboardSignInOptions> {
    return { offer: await this.signIn.offer(), devSignIn: this.signIn.devSignInServed() };
  }

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  exchange(@Body() body: unknown): Promise<{ accessToken: string }> {
    return this.signIn.exchange(body);
  }
}
