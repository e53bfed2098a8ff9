import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { McpCoreModule } from '../mcp/mcp-core.module.js';
import { PostgresTaskStore } from './postgres-task.store.js';
import { TaskEntity } from './task.entity.js';
import { TaskRunner } from './task.runner.js';
import { TaskStore } from './task.store.js';
import { TasksExtension } from './tasks.extension.js';

/**
 * The tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663): tasks kept in Postgres
 * (`tasks`), run by {@link TaskRunner}, served by {@link TasksExtension}, which registers
 * itself with the MCP core at init. Needs DatabaseModule and EventsModule (global).
 */
@Module({
  imports: [McpCoreModule, TypeOrmModule.forFeature([TaskEntity])],
  providers: [{ provide: TaskStore, useClass: PostgresTaskStore }, TaskRunner, TasksExtension],
  exports: [TaskStore, TaskRunner],
})
export class TasksModule {}
