import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { HealthResponseDto, mapHealth } from './dto/health.response';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @HttpCode(200)
  @ApiOkResponse({ type: HealthResponseDto, description: '{"status":"ok","db":"up"}' })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto, description: '{"status":"error","db":"down"}' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponseDto> {
    try {
      await this.health.check([() => this.db.pingCheck('db', { timeout: 3000 })]);
      return mapHealth('ok', 'up');
    } catch {
      void reply.status(503);
      return mapHealth('error', 'down');
    }
  }
}
