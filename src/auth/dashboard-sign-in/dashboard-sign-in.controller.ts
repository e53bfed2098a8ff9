import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';

import { DashboardSignIn, type DashboardSignInOffer } from './dashboard-sign-in.service.js';

/**
 * The dashboard's sign-in through the configured issuer (README "The admin dashboard"): public,
 * like the issuer's own metadata, since a browser needs it before it has a token. AuthModule
 * registers it only with `AUTH_ISSUER` and `MCP_DASHBOARD_CLIENT_ID` set.
 */
@Controller('auth/dashboard')
export class DashboardSignInController {
  constructor(private readonly signIn: DashboardSignIn) {}

  @Get('sign-in')
  @Header('Cache-Control', 'no-store')
  offer(): Promise<DashboardSignInOffer> {
    return this.signIn.offer();
  }

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  exchange(@Body() body: unknown): Promise<{ accessToken: string }> {
    return this.signIn.exchange(body);
  }
}
