import { readFileSync } from 'node:fs';
import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { fontFiles } from '@probity/web';

/** Noto fonts from npm, served by Probity itself so Georgian and Urdu render offline. */
@ApiExcludeController()
@Controller('fonts')
export class FontsController {
  private readonly files = fontFiles();
  private readonly cache = new Map<string, Buffer>();

  @Get(':name')
  @Header('content-type', 'font/ttf')
  @Header('cache-control', 'public, max-age=604800, immutable')
  font(@Param('name') name: string): Buffer {
    // An own key only: `__proto__` or `constructor` would otherwise name Object.prototype's members.
    const path = Object.hasOwn(this.files, name) ? this.files[name] : undefined;
    if (typeof path !== 'string') throw new NotFoundException();
    let data = this.cache.get(name);
    if (!data) {
      data = readFileSync(path);
      this.cache.set(name, data);
    }
    return data;
  }
}
