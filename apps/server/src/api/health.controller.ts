import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Readiness } from '@probity/database';
import { HealthResponseDto, LivenessResponseDto, ReadinessResponseDto, mapHealth, mapLiveness, mapReadiness } from './dto/health.response';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly readiness: Readiness,
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

  /** For an orchestrator's liveness probe: the process answers. A database outage is not a reason to restart it. */
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ type: LivenessResponseDto, description: '{"status":"ok"}' })
  live(): LivenessResponseDto {
    return mapLiveness();
  }

  /**
   * For a load balancer's health check: 200 when this server should get requests (database reachable, migrations
   * applied, job queue started, not stopping), else 503 with what is wrong.
   */
  @Get('ready')
  @HttpCode(200)
  @ApiOkResponse({
    type: ReadinessResponseDto,
    description: '{"status":"ok","db":"up","migrations":"applied","queue":"up","draining":false}',
  })
  @ApiServiceUnavailableResponse({ type: ReadinessResponseDto, description: 'not ready: the fields say why' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponseDto> {
    const report = await this.readiness.check();
    if (!report.ready) void reply.status(503);
    return mapReadiness(report);
  }
}
