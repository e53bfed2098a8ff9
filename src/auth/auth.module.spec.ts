import { mkdtemp, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  Controller,
  Get,
  Global,
  type INestApplication,
  Logger,
  Module,
  UseGuards,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type AppConfig, loadConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import type { Principal } from '../protocol/context/principal.js';
import { CapabilityRegistry } from '../protocol/capabilities/capability-registry.js';
import { AuthModule } from './auth.module.js';
import { loadOrCreateDevIssuerKey } from './dev-issuer/dev-issuer-key.store.js';
import { mintDevToken } from './dev-issuer/dev-token.minter.js';
import { AdminGuard } from './guards/admin.guard.js';
import { AdminRoles } from './guards/admin-roles.decorator.js';
import { CurrentPrincipal } from './guards/request-principal.js';
import { REQUEST_AUTHENTICATOR, type RequestAuthenticator } from './request-authenticator.js';

@Controller('admin/api')
@UseGuards(AdminGuard)
class WhoAmIController {
  @Get('whoami')
  whoami(@CurrentPrincipal() principal: Principal): { subject: string } {
    return { subject: principal.subject };
  }

  @Get('approvals')
  @AdminRoles('approver', 'auditor')
  approvals(@CurrentPrincipal() principal: Principal): { subject: string } {
    return { subject: principal.subject };
  }
}

const access = (scopes: string[]) => ({ roles: [], scopes, isPublic: false });
const registry = {
  tools: () => [{ access: access(['tools:call']) }, { access: access(['files:read']) }],
  resources: () => [{ access: access(['files:read']) }],
  resourceTemplates: () => [],
  prompts: () => [],
};

@Global()
@Module({
  providers: [{ provide: CapabilityRegistry, useValue: registry }],
  exports: [CapabilityRegistry],
})
class FakeRegistryModule {}

describe(AuthModule.name, () => {
  let dataDir: string;
  let config: AppConfig;
  let app: INestApplication;
  let base: string;

  const mint = async (subject: string, roles: string[]) =>
    mintDevToken(
      await loadOrCreateDevIssuerKey(dataDir),
      { issuer: 'http://127.0.0.1:3000', audience: config.auth.audience, tenantClaim: 'tenant' },
      { subject, roles, scopes: ['tools:call'], clientId: 'agent-a', tenant: 't1', ttlSeconds: 60 },
    );

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dataDir = await mkdtemp(join(tmpdir(), 'auth-module-'));
    config = loadConfig({ AUTH_DEV_ISSUER: 'true', MCP_DATA_DIR: dataDir });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), FakeRegistryModule, AuthModule.forRoot(config)],
      controllers: [WhoAmIController],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('should store the dev issuer key with mode 0600 and reuse it', async () => {
    const file = join(dataDir, 'dev-issuer', 'es256-private-key.pem');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const [first, second] = await Promise.all([
      loadOrCreateDevIssuerKey(dataDir),
      loadOrCreateDevIssuerKey(dataDir),
    ]);
    expect(first.kid).toBe(second.kid);
  });

  it('should serve the dev JWKS with public keys only', async () => {
    const body = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(body.keys[0]).not.toHaveProperty('d');
  });

  it.each(['oauth-protected-resource', 'oauth-protected-resource/mcp'])(
    'should serve RFC 9728 metadata at /.well-known/%s without a token',
    async (path) => {
      const response = await fetch(`${base}/.well-known/${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource: 'http://127.0.0.1:3000/mcp',
        authorization_servers: ['http://127.0.0.1:3000'],
        scopes_supported: ['files:read', 'tools:call'],
        bearer_methods_supported: ['header'],
        resource_name: 'enterprise-mcp-server',
      });
    },
  );

  it('should authenticate a minted dev token through REQUEST_AUTHENTICATOR', async () => {
    const authenticator = app.get<RequestAuthenticator>(REQUEST_AUTHENTICATOR);
    const token = await mint('alice', ['analyst']);
    const request = { headers: { authorization: `Bearer ${token}` } } as IncomingMessage;
    await expect(authenticator.authenticate(request)).resolves.toMatchObject({
      subject: 'alice',
      roles: ['analyst'],
      clientId: 'agent-a',
      tenant: 't1',
    });
  });

  it('should answer the admin API 401 with a challenge, 403 without role admin, 200 with it', async () => {
    const url = `${base}/admin/api/whoami`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe(
      'Bearer resource_metadata="http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp"',
    );
    expect(await anonymous.json()).toMatchObject({ statusCode: 401 });
    const forged = await fetch(url, { headers: { authorization: 'Bearer a.b.c' } });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toContain(
      'error="invalid_token", error_description="malformed token"',
    );
    const analyst = await fetch(url, {
      headers: { authorization: `Bearer ${await mint('bob', ['analyst'])}` },
    });
    expect(analyst.status).toBe(403);
    const admin = await fetch(url, {
      headers: { authorization: `Bearer ${await mint('carol', ['admin'])}` },
    });
    expect(admin.status).toBe(200);
    expect(await admin.json()).toEqual({ subject: 'carol' });
  });

  it('should admit one of the @AdminRoles of a route instead of admin', async () => {
    const url = `${base}/admin/api/approvals`;
    const approve = async (roles: string[]) =>
      fetch(url, { headers: { authorization: `Bearer ${await mint('dave', roles)}` } });
    expect((await approve(['auditor'])).status).toBe(200);
    expect((await approve(['analyst', 'approver'])).status).toBe(200);
    const admin = await approve(['admin']);
    expect(admin.status).toBe(403);
    expect(await admin.json()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'This admin route requires role approver or auditor',
    });
  });

  it('should refuse an empty role name in @AdminRoles', () => {
    expect(() => AdminRoles('approver', ' ')).toThrow('@AdminRoles: empty role name');
  });
});
