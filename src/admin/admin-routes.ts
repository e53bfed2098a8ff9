import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

import { bindsAdminGuard } from './admin-edge.js';

/** Where the admin API is served (README, "Operate: the admin API"). */
export const ADMIN_API_PATH = '/admin/api';

export interface AdminRoute {
  /** `GET`, `PATCH`, … (`ALL` for `@All()`). */
  readonly method: string;
  /** As declared, with `:param` segments: `/admin/api/tools/:name`. */
  readonly path: string;
  /** `AdminToolsController.update`. */
  readonly handler: string;
  /** AdminGuard is bound to the controller or to the handler. */
  readonly guarded: boolean;
}

/**
 * Every route of the application under {@link ADMIN_API_PATH}, whichever module declares it,
 * read from the controllers' route metadata as Nest registers it with Express. Express matches
 * paths case-insensitively, so a controller at `Admin/API/x` counts too.
 */
export function findAdminRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
): AdminRoute[] {
  const routes: AdminRoute[] = [];
  for (const { metatype: controller } of discovery.getControllers()) {
    if (controller === null) continue;
    const prototype = controller.prototype as Record<string, object>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object; // a name getAllMethodNames found
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      for (const path of joinedPaths(pathsOf(controller), pathsOf(handler))) {
        if (!isAdminPath(path)) continue;
        routes.push({
          method: RequestMethod[method],
          path,
          handler: `${controller.name}.${name}`,
          guarded: bindsAdminGuard(controller) || bindsAdminGuard(handler),
        });
      }
    }
  }
  return routes;
}

function pathsOf(target: object): string[] {
  const paths = Reflect.getMetadata(PATH_METADATA, target) as string | string[] | undefined;
  return paths === undefined ? ['/'] : [paths].flat();
}

function joinedPaths(prefixes: string[], paths: string[]): string[] {
  return prefixes.flatMap((prefix) =>
    paths.map((path) => `/${prefix}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1')),
  );
}

function isAdminPath(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === ADMIN_API_PATH || lower.startsWith(`${ADMIN_API_PATH}/`);
}
