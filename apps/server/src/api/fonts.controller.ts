import { readFileSync } from 'node:fs';
import { Controller, Get, Header, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assetVersions, fontFiles } from '@probity/web';

/** Noto fonts from npm, served by Probity itself so Georgian and Urdu render offline. */
@ApiExcludeController()
@Controller('fonts')
export class FontsController {
  private readonly files = fontFiles();
  private readonly cache = new Map<string, Buffer>();
  private readonly versions = assetVersions();

  @Get(':name')
  @Header('content-type', 'font/ttf')
  font(@Param('name') name: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    // An own key only: `__proto__` or `constructor` would otherwise name Object.prototype's members.
    const path = Object.hasOwn(this.files, name) ? this.files[name] : undefined;
    if (typeof path !== 'string') throw new NotFoundException();
    // A year for the URL with this build's hash (`{{asset}}` in the layout), five minutes otherwise.
    void reply.header('cache-control', this.versions.cacheControl(request.url));
    let data = this.cache.get(name);
    if (!data) {
      data = readFileSync(path);
      this.cache.set(name, data);
    }
    return data;
  }
}
