import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

import { findAdminRoutes } from './admin-routes.js';

/**
 * Refuses to start when a route under `/admin/api` is served without AdminGuard, i.e. by a
 * controller declared outside AdminModule (docs/security.md "Admin edge"). `onModuleInit` runs
 * after Nest registered the routes and before the server listens, so such a route never answers.
 */
@Injectable()
export class AdminEdgeCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const unguarded = findAdminRoutes(this.discovery, this.scanner).filter(
      (route) => !route.guarded,
    );
    if (unguarded.length === 0) return;
    const routes = unguarded.map((route) => `${route.method} ${route.path} (${route.handler})`);
    throw new Error(
      `Admin routes without AdminGuard: ${routes.join(', ')}. Declare their controllers ` +
        'through behindAdminGuard in AdminModule (docs/security.md "Admin edge").',
    );
  }
}
