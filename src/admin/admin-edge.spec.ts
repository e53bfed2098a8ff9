import {
  type CanActivate,
  Controller,
  Delete,
  Get,
  Injectable,
  type Type,
  UseGuards,
} from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';

import { AdminGuard } from '../auth/guards/admin.guard.js';
import { behindAdminGuard } from './admin-edge.js';
import { AdminEdgeCheck } from './admin-edge.check.js';

@Injectable()
class AuditTrailGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Controller('admin/api/reports')
@UseGuards(AuditTrailGuard)
class ReportsController {
  @Get()
  list(): void {}
}

/** Declared outside AdminModule, and spelled so that only a case-blind match finds it. */
@Controller('Admin/API/stray')
class StrayController {
  @Get()
  list(): void {}

  @Delete(':id')
  @UseGuards(AdminGuard)
  remove(): void {}
}

@Controller('health-like')
class NotAdminController {
  @Get()
  ok(): void {}
}

/** AdminEdgeCheck of an app declaring `controllers`; AdminGuard replaced (never called). */
async function edgeCheckOf(...controllers: Type[]): Promise<AdminEdgeCheck> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers,
    providers: [AdminEdgeCheck],
  })
    .overrideGuard(AdminGuard)
    .useValue({ canActivate: () => false })
    .compile();
  return moduleRef.get(AdminEdgeCheck);
}

describe(behindAdminGuard.name, () => {
  it('should bind AdminGuard first of the controller guards, once', () => {
    expect(behindAdminGuard(ReportsController, ReportsController)).toEqual([
      ReportsController,
      ReportsController,
    ]);
    expect(Reflect.getMetadata(GUARDS_METADATA, ReportsController)).toEqual([
      AdminGuard,
      AuditTrailGuard,
    ]);
  });
});

describe(AdminEdgeCheck.name, () => {
  it('should refuse to start with an admin route that AdminGuard does not guard', async () => {
    const check = await edgeCheckOf(
      ...behindAdminGuard(ReportsController),
      StrayController,
      NotAdminController,
    );
    expect(() => check.onModuleInit()).toThrow(
      'Admin routes without AdminGuard: GET /Admin/API/stray (StrayController.list). Declare ' +
        'their controllers through behindAdminGuard in AdminModule',
    );
  });

  it('should start when every admin route is guarded', async () => {
    const check = await edgeCheckOf(...behindAdminGuard(ReportsController), NotAdminController);
    expect(() => check.onModuleInit()).not.toThrow();
  });
});
