import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @HttpCode(200)
  @ApiOkResponse({ description: '{"status":"ok","db":"up"}' })
  @ApiServiceUnavailableResponse({ description: '{"status":"error","db":"down"}' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; db: string }> {
    try {
      await this.health.check([() => this.db.pingCheck('db', { timeout: 3000 })]);
      return { status: 'ok', db: 'up' };
    } catch {
      void reply.status(503);
      return { status: 'error', db: 'down' };
    }
  }
}
